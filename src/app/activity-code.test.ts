import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { it } from "node:test";
import { admin, editor, forEachDialect, snapshot, testDeps } from "../../test/helpers/db.ts";
import { smallPlan } from "../../test/helpers/plans.ts";
import { carryOver } from "../core/carry-over.ts";
import { PlanDocument } from "../core/plan.ts";
import { findActivity } from "../db/activity.repository.ts";
import { findArea } from "../db/area.repository.ts";
import { getPlan } from "../db/plan.repository.ts";
import { parseTextReport } from "../import/parse-text-report.ts";
import { renderMarkdown } from "../render/markdown.ts";
import { checkPlanDocument } from "./check-plan-document.ts";
import { createActivity } from "./create-activity.ts";
import { getPlanDocument } from "./get-plan-document.ts";
import { importReport } from "./import-report.ts";
import { updateActivity } from "./update-activity.ts";
import { updateArea } from "./update-area.ts";

const ref = { network: "gealc", year: 2023 };
type Coded = { code?: string; details?: { path?: string }[] };
const invalidAt = (path: string) => (e: Coded) =>
  e.code === "invalid_input" && e.details?.[0]?.path === path;

it("checkPlanDocument refuses an activity numbered outside its area", () => {
  const doc = smallPlan();
  const [first] = doc.areas;
  assert.ok(first?.activities[0]);
  first.activities[0].code = "3.2.9";
  assert.throws(() => checkPlanDocument(doc), invalidAt("areas.0.activities.0.code"));
  // "3.10.1" is not inside 3.1 either: the area code is followed by a dot.
  first.activities[0].code = "3.10.1";
  assert.throws(() => checkPlanDocument(doc), invalidAt("areas.0.activities.0.code"));
  first.activities[0].code = "3.1.9";
  assert.doesNotThrow(() => checkPlanDocument(doc));
});

const jan2024 = {
  kind: "month" as const,
  start: "2024-01-01",
  end: "2024-01-31",
  count: null,
  text: "January 2024",
};

it("checkPlanDocument refuses a planned window outside the plan year, not a later status", () => {
  const doc = smallPlan();
  // 3.2.1 is postponed to "February to March 2024": a status may lie after the year.
  assert.equal(doc.areas[1]?.activities[0]?.status.when?.start, "2024-02-01");
  assert.doesNotThrow(() => checkPlanDocument(doc));
  const a = doc.areas[0]?.activities[1];
  assert.ok(a);
  a.planned = jan2024;
  assert.throws(() => checkPlanDocument(doc), invalidAt("areas.0.activities.1.planned"));
  a.planned = { ...jan2024, start: "2023-12-01", text: "December 2023 to January 2024" };
  assert.throws(() => checkPlanDocument(doc), invalidAt("areas.0.activities.1.planned"));
});

it("a carried-over plan keeps to the rules (valid timings inside the next year)", () => {
  const next = carryOver(smallPlan(), null).plan;
  assert.equal(next.year, 2024);
  assert.ok(next.areas.some((a) => a.activities.length > 0));
  assert.doesNotThrow(() => PlanDocument.parse(next));
  assert.doesNotThrow(() => checkPlanDocument(next));
});

forEachDialect("an activity's code lies inside its area", (t) => {
  const deps = () => testDeps(t.db, editor);
  const version = async (code: string) =>
    (await findActivity(t.db, await getPlan(t.db, "gealc", 2023), code, "en"))?.version ?? 0;

  it("import refuses a document with an activity outside its area, storing nothing", async () => {
    const doc = smallPlan();
    const area = doc.areas[1];
    assert.ok(area?.activities[0]);
    area.activities[0].code = "3.1.7";
    const before = await snapshot(t.db);
    await assert.rejects(
      importReport(testDeps(t.db, admin), { document: doc }),
      invalidAt("areas.1.activities.0.code"),
    );
    assert.deepEqual(await snapshot(t.db), before);
  });

  it("create and update refuse a code outside the area, on the field `code`", async () => {
    await importReport(testDeps(t.db, admin), { document: smallPlan() });
    const before = await snapshot(t.db);
    await assert.rejects(
      createActivity(deps(), {
        ...ref,
        areaCode: "3.1",
        code: "9.9.9",
        title: "Misplaced",
        location: { kind: "unspecified", text: "", city: null, country: null },
        planned: { kind: "unspecified", start: null, end: null, count: null, text: "" },
      }),
      invalidAt("code"),
    );
    await assert.rejects(
      updateActivity(deps(), {
        ...ref,
        code: "3.1.1",
        expectedVersion: await version("3.1.1"),
        newCode: "3.2.9",
      }),
      invalidAt("code"),
    );
    assert.deepEqual(await snapshot(t.db), before);
    const moved = await updateActivity(deps(), {
      ...ref,
      code: "3.1.1",
      expectedVersion: await version("3.1.1"),
      newCode: "3.1.8",
    });
    assert.equal(moved.activity.code, "3.1.8");
  });

  it("create and update refuse a planned time outside the plan year, on `planned`", async () => {
    const before = await snapshot(t.db);
    await assert.rejects(
      createActivity(deps(), {
        ...ref,
        areaCode: "3.1",
        code: "3.1.9",
        title: "Next year's",
        location: { kind: "unspecified", text: "", city: null, country: null },
        planned: jan2024,
      }),
      invalidAt("planned"),
    );
    await assert.rejects(
      updateActivity(deps(), {
        ...ref,
        code: "3.1.2",
        expectedVersion: await version("3.1.2"),
        planned: jan2024,
      }),
      invalidAt("planned"),
    );
    assert.deepEqual(await snapshot(t.db), before);
  });
});

forEachDialect("renaming an area", (t) => {
  it("renumbers its activities and the relations that point at them", async () => {
    const example = PlanDocument.parse(
      JSON.parse(
        readFileSync(new URL("../../examples/gealc-2023/plan.json", import.meta.url), "utf8"),
      ),
    );
    const deps = testDeps(t.db, editor);
    await importReport(testDeps(t.db, admin), { document: example });
    const area = await findArea(t.db, await getPlan(t.db, "gealc", 2023), "3.6", "en");
    assert.ok(area, "area 3.6");
    await updateArea(deps, { ...ref, code: "3.6", newCode: "3.11", expectedVersion: area.version });
    const { document } = await getPlanDocument(deps, ref);
    const moved = document.areas.find((a) => a.code === "3.11");
    assert.deepEqual(
      moved?.activities.map((a) => a.code),
      ["3.11.1", "3.11.2", "3.11.3", "3.11.4", "3.11.5"],
    );
    const joint = document.areas.flatMap((a) => a.activities).find((a) => a.code === "3.5.3");
    assert.deepEqual(joint?.relations, [{ kind: "joint", activity: "3.11.4", source: 34 }]);
    // The report the store writes reads back to the same plan.
    assert.doesNotThrow(() => checkPlanDocument(document));
    // (Footnote 34 still says "(3.6.4)" in words: people's notes are not rewritten, so the
    // relation it declared is compared by the stored data above, not by re-reading the note.)
    const back = parseTextReport(renderMarkdown(document), { fileName: "r.md" }).plan;
    const codes = (d: PlanDocument) => d.areas.flatMap((a) => a.activities.map((x) => x.code));
    assert.deepEqual(codes(back), codes(document));
  });
});
