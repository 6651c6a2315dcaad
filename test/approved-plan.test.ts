/**
 * Before its report's first edition, the public reads an approved plan as frozen at approval
 * and anew at each recorded amendment: a translation edited through the API (or the editor)
 * reaches no anonymous view until then, in any language or at any edge.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import type { PlanDocument } from "../src/core/plan.ts";
import { seed, type Tokens, testConfig } from "../src/http/testing.ts";
import { buildServer } from "../src/server/build-server.ts";
import { openTestDb, testDialects } from "./helpers/db.ts";
import { approveAtAssembly } from "./helpers/lifecycle.ts";

const example = (): PlanDocument =>
  JSON.parse(readFileSync(new URL("../examples/gealc-2023/plan.json", import.meta.url), "utf8"));

const API = "/api/v1/networks/gealc/plans/2023";

/** What an anonymous reader gets, in Spanish and in the plan's language, at every edge. */
const PUBLIC = {
  json: `${API}?lang=es`,
  jsonEn: `${API}?lang=en`,
  activity: `${API}/activities/3.2.3?lang=es`,
  list: "/api/v1/networks/gealc/plans?lang=es",
  csv: `${API}/export?format=csv&lang=es`,
  page: "/gealc/2023/activities/3.2.3?lang=es",
  planPage: "/gealc/2023?lang=es",
  network: "/gealc?lang=es",
};

const NEW_TITLE = "Título retocado sin enmienda";
const NEW_PLAN_TITLE = "Plan retocado sin enmienda";
const APPROVED_TITLE = "Título aprobado con el plan";

for (const dialect of testDialects()) {
  describe(`the approved plan before its first edition [${dialect}]`, () => {
    let app: FastifyInstance;
    let tokens: Tokens;
    let close: () => Promise<void>;
    let amendmentCount: () => Promise<number>;
    const get = async (url: string, token?: string) => {
      const res = await app.inject({
        method: "GET",
        url,
        ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
      });
      assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 200)}`);
      return res;
    };
    const patch = (url: string, payload: object) =>
      app.inject({
        method: "PATCH",
        url,
        payload,
        headers: { authorization: `Bearer ${tokens.editor}` },
      });
    /** A response's content: without what differs per response (nonces, tokens). */
    const content = (body: string) => body.replace(/nonce-[^'"]+|nonce="[^"]+"/g, "nonce");
    const snapshot = async () => {
      const out: Record<string, { body: string; etag: string | undefined }> = {};
      for (const [name, url] of Object.entries(PUBLIC)) {
        const res = await get(url);
        // The whole answer, the list's rows included (their version, revision and time are
        // the frozen view's, never the working copy's).
        const body = content(res.body);
        out[name] = { body, etag: name === "list" ? "" : (res.headers.etag as string | undefined) };
      }
      return out;
    };

    before(async () => {
      const { handle, cleanup } = await openTestDb(dialect);
      const seeded = await seed(handle.db, example());
      tokens = seeded.tokens;
      amendmentCount = async () =>
        (await handle.db.selectFrom("amendments").select("id").execute()).length;
      const admin = seeded.admin;
      app = await buildServer({ config: testConfig(), db: handle.db, clock: () => new Date() });
      // A Spanish title given before approval: the approved plan is public with it.
      const given = await app.inject({
        method: "PATCH",
        url: `${API}/activities/3.2.3`,
        payload: { title: APPROVED_TITLE, lang: "es" },
        headers: { authorization: `Bearer ${tokens.editor}` },
      });
      assert.equal(given.statusCode, 200, given.body);
      await approveAtAssembly(admin);
      close = async () => {
        await app.close();
        await handle.close();
        await cleanup();
      };
    });
    after(() => close());

    test("a Spanish title edited through the API reaches no anonymous view; an amendment does", async () => {
      const first = await snapshot();
      assert.doesNotMatch(first.json?.body ?? "", new RegExp(NEW_TITLE));
      assert.match(first.json?.body ?? "", new RegExp(APPROVED_TITLE));
      assert.match(first.json?.etag ?? "", /\.a1"$/, "the public ETag names the frozen plan");
      const refused = await app.inject({
        method: "PATCH",
        url: `${API}/activities/3.2.3`,
        payload: { title: NEW_TITLE, lang: "es" },
        headers: { authorization: `Bearer ${tokens.editor}`, "if-match": first.json?.etag ?? "" },
      });
      assert.equal(refused.statusCode, 412, "the frozen view's ETag is never an If-Match");

      // Translations, not amendments: the plan is in English.
      let res = await patch(`${API}/activities/3.2.3`, { title: NEW_TITLE, lang: "es" });
      assert.equal(res.statusCode, 200, res.body);
      res = await patch(API, { title: NEW_PLAN_TITLE, lang: "es" });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(await amendmentCount(), 0, "a translation is no amendment");

      // Its network's users read the working copy.
      const working = await get(PUBLIC.json, tokens.viewer);
      assert.match(working.body, new RegExp(NEW_TITLE));
      assert.match(working.body, new RegExp(NEW_PLAN_TITLE));

      // Anonymous readers: the same bytes (pages: the same content) and the same ETags.
      const same = await snapshot();
      for (const name of Object.keys(PUBLIC)) {
        assert.equal(same[name]?.body, first[name]?.body, `${name} unchanged`);
        assert.equal(same[name]?.etag, first[name]?.etag, `${name}'s ETag unchanged`);
        assert.doesNotMatch(same[name]?.body ?? "", new RegExp(`${NEW_TITLE}|${NEW_PLAN_TITLE}`));
      }

      // A recorded amendment (planned content, in the plan's language) reaches the public.
      res = await patch(`${API}/activities/3.2.3`, {
        location: { kind: "place", text: "Lima, Peru", city: "Lima", country: "PE" },
        reason: "Moved online by the working group",
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(await amendmentCount(), 1);
      const amended = await snapshot();
      for (const name of ["json", "jsonEn", "activity", "page"]) {
        assert.notEqual(amended[name]?.body, first[name]?.body, `${name} shows the amendment`);
      }
      assert.match(amended.json?.etag ?? "", /\.a2"$/);
      const doc = JSON.parse(amended.json?.body ?? "{}") as PlanDocument;
      const act = doc.areas.flatMap((a) => a.activities).find((a) => a.code === "3.2.3");
      assert.equal(act?.location.city, "Lima");
      // Only the amendment: the translations edited since approval still wait for the next
      // edition, and the Spanish the public had stays.
      assert.equal(act?.title, APPROVED_TITLE);
      for (const name of Object.keys(PUBLIC)) {
        assert.doesNotMatch(
          amended[name]?.body ?? "",
          new RegExp(`${NEW_TITLE}|${NEW_PLAN_TITLE}`),
          `${name}: no translation edited since approval`,
        );
      }
      // A second amendment keeps them waiting too (each freeze starts from the one before).
      res = await patch(`${API}/activities/3.2.3`, {
        location: { kind: "place", text: "Quito, Ecuador", city: "Quito", country: "EC" },
        reason: "Moved again",
      });
      assert.equal(res.statusCode, 200, res.body);
      const again = await get(PUBLIC.json);
      assert.match(again.body, /Quito/);
      assert.match(again.body, new RegExp(APPROVED_TITLE));
      assert.doesNotMatch(again.body, new RegExp(`${NEW_TITLE}|${NEW_PLAN_TITLE}`));
      // The network's own users still read every edit.
      assert.match((await get(PUBLIC.json, tokens.viewer)).body, new RegExp(NEW_TITLE));
    });
  });
}
