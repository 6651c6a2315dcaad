/**
 * Which languages an edition publishes: the plan's own, every complete translation, and an
 * incomplete one only when the network admin names it (`partial`); one left out waits for a
 * later edition and its readers get the plan's language meanwhile.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { approveReport } from "../src/app/approve-report.ts";
import { attachTranslation } from "../src/app/attach-translation.ts";
import { editionFilesSettled } from "../src/app/render-edition-files.ts";
import type { PlanDocument } from "../src/core/plan.ts";
import { seed, testConfig } from "../src/http/testing.ts";
import { loadPlan } from "../src/import/load-plan.ts";
import { buildServer } from "../src/server/build-server.ts";
import { openTestDb, testDialects } from "./helpers/db.ts";
import { approveAtAssembly, planVersion } from "./helpers/lifecycle.ts";

const EXTRACT = "examples/gealc-2023/extracto-informe-2023.es.txt";
const API = "/api/v1/networks/gealc/plans/2023";
const key = { network: "gealc", year: 2023 };
const example = (): PlanDocument =>
  JSON.parse(readFileSync(new URL("../examples/gealc-2023/plan.json", import.meta.url), "utf8"));

for (const dialect of testDialects()) {
  describe(`the languages of an edition [${dialect}]`, () => {
    test("an incomplete translation is published only when named as partial", async () => {
      const { handle, cleanup } = await openTestDb(dialect);
      const { admin, tokens } = await seed(handle.db, example());
      const app = await buildServer({
        config: testConfig({ chromiumPath: "/nonexistent/chromium" }),
        db: handle.db,
        clock: () => new Date(),
      });
      try {
        // The Spanish extract covers area 3.1 and the annex: an incomplete translation.
        const spanish = loadPlan(readFileSync(EXTRACT), "extracto-informe-2023.es.txt").plan;
        await attachTranslation(admin, {
          ...key,
          document: spanish,
          fileName: EXTRACT,
          partial: true,
        });
        const version = () => planVersion(admin);
        await approveAtAssembly(admin);
        await approveReport(admin, { ...key, expectedVersion: await version() });
        const asAdmin = { authorization: `Bearer ${tokens.admin}` };
        const post = (step: string, payload: object) =>
          app.inject({ method: "POST", url: `${API}/report/${step}`, headers: asAdmin, payload });
        const edition = async (n: number) => {
          const res = await app.inject({ url: `${API}/editions` });
          assert.equal(res.statusCode, 200, res.body);
          const found = (JSON.parse(res.body) as { number: number; languages: string[] }[]).find(
            (e) => e.number === n,
          );
          assert.ok(found, `edition ${n}`);
          return found;
        };

        // Edition 1 without naming it: English only; Spanish readers get the English text.
        let res = await post("publish", {});
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual((await edition(1)).languages, ["en"]);
        const es1 = await app.inject({ url: `${API}?lang=es` });
        assert.equal(JSON.parse(es1.body).language, "en", "Spanish waits for a later edition");
        assert.doesNotMatch(es1.body, /Servicios transfronterizos/);

        // The next edition: its corrections approved; a language the API does not know is
        // refused, naming the field.
        res = await post("approve", { corrections: "Spanish published as it is." });
        assert.equal(res.statusCode, 200, res.body);
        const refused = await post("publish", { partial: ["fr"] });
        assert.equal(refused.statusCode, 400, refused.body);
        assert.match(refused.body, /partial/);

        // Edition 2, naming Spanish: published as it is, its report says it is incomplete.
        res = await post("publish", { partial: ["es"] });
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual((await edition(2)).languages.sort(), ["en", "es"]);
        const es2 = await app.inject({ url: `${API}?lang=es` });
        assert.equal(JSON.parse(es2.body).language, "es");
        assert.match(es2.body, /Servicios transfronterizos/);
        const md = await app.inject({ url: `${API}/report?format=md&lang=es` });
        assert.equal(md.statusCode, 200);
        assert.match(md.body, /incompleta/i, "the Spanish report says it is incomplete");
        // Edition 1 is still what it was.
        assert.deepEqual((await edition(1)).languages, ["en"]);
      } finally {
        await editionFilesSettled(handle.db);
        await app.close();
        await handle.close();
        await cleanup();
      }
    });
  });
}
