import assert from "node:assert/strict";
import { describe, it } from "node:test";
import ICAL from "ical.js";
import { samplePlan } from "../../test/fixtures/docx/sample-plan.ts";
import { renderIcs } from "./ics.ts";

const baseUrl = "https://workplan.example.org/";
const stamp = new Date("2023-12-01T12:00:00Z");

function events(ics: string) {
  const cal = new ICAL.Component(ICAL.parse(ics));
  return cal.getAllSubcomponents("vevent").map((v) => {
    const e = new ICAL.Event(v);
    return {
      uid: e.uid,
      summary: e.summary,
      start: e.startDate.toString(),
      end: e.endDate.toString(),
      allDay: e.startDate.isDate,
      url: String(v.getFirstPropertyValue("url")),
      status: String(v.getFirstPropertyValue("status")),
    };
  });
}

describe("renderIcs", () => {
  const ics = renderIcs(samplePlan(), { scope: "plan", baseUrl, stamp });
  const evs = events(ics);

  it("has an all-day event per activity on a known day or range and per dated occurrence", () => {
    // 3.1.1 planned date, 3.1.2 scheduled date, 3.2.2 range; 3.1.5's May/June occurrences are month-only.
    assert.deepEqual(
      evs.map((e) => e.uid),
      [
        "gealc-2023-3.1.1-planned@workplan",
        "gealc-2023-3.1.2-planned@workplan",
        "gealc-2023-3.2.2-planned@workplan",
      ],
    );
    assert.ok(evs.every((e) => e.allDay));
    assert.ok(ics.includes("\r\n"), "CRLF line ends");
  });

  it("prefers the status date to the planned window and makes DTEND exclusive", () => {
    const byUid = new Map(evs.map((e) => [e.uid, e]));
    assert.deepEqual(
      {
        start: byUid.get("gealc-2023-3.1.1-planned@workplan")?.start,
        end: byUid.get("gealc-2023-3.1.1-planned@workplan")?.end,
      },
      { start: "2023-09-19", end: "2023-09-20" },
    );
    const scheduled = byUid.get("gealc-2023-3.1.2-planned@workplan");
    assert.deepEqual([scheduled?.start, scheduled?.end], ["2023-11-20", "2023-11-21"]);
    const range = byUid.get("gealc-2023-3.2.2-planned@workplan");
    assert.deepEqual([range?.start, range?.end], ["2023-11-20", "2023-11-23"]);
    assert.equal(range?.summary, "3.2.2 Hold the meeting & approve documents");
  });

  it("links each event to the activity page of the portal", () => {
    assert.equal(evs[0]?.url, "https://workplan.example.org/gealc/2023/activities/3.1.1");
  });

  it("spans months when asked, with occurrence UIDs", () => {
    const all = events(
      renderIcs(samplePlan(), { scope: "network", baseUrl, stamp, months: "span" }),
    );
    const may = all.find((e) => e.uid.startsWith("gealc-2023-3.1.5-occ-2023-05-01-"));
    assert.deepEqual([may?.start, may?.end], ["2023-05-01", "2023-06-01"]);
    assert.match(may?.uid ?? "", /^gealc-2023-3\.1\.5-occ-2023-05-01-[0-9a-f]{8}@workplan$/);
    assert.ok(all.some((e) => /^gealc-2023-annex-2023-03-[0-9a-f]{8}@workplan$/.test(e.uid)));
    assert.equal(all.length, 6);
  });

  it("keeps occurrence and annex UIDs when an earlier one is inserted", () => {
    const opts = { scope: "network", baseUrl, stamp, months: "span" } as const;
    // What each event is (title and day) -> its UID.
    const uids = (plan: ReturnType<typeof samplePlan>) =>
      new Map(events(renderIcs(plan, opts)).map((e) => [`${e.summary} ${e.start}`, e.uid]));
    const before = uids(samplePlan());
    const plan = samplePlan();
    const activity = plan.areas.flatMap((a) => a.activities).find((a) => a.code === "3.1.5");
    assert.ok(activity);
    const april = { kind: "month", start: "2023-04-01", end: "2023-04-30", count: null } as const;
    activity.occurrences.unshift({ when: { ...april, text: "April" }, sources: [] });
    plan.annex.unshift({
      when: { ...april, start: "2023-02-01", end: "2023-02-28", text: "February" },
      title: "A workshop",
      sources: [],
    });
    const after = uids(plan);
    assert.equal(after.size, before.size + 2);
    for (const [what, uid] of before) assert.equal(after.get(what), uid, what);
  });

  it("tells true duplicates apart, in document order, ignoring footnote markers", () => {
    const plan = samplePlan();
    const activity = plan.areas.flatMap((a) => a.activities).find((a) => a.code === "3.1.5");
    const first = activity?.occurrences[0];
    assert.ok(activity && first);
    activity.occurrences.push(structuredClone(first));
    const item = plan.annex[0];
    assert.ok(item);
    plan.annex.push({ ...structuredClone(item), title: item.title.replace("[^8]", "[^9]") });
    const uids = events(renderIcs(plan, { scope: "network", baseUrl, stamp, months: "span" })).map(
      (e) => e.uid,
    );
    assert.equal(new Set(uids).size, uids.length);
    const may = uids.filter((u) => u.startsWith("gealc-2023-3.1.5-occ-2023-05-01-"));
    assert.equal(may.length, 2);
    assert.equal(may[1], may[0]?.replace("@workplan", "-2@workplan"));
    const annex = uids.filter((u) => u.startsWith("gealc-2023-annex-"));
    assert.equal(annex[1], annex[0]?.replace("@workplan", "-2@workplan"));
  });

  it("puts a network's plans of several years in one calendar without UID clashes", () => {
    const next = { ...samplePlan(), year: 2024 };
    const all = events(renderIcs([samplePlan(), next], { scope: "network", baseUrl, stamp }));
    assert.equal(all.length, 2 * evs.length);
    assert.equal(new Set(all.map((e) => e.uid)).size, all.length);
    assert.ok(all.some((e) => e.uid === "gealc-2024-3.1.1-planned@workplan"));
  });

  it("gives the same UIDs and bytes in two renders", () => {
    assert.equal(renderIcs(samplePlan(), { scope: "plan", baseUrl, stamp }), ics);
  });

  it("limits an area calendar to the area and refuses an unknown area", () => {
    const area = events(
      renderIcs(samplePlan(), { scope: "area", areaCode: "3.2", baseUrl, stamp }),
    );
    assert.deepEqual(
      area.map((e) => e.uid),
      ["gealc-2023-3.2.2-planned@workplan"],
    );
    assert.throws(
      () => renderIcs(samplePlan(), { scope: "area", areaCode: "9.9", baseUrl, stamp }),
      { code: "invalid_input" },
    );
  });
});
