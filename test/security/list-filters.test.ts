/**
 * Security suite: the API's list cursors and member-only filters. A cursor grants nothing
 * (sealed, bound to its list and version, never a way past authorization), and the
 * coordinator and link-status filters answer outsiders the same whether the plan exists
 * or not. On SQLite and PostgreSQL.
 */
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { importReport } from "../../src/app/import-report.ts";
import { body, openTestApp, type TestApp, testConfig } from "../../src/http/testing.ts";
import { testDialects } from "../helpers/db.ts";
import { smallPlan } from "../helpers/plans.ts";

const GEALC = "/api/v1/networks/gealc/plans/2023";
const OTHER = "/api/v1/networks/other/plans/2023";
const NOWHERE = "/api/v1/networks/other/plans/2099";
const SECRET = "a cursor secret for the tests";

const cursorOf = (next: string) => new URL(next, "http://x").searchParams.get("cursor") as string;
/** What an outsider learns from a refusal: everything but where it was asked. */
const refusal = (res: { statusCode: number; body: string }) => {
  const { instance: _i, requestId: _r, ...rest } = JSON.parse(res.body);
  return { status: res.statusCode, ...rest };
};

for (const dialect of testDialects()) {
  describe(`security: list cursors and member-only filters [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(dialect, { config: testConfig({ cursorSecret: SECRET }) });
      // A second network with a draft plan: nobody of gealc has a role there.
      await importReport(t.admin, {
        document: { ...smallPlan(), network: { slug: "other", name: "Other network" } },
      });
    });
    after(() => t.close());

    for (const filter of ["coordinator=me", "coordinator=admin@example.org"]) {
      test(`?${filter}: outsiders are refused alike whether the plan exists or not`, async () => {
        for (const as of [undefined, "editor"] as const) {
          const draft = await t.inject({
            url: `${OTHER}/activities?${filter}`,
            ...(as ? { as } : {}),
          });
          const none = await t.inject({
            url: `${NOWHERE}/activities?${filter}`,
            ...(as ? { as } : {}),
          });
          assert.equal(draft.statusCode, as ? 403 : 401, draft.body);
          assert.deepEqual(refusal(draft), refusal(none));
          assert.equal(body(draft).activities, undefined);
          assert.doesNotMatch(draft.body, /3\.1\.\d/);
        }
      });
    }

    test("?linkStatus: outsiders are refused alike whether the plan exists or not", async () => {
      const draft = await t.inject({ url: `${OTHER}/sources?linkStatus=broken`, as: "viewer" });
      const none = await t.inject({ url: `${NOWHERE}/sources?linkStatus=broken`, as: "viewer" });
      assert.equal(draft.statusCode, 403);
      assert.deepEqual(refusal(draft), refusal(none));
    });

    test("a member's cursor gives an anonymous caller nothing of a draft", async () => {
      const first = await t.inject({ url: `${GEALC}/activities?limit=2`, as: "editor" });
      assert.equal(first.statusCode, 200);
      const next = body(first).next as string;
      const anon = await t.inject({ url: next });
      assert.equal(anon.statusCode, 404);
      assert.equal(body(anon).activities, undefined);
      assert.doesNotMatch(anon.body, /3\.1\.\d/);
    });

    test("a cursor of one network's list is refused on another's", async () => {
      const mine = await t.inject({ url: `${OTHER}/sources?limit=2`, as: "admin" });
      const cursor = cursorOf(body(mine).next);
      const theirs = await t.inject({
        url: `${GEALC}/sources?limit=2&cursor=${encodeURIComponent(cursor)}`,
        as: "admin",
      });
      assert.equal(theirs.statusCode, 400);
      assert.equal(body(theirs).errors[0].path, "cursor");
    });

    test("with CURSOR_SECRET set, a cursor sealed with any other key is forged (400)", async () => {
      const first = await t.inject({ url: `${GEALC}/sources?limit=2`, as: "editor" });
      const [payload] = cursorOf(body(first).next).split(".") as [string];
      const position = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
      const jump = Buffer.from(JSON.stringify({ ...position, o: 6 })).toString("utf8");
      for (const key of ["workplan list cursors v1", "guess"]) {
        const tag = createHmac("sha256", key).update(jump).digest().subarray(0, 16);
        const forged = `${Buffer.from(jump).toString("base64url")}.${tag.toString("base64url")}`;
        const res = await t.inject({
          url: `${GEALC}/sources?limit=2&cursor=${encodeURIComponent(forged)}`,
          as: "editor",
        });
        assert.equal(res.statusCode, 400, key);
        assert.match(body(res).detail, /not valid/);
      }
      // The real key's seal holds: the same position, sealed right, is accepted.
      const tag = createHmac("sha256", SECRET).update(jump).digest().subarray(0, 16);
      const sealed = `${Buffer.from(jump).toString("base64url")}.${tag.toString("base64url")}`;
      const ok = await t.inject({
        url: `${GEALC}/sources?limit=2&cursor=${encodeURIComponent(sealed)}`,
        as: "editor",
      });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.deepEqual(
        body(ok).sources.map((s: { id: number }) => s.id),
        [7, 8],
      );
    });
  });
}
