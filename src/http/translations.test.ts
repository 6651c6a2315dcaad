import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDialects } from "../../test/helpers/db.ts";
import { body, openTestApp, type TestApp } from "./testing.ts";

const PLAN = "/api/v1/networks/gealc/plans/2023";
const ES = `${PLAN}/translations/es`;
const put = (texts: Record<string, string | null>, headers: Record<string, string> = {}) => ({
  method: "PUT" as const,
  url: ES,
  payload: JSON.stringify({ texts }),
  headers: { "content-type": "application/json", ...headers },
});

for (const dialect of testDialects()) {
  describe(`HTTP translations [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(dialect);
    });
    after(() => t.close());

    test("GET lists every translatable text with its key, original and no translation yet", async () => {
      const res = await t.inject({ method: "GET", url: ES, as: "viewer" });
      assert.equal(res.statusCode, 200);
      const b = body(res);
      assert.equal(b.language, "es");
      assert.equal(b.originalLanguage, "en");
      assert.equal(b.translated, 0);
      assert.equal(b.total, b.texts.length);
      assert.ok(b.total > 20, `${b.total} texts`);
      const keys = b.texts.map((x: { key: string }) => x.key);
      for (const k of ["/network/name", "/title", "/background/0", "/areas/0/objective"])
        assert.ok(keys.includes(k), k);
      assert.ok(!keys.some((k: string) => /url/i.test(k)), "no URL is translatable");
      const title = b.texts.find((x: { key: string }) => x.key === "/areas/0/activities/0/title");
      assert.deepEqual(title.where, { section: "activity", ref: "3.1.1", field: "title" });
      assert.equal(title.translation, null);
      assert.equal(title.writable, false, "a viewer writes nothing");
      assert.match(String(res.headers.etag), /\.r\d+"$/);
    });

    test("anonymous callers get 401; a bad or original language is refused", async () => {
      assert.equal((await t.inject({ method: "GET", url: ES })).statusCode, 401);
      assert.equal((await t.inject(put({ "/title": "x" }))).statusCode, 401);
      const fr = await t.inject({ method: "GET", url: `${PLAN}/translations/fr`, as: "editor" });
      assert.equal(fr.statusCode, 400);
      const en = await t.inject({ method: "GET", url: `${PLAN}/translations/en`, as: "editor" });
      assert.equal(en.statusCode, 409);
      const enPut = await t.inject({
        ...put({ "/title": "x" }),
        url: `${PLAN}/translations/en`,
        as: "editor",
      });
      assert.equal(enPut.statusCode, 409);
      const none = await t.inject({
        method: "GET",
        url: "/api/v1/networks/gealc/plans/2031/translations/es",
        as: "editor",
      });
      assert.equal(none.statusCode, 404);
    });

    test("an editor writes a batch in Spanish; the original stays; the document reads it", async () => {
      const got = await t.inject({ method: "GET", url: ES, as: "editor" });
      const etag = String(got.headers.etag);
      const res = await t.inject({
        ...put(
          {
            "/network/name": "Red GEALC",
            "/background/0": "Antecedentes <b>uno</b>",
            "/areas/0/activities/0/status/text": "Ejecutada.",
          },
          { "if-match": etag },
        ),
        as: "editor",
      });
      assert.equal(res.statusCode, 200, res.body);
      const b = body(res);
      assert.equal(b.translated, 3);
      assert.deepEqual(b.changed.sort(), [
        "/areas/0/activities/0/status/text",
        "/background/0",
        "/network/name",
      ]);
      assert.notEqual(String(res.headers.etag), etag);
      const es = body(await t.inject({ method: "GET", url: `${PLAN}?lang=es`, as: "editor" }));
      assert.equal(es.network.name, "Red GEALC");
      assert.equal(es.background[0], "Antecedentes <b>uno</b>");
      const en = body(await t.inject({ method: "GET", url: PLAN, as: "editor" }));
      assert.equal(en.language, "en");
      assert.equal(en.network.name, "GEALC Network");
      assert.notEqual(en.background[0], "Antecedentes <b>uno</b>");
      // The same ETag again is stale: nothing changes.
      const stale = await t.inject({
        ...put({ "/title": "Plan" }, { "if-match": etag }),
        as: "editor",
      });
      assert.equal(stale.statusCode, 412);
      const after412 = body(await t.inject({ method: "GET", url: ES, as: "editor" }));
      assert.equal(
        after412.texts.find((x: { key: string }) => x.key === "/title").translation,
        null,
      );
      // `expected` checks the texts themselves: stale → 412, current → written.
      const staleText = await t.inject({
        method: "PUT",
        url: ES,
        as: "editor",
        headers: { "content-type": "application/json" },
        payload: JSON.stringify({
          texts: { "/network/name": "Red" },
          expected: { "/network/name": null },
        }),
      });
      assert.equal(staleText.statusCode, 412);
      const fresh = await t.inject({
        method: "PUT",
        url: ES,
        as: "editor",
        headers: { "content-type": "application/json" },
        payload: JSON.stringify({
          texts: { "/network/name": "Red GEALC", "/title": null },
          expected: { "/network/name": "Red GEALC", "/title": null },
        }),
      });
      assert.equal(fresh.statusCode, 200, fresh.body);
      // null removes a translation.
      const removed = await t.inject({ ...put({ "/background/0": null }), as: "editor" });
      assert.equal(body(removed).translated, 2);
      // The history has it.
      const hist = await t.db
        .selectFrom("audit_log")
        .select(["action"])
        .where("action", "=", "plan.translate")
        .execute();
      assert.equal(hist.length, 2);
    });

    test("per network: a viewer and another network's admin are refused, a coordinator only in their areas", async () => {
      const viewer = await t.inject({ ...put({ "/title": "Plan" }), as: "viewer" });
      assert.equal(viewer.statusCode, 403);
      const own = await t.inject({
        ...put({ "/areas/0/activities/1/title": "Actividad dos" }),
        as: "coordinator",
      });
      assert.equal(own.statusCode, 200, own.body);
      const other = await t.inject({
        ...put({ "/areas/1/activities/0/title": "Actividad de otra área" }),
        as: "coordinator",
      });
      assert.equal(other.statusCode, 403);
      const planTitle = await t.inject({ ...put({ "/title": "Plan" }), as: "coordinator" });
      assert.equal(planTitle.statusCode, 403);
      // Nothing of a refused batch was written.
      const b = body(await t.inject({ method: "GET", url: ES, as: "viewer" }));
      assert.equal(b.texts.find((x: { key: string }) => x.key === "/title").translation, null);
    });

    test("unknown keys, empty batches and texts over the limit are refused, naming the key", async () => {
      const unknown = await t.inject({ ...put({ "/areas/0/url": "x" }), as: "editor" });
      assert.equal(unknown.statusCode, 400);
      assert.match(body(unknown).detail, /\/areas\/0\/url/);
      const empty = await t.inject({ ...put({}), as: "editor" });
      assert.equal(empty.statusCode, 400);
      const long = await t.inject({ ...put({ "/title": "x".repeat(20_001) }), as: "editor" });
      assert.equal(long.statusCode, 422);
      assert.match(long.body, /characters_per_text/);
    });

    test("another network's members do not see the translation; the OpenAPI names the operations", async () => {
      const { createUser } = await import("../app/create-user.ts");
      const { createApiToken } = await import("../app/create-api-token.ts");
      const { importReport } = await import("../app/import-report.ts");
      const { smallPlan } = await import("../../test/helpers/plans.ts");
      const doc = smallPlan();
      await importReport(t.admin, {
        document: { ...doc, network: { slug: "other", name: "Other Network" } },
      });
      const u = await createUser(t.admin, {
        email: "otheradmin@example.org",
        name: "Other",
        role: "admin",
        network: "other",
      });
      const tok = (await createApiToken(t.admin, { userId: u.id, name: "t" })).token;
      const auth = { authorization: `Bearer ${tok}` };
      const get = await t.app.inject({ method: "GET", url: ES, headers: auth });
      assert.equal(get.statusCode, 404);
      const w = await t.app.inject({ ...put({ "/title": "Plan" }, auth) });
      assert.ok([403, 404].includes(w.statusCode), String(w.statusCode));
      const api = body(await t.inject({ method: "GET", url: "/api/openapi.json" }));
      const op = api.paths["/api/v1/networks/{net}/plans/{year}/translations/{lang}"];
      assert.equal(op.get.operationId, "getPlanTranslation");
      assert.equal(op.put.operationId, "updatePlanTranslation");
    });
  });
}
