import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import ICAL from "ical.js";
import { get, signIn, USERS, type WebTestApp, webTestApp } from "../../test/browser/web-app.ts";
import { gealc2023 } from "../../test/fixtures/gealc-2023-tracking.ts";
import { needs, toolPath } from "../../test/helpers/tools.ts";
import { planTable, TABLE_NAMES } from "../render/csv.ts";

/** The events of an .ics body, parsed by ical.js (throws on a malformed calendar). */
function events(ics: string) {
  const cal = new ICAL.Component(ICAL.parse(ics));
  assert.equal(cal.name, "vcalendar");
  return cal.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
}

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const REPORT_TYPES = {
  html: "text/html; charset=utf-8",
  md: "text/markdown; charset=utf-8",
  docx: DOCX,
  json: "application/json; charset=utf-8",
} as const;

describe("portal downloads (published report)", () => {
  let t: WebTestApp;
  before(async () => {
    t = await webTestApp();
    await t.advance("published");
  });
  after(() => t.close());

  for (const lang of ["en", "es", "pt"] as const) {
    for (const [ext, type] of Object.entries(REPORT_TYPES)) {
      test(`report.${lang}.${ext}: ${type}, an attachment with its file name`, async () => {
        const r = await get(t, `/gealc/2023/reports/report.${lang}.${ext}`);
        assert.equal(r.statusCode, 200, r.body.slice(0, 300));
        assert.equal(r.headers["content-type"], type);
        assert.equal(
          r.headers["content-disposition"],
          `attachment; filename="gealc-2023-report.${lang}.${ext}"`.replace(
            `report.${lang}.json`,
            "plan.json",
          ),
        );
        assert.equal(r.headers["cache-control"], "public, max-age=300");
        if (ext === "docx") assert.equal(r.rawPayload.subarray(0, 2).toString(), "PK");
        if (ext === "json") assert.equal(JSON.parse(r.body).year, 2023);
        if (ext === "html") {
          assert.match(r.body, new RegExp(`<html lang="${lang}"`));
          // The report's own stylesheet is inline; still no script may run.
          assert.match(String(r.headers["content-security-policy"]), /default-src 'none'/);
        }
        if (ext === "md") assert.match(r.body, /Cross-border services/);
      });
    }
  }

  test("an unknown report file or language is a 404", async () => {
    for (const f of ["report.fr.md", "report.en.exe", "plan.en.md"]) {
      assert.equal((await get(t, `/gealc/2023/reports/${f}`)).statusCode, 404, f);
    }
    assert.equal((await get(t, "/gealc/2023/data/secrets.csv")).statusCode, 404);
  });

  for (const table of TABLE_NAMES) {
    test(`${table}.csv: text/csv with its header row`, async () => {
      const r = await get(t, `/gealc/2023/data/${table}.csv`);
      assert.equal(r.statusCode, 200);
      assert.equal(r.headers["content-type"], "text/csv; charset=utf-8");
      assert.equal(
        r.headers["content-disposition"],
        `attachment; filename="gealc-2023-${table}.csv"`,
      );
      const header = planTable(gealc2023(), table)
        .columns.map((c) => c.key)
        .join(",");
      assert.equal(r.body.split(/\r?\n/)[0], header);
    });
  }

  test("activities.csv has one row per activity", async () => {
    const r = await get(t, "/gealc/2023/data/activities.csv");
    assert.match(r.body.split(/\r?\n/)[0] ?? "", /^network,year,area,area_title,code,title,/);
    assert.match(r.body, /\ngealc,2023,3\.1,/);
  });

  test("plan.xlsx, iati.xml and plan.json", async () => {
    const x = await get(t, "/gealc/2023/data/plan.xlsx");
    assert.equal(x.headers["content-type"], XLSX);
    assert.equal(x.headers["content-disposition"], 'attachment; filename="gealc-2023.xlsx"');
    assert.equal(x.rawPayload.subarray(0, 2).toString(), "PK");
    const iati = await get(t, "/gealc/2023/data/iati.xml");
    assert.equal(iati.headers["content-type"], "application/xml; charset=utf-8");
    assert.equal(iati.headers["content-disposition"], 'attachment; filename="gealc-2023-iati.xml"');
    assert.match(iati.body, /<iati-activities[\s>]/);
    const json = await get(t, "/gealc/2023/data/plan.json?lang=en");
    assert.equal(json.headers["content-type"], "application/json; charset=utf-8");
    assert.equal(
      json.headers["content-disposition"],
      'attachment; filename="gealc-2023-plan.json"',
    );
    const doc = JSON.parse(json.body);
    assert.equal(doc.network.slug, "gealc");
    assert.ok(doc.areas.length > 0);
  });

  test("the plan's calendar parses with ical.js and links back to activity pages", async () => {
    const r = await get(t, "/gealc/2023/calendar.ics");
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers["content-type"], "text/calendar; charset=utf-8");
    assert.equal(r.headers["content-disposition"], 'attachment; filename="gealc-2023.ics"');
    const list = events(r.body);
    assert.ok(list.length > 5, `${list.length} events`);
    assert.ok(list.every((e) => e.uid.startsWith("gealc-2023-")));
    assert.match(r.body, /URL[^:]*:http:\/\/127\.0\.0\.1:3000\/gealc\/2023\/activities\//);
  });

  test("an area's calendar has only that area's events; an unknown area is a 404", async () => {
    const r = await get(t, "/gealc/2023/areas/3.1/calendar.ics");
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers["content-disposition"], 'attachment; filename="gealc-2023-3.1.ics"');
    const list = events(r.body);
    assert.ok(list.length > 0);
    assert.ok(
      list.every((e) => /^gealc-2023-3\.1\.\d+-/.test(e.uid)),
      "only 3.1.x",
    );
    assert.equal((await get(t, "/gealc/2023/areas/9.9/calendar.ics")).statusCode, 404);
  });

  test("the network's calendar holds every plan readable", async () => {
    const r = await get(t, "/gealc/calendar.ics");
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers["content-type"], "text/calendar; charset=utf-8");
    assert.equal(r.headers["content-disposition"], 'attachment; filename="gealc.ics"');
    const plan = events((await get(t, "/gealc/2023/calendar.ics")).body);
    assert.equal(events(r.body).length, plan.length);
    assert.equal((await get(t, "/nowhere/calendar.ics")).statusCode, 404);
  });

  test("the pages link every download", async () => {
    const reports = await get(t, "/gealc/2023/reports?lang=en");
    for (const l of ["en", "es", "pt"]) {
      for (const f of ["html", "md", "docx", "pdf", "json"]) {
        assert.match(reports.body, new RegExp(`href="/gealc/2023/reports/report\\.${l}\\.${f}"`));
      }
    }
    for (const f of ["activities.csv", "occurrences.csv", "sources.csv", "plan.xlsx", "iati.xml"]) {
      assert.match(
        reports.body,
        new RegExp(`href="/gealc/2023/data/${f.replace(".", "\\.")}\\?lang=en"`),
      );
    }
    const plan = await get(t, "/gealc/2023?lang=en");
    assert.match(plan.body, /href="\/gealc\/2023\/data\/activities\.csv\?lang=en"/);
    assert.match(plan.body, /href="\/gealc\/2023\/calendar\.ics\?lang=en"/);
    assert.match(plan.body, /href="\/gealc\/calendar\.ics\?lang=en"/);
    const area = await get(t, "/gealc/2023/areas/3.1?lang=en");
    assert.match(area.body, /href="\/gealc\/2023\/areas\/3\.1\/calendar\.ics\?lang=en"/);
    const home = await get(t, "/gealc?lang=en");
    assert.match(home.body, /href="\/gealc\/calendar\.ics\?lang=en"/);
  });
});

describe("portal downloads: the report PDF", { skip: needs("chromium") }, () => {
  let t: WebTestApp;
  let dir: string;
  const launches = () => readFileSync(join(dir, "launches"), "utf8").split("\n").length - 1;
  before(async () => {
    // Chromium behind a script that counts its launches, to see the cache at work.
    dir = mkdtempSync(join(tmpdir(), "wp-pdf-"));
    const counting = join(dir, "chromium");
    writeFileSync(join(dir, "launches"), "");
    writeFileSync(
      counting,
      `#!/bin/sh\necho launch >> '${join(dir, "launches")}'\nexec '${toolPath("chromium")}' "$@"\n`,
      { mode: 0o755 },
    );
    t = await webTestApp({ chromiumPath: counting });
    await t.advance("published");
  });
  after(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("printed by Chromium once: the second download comes from the cache", async () => {
    const first = await get(t, "/gealc/2023/reports/report.es.pdf");
    assert.equal(first.statusCode, 200, first.body.slice(0, 300));
    assert.equal(first.headers["content-type"], "application/pdf");
    assert.equal(
      first.headers["content-disposition"],
      'attachment; filename="gealc-2023-report.es.pdf"',
    );
    assert.equal(first.rawPayload.subarray(0, 5).toString(), "%PDF-");
    assert.equal(launches(), 1);
    const second = await get(t, "/gealc/2023/reports/report.es.pdf");
    assert.ok(second.rawPayload.equals(first.rawPayload), "the same bytes");
    assert.equal(launches(), 1, "not printed again");
  });
});

describe("portal downloads of a draft", () => {
  let t: WebTestApp;
  before(async () => {
    t = await webTestApp();
  });
  after(() => t.close());

  const URLS = [
    "/gealc/2023/reports/report.en.html",
    "/gealc/2023/reports/report.es.md",
    "/gealc/2023/reports/report.pt.docx",
    "/gealc/2023/reports/report.en.pdf",
    "/gealc/2023/reports/report.en.json",
    "/gealc/2023/data/activities.csv",
    "/gealc/2023/data/occurrences.csv",
    "/gealc/2023/data/sources.csv",
    "/gealc/2023/data/plan.xlsx",
    "/gealc/2023/data/iati.xml",
    "/gealc/2023/data/plan.json",
    "/gealc/2023/calendar.ics",
    "/gealc/2023/areas/3.1/calendar.ics",
    "/gealc/calendar.ics",
  ];

  test("every download of a draft plan is a 404 to anonymous visitors", async () => {
    for (const url of URLS) assert.equal((await get(t, url)).statusCode, 404, url);
  });

  test("an editor gets the draft, marked, and not publicly cacheable", async () => {
    const jar = await signIn(t, USERS.editor);
    const md = await get(t, "/gealc/2023/reports/report.en.md", jar);
    assert.equal(md.statusCode, 200);
    assert.match(md.body, /^For PUBLIC distribution\n\n\(once approved\)/);
    assert.equal(md.headers["cache-control"], "private, no-store");
    assert.equal((await get(t, "/gealc/2023/data/activities.csv", jar)).statusCode, 200);
  });

  test("approved, report unpublished: the plan's data and calendar, never the report", async () => {
    await t.advance("approved");
    for (const url of ["/gealc/2023/data/activities.csv", "/gealc/2023/calendar.ics"]) {
      assert.equal((await get(t, url)).statusCode, 200, url);
    }
    for (const url of URLS.filter((u) => u.includes("/reports/"))) {
      assert.equal((await get(t, url)).statusCode, 404, url);
    }
    // The open data leaves the unpublished execution out.
    const json = JSON.parse((await get(t, "/gealc/2023/data/plan.json")).body);
    assert.ok(
      json.areas.every((a: { activities: { occurrences: unknown[] }[] }) =>
        a.activities.every((x) => x.occurrences.length === 0),
      ),
    );
  });
});

describe("PDF without Chromium", () => {
  let t: WebTestApp;
  before(async () => {
    t = await webTestApp({ chromiumPath: "/nonexistent/chromium" });
    await t.advance("published");
  });
  after(() => t.close());

  test("a clear 503 page, not a crash; the other formats still work", async () => {
    const r = await get(t, "/gealc/2023/reports/report.en.pdf");
    assert.equal(r.statusCode, 503);
    assert.match(String(r.headers["content-type"]), /^text\/html/);
    assert.match(r.body, /<h1>Temporarily unavailable<\/h1>/);
    assert.match(r.body, /PDF files cannot be made on this server right now/);
    assert.doesNotMatch(r.body, /nonexistent/, "no server path shown");
    assert.equal((await get(t, "/gealc/2023/reports/report.en.docx")).statusCode, 200);
    // A failure is not cached: asked again, the same clear answer.
    assert.equal((await get(t, "/gealc/2023/reports/report.en.pdf")).statusCode, 503);
  });
});
