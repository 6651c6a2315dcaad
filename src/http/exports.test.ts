import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { parse as parseCsv } from "csv-parse/sync";
import ICAL from "ical.js";
import { testDialects } from "../../test/helpers/db.ts";
import { approvePlan } from "../app/approve-plan.ts";
import { approveReport } from "../app/approve-report.ts";
import { publishReport } from "../app/publish-report.ts";
import { submitPlan } from "../app/submit-plan.ts";
import { openTestApp, type TestApp } from "./testing.ts";

const EXPORT = "/api/v1/networks/gealc/plans/2023/export";
const key = { network: "gealc", year: 2023 };

for (const dialect of testDialects()) {
  describe(`HTTP exports [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(dialect);
    });
    after(() => t.close());

    test("a draft plan exports nothing to anonymous callers, everything to a viewer", async () => {
      for (const format of ["docx", "csv", "ics", "iati", "json"]) {
        const anon = await t.inject({ method: "GET", url: `${EXPORT}?format=${format}` });
        assert.equal(anon.statusCode, 404, `${format} of a draft is hidden`);
      }
      const viewer = await t.inject({ method: "GET", url: `${EXPORT}?format=docx`, as: "viewer" });
      assert.equal(viewer.statusCode, 200);
      assert.equal(viewer.rawPayload.subarray(0, 2).toString("latin1"), "PK");
      assert.match(viewer.headers["content-type"] as string, /wordprocessingml/);
      assert.equal(
        viewer.headers["content-disposition"],
        'attachment; filename="gealc-2023-report.en.docx"',
      );
    });

    test("an unknown format is a 400 naming the query field", async () => {
      const res = await t.inject({ method: "GET", url: `${EXPORT}?format=odt`, as: "viewer" });
      assert.equal(res.statusCode, 400);
      assert.equal(JSON.parse(res.body).errors[0].path, "format");
    });

    test("approved: data is public; the report only once published", async () => {
      let plan = await submitPlan(t.admin, { ...key, expectedVersion: 1 });
      plan = await approvePlan(t.admin, {
        ...key,
        expectedVersion: plan.version,
        assembly: { ordinal: 16, date: "2022-11-11", place: "Lima, Peru" },
      });
      const csv = await t.inject({ method: "GET", url: `${EXPORT}?format=csv&table=sources` });
      assert.equal(csv.statusCode, 200);
      assert.match(csv.headers["content-type"] as string, /^text\/csv/);
      const rows: string[][] = parseCsv(csv.body);
      assert.ok(rows.length > 1, "a header and rows");
      assert.ok(rows[0]?.includes("url"), `header: ${rows[0]}`);
      assert.equal(
        (await t.inject({ method: "GET", url: `${EXPORT}?format=pdf` })).statusCode,
        404,
        "the report is not public before it is published",
      );

      plan = await approveReport(t.admin, { ...key, expectedVersion: plan.version });
      await publishReport(t.admin, { ...key, expectedVersion: plan.version });
      const md = await t.inject({ method: "GET", url: `${EXPORT}?format=md&lang=es` });
      assert.equal(md.statusCode, 200);
      assert.match(md.body, /## 3\) Áreas de trabajo/);
      const ics = await t.inject({ method: "GET", url: `${EXPORT}?format=ics` });
      assert.equal(ics.statusCode, 200);
      const cal = new ICAL.Component(ICAL.parse(ics.body));
      assert.ok(cal.getAllSubcomponents("vevent").length > 0, "the calendar has events");
      const again = await t.inject({
        method: "GET",
        url: `${EXPORT}?format=md&lang=es`,
        headers: { "if-none-match": md.headers.etag as string },
      });
      assert.equal(again.statusCode, 304);
    });
  });
}
