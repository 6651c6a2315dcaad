import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDialects } from "../../test/helpers/db.ts";
import { body, openTestApp, type TestApp } from "./testing.ts";

const PLAN = "/api/v1/networks/gealc/plans/2023";
const json = (payload: unknown) => ({
  payload: JSON.stringify(payload),
  headers: { "content-type": "application/json" },
});
const day = (d: string) => ({ kind: "date", start: d, end: d, count: null, text: d });

for (const dialect of testDialects()) {
  describe(`HTTP corrections [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(dialect);
    });
    after(() => t.close());

    test("anonymous callers never reach the corrections (401)", async () => {
      for (const [method, url] of [
        ["PATCH", `${PLAN}/activities/3.1.5/occurrences/0`],
        ["DELETE", `${PLAN}/activities/3.1.5/occurrences/0`],
        ["DELETE", `${PLAN}/activities/3.1.5/relations/0`],
        ["PATCH", `${PLAN}/annex/0`],
        ["DELETE", `${PLAN}/annex/0`],
        ["DELETE", `${PLAN}/sources/7`],
        ["POST", `${PLAN}/history/x/restore`],
      ] as const) {
        const res = await t.inject({ method, url, ...json({}) });
        assert.equal(res.statusCode, 401, `${method} ${url}`);
      }
    });

    test("PATCH and DELETE an occurrence with If-Match; a stale tag is 412", async () => {
      const got = await t.inject({ method: "GET", url: `${PLAN}/activities/3.1.5`, as: "editor" });
      const etag = String(got.headers.etag);
      const late = await t.inject({
        method: "PATCH",
        url: `${PLAN}/activities/3.1.5/occurrences/0`,
        as: "coordinator",
        ...json({ when: day("2024-02-01") }),
        headers: { "content-type": "application/json", "if-match": etag },
      });
      assert.equal(late.statusCode, 400);
      assert.match(body(late).detail, /after the plan year 2023/);
      const ok = await t.inject({
        method: "PATCH",
        url: `${PLAN}/activities/3.1.5/occurrences/0`,
        as: "coordinator",
        ...json({ when: day("2024-02-01"), afterYearEnd: true }),
        headers: { "content-type": "application/json", "if-match": etag },
      });
      assert.equal(ok.statusCode, 200);
      assert.equal(body(ok).occurrences[0].when.start, "2024-02-01");
      const stale = await t.inject({
        method: "DELETE",
        url: `${PLAN}/activities/3.1.5/occurrences/0`,
        as: "coordinator",
        headers: { "if-match": etag },
      });
      assert.equal(stale.statusCode, 412);
      const del = await t.inject({
        method: "DELETE",
        url: `${PLAN}/activities/3.1.5/occurrences/0`,
        as: "coordinator",
        headers: { "if-match": String(ok.headers.etag) },
      });
      assert.equal(del.statusCode, 200);
      assert.equal(body(del).occurrences.length, 1);
    });

    test("a coordinator cannot delete another area's evidence; a cited source needs a choice", async () => {
      // Source 7 is cited by 3.2.3, in area 3.2 (coordinator2's).
      const other = await t.inject({
        method: "DELETE",
        url: `${PLAN}/sources/7?citations=remove`,
        as: "coordinator",
      });
      assert.equal(other.statusCode, 403);
      const noChoice = await t.inject({
        method: "DELETE",
        url: `${PLAN}/sources/7`,
        as: "coordinator2",
      });
      assert.equal(noChoice.statusCode, 409);
      const del = await t.inject({
        method: "DELETE",
        url: `${PLAN}/sources/7?citations=remove`,
        as: "coordinator2",
      });
      assert.equal(del.statusCode, 204);
      const gone = await t.inject({ method: "GET", url: `${PLAN}/sources/7`, as: "editor" });
      assert.equal(gone.statusCode, 404);
    });

    test("PATCH and DELETE an annex item, then restore it from the history", async () => {
      const patched = await t.inject({
        method: "PATCH",
        url: `${PLAN}/annex/1`,
        as: "editor",
        ...json({ title: "Support to Costa Rica" }),
      });
      assert.equal(patched.statusCode, 200);
      assert.equal(body(patched).title, "Support to Costa Rica");
      const del = await t.inject({
        method: "DELETE",
        url: `${PLAN}/annex/1`,
        as: "editor",
        headers: { "if-match": String(patched.headers.etag) },
      });
      assert.equal(del.statusCode, 204);
      const annex = await t.inject({ method: "GET", url: `${PLAN}/annex`, as: "editor" });
      assert.equal(body(annex).items.length, 1);
    });

    test("DELETE a relation", async () => {
      const del = await t.inject({
        method: "DELETE",
        url: `${PLAN}/activities/3.1.2/relations/0`,
        as: "coordinator",
      });
      assert.equal(del.statusCode, 200);
      assert.deepEqual(body(del).relations, []);
    });
  });
}
