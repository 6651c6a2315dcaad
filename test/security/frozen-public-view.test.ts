/**
 * Security suite: an anonymous reader never sees a working-copy change of an approved plan
 * before it is recorded (an amendment) or published (an edition): translations edited by
 * the network's editors stay out of every anonymous view (API, portal pages, downloads,
 * open data, calendars), before the first edition and after it.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import type { PlanDocument } from "../../src/core/plan.ts";
import { seed, testConfig } from "../../src/http/testing.ts";
import { buildServer } from "../../src/server/build-server.ts";
import { openTestDb, testDialects } from "../helpers/db.ts";
import { approveAtAssembly } from "../helpers/lifecycle.ts";

const example = (): PlanDocument =>
  JSON.parse(readFileSync(new URL("../../examples/gealc-2023/plan.json", import.meta.url), "utf8"));

const API = "/api/v1/networks/gealc/plans/2023";
const MARK = "WORKING-COPY-ONLY";

/** Every anonymous view of the plan, in Spanish (where the edits are) and by default. */
const VIEWS = [
  `${API}?lang=es`,
  API,
  `${API}/areas/3.2?lang=es`,
  `${API}/activities/3.2.3?lang=es`,
  `${API}/export?format=json&lang=es`,
  `${API}/export?format=csv&lang=es`,
  `${API}/export?format=ics&lang=es`,
  "/api/v1/networks/gealc/plans?lang=es",
  "/gealc?lang=es",
  "/gealc/2023?lang=es",
  "/gealc/2023/areas/3.2?lang=es",
  "/gealc/2023/activities/3.2.3?lang=es",
  "/gealc/2023/data/activities.csv?lang=es",
  "/gealc/2023/data/plan.json?lang=es",
  "/gealc/2023/calendar.ics?lang=es",
];

/** After publication the report's files too. */
const REPORT_VIEWS = [
  `${API}/report?format=md&lang=es`,
  `${API}/export?format=md&lang=es`,
  "/gealc/2023/reports/report.es.md",
  "/gealc/2023/reports/report.es.html",
];

for (const dialect of testDialects()) {
  describe(`security: the public view is frozen [${dialect}]`, () => {
    test("translations edited after approval and after publication reach no anonymous view", async () => {
      const { handle, cleanup } = await openTestDb(dialect);
      const { admin, tokens } = await seed(handle.db, example());
      const app = await buildServer({
        config: testConfig(),
        db: handle.db,
        clock: () => new Date(),
      });
      try {
        await approveAtAssembly(admin);
        let round = 0;
        const edit = async () => {
          round++;
          const headers = { authorization: `Bearer ${tokens.editor}` };
          for (const [url, title] of [
            [API, `${MARK} plan ${round}`],
            [`${API}/areas/3.2`, `${MARK} area ${round}`],
            [`${API}/activities/3.2.3`, `${MARK} activity ${round}`],
          ] as const) {
            const res = await app.inject({
              method: "PATCH",
              url,
              headers,
              payload: { title, lang: "es" },
            });
            assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
          }
          // The network's own readers do see it.
          const mine = await app.inject({ url: `${API}?lang=es`, headers });
          assert.match(mine.body, new RegExp(`${MARK} activity ${round}`));
        };
        const unseen = async (urls: string[]) => {
          for (const url of urls) {
            const res = await app.inject({ url });
            assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 200)}`);
            assert.doesNotMatch(res.body, new RegExp(MARK), `${url} shows the working copy`);
          }
        };

        // The anonymous plan list: its rows' version, revision and time are the frozen view's.
        const LIST = "/api/v1/networks/gealc/plans?lang=es";
        const list = async () => (await app.inject({ url: LIST })).body;
        const approvedList = await list();
        await edit();
        await unseen(VIEWS);
        assert.equal(await list(), approvedList, "no working-copy edit moves the public list");

        // Through the API, as a network administrator does (its writes refresh its caches).
        const asAdmin = { authorization: `Bearer ${tokens.admin}` };
        for (const step of ["approve", "publish"]) {
          const res = await app.inject({
            method: "POST",
            url: `${API}/report/${step}`,
            headers: asAdmin,
            // The Spanish translation (three titles) is incomplete: published as it is.
            payload: step === "publish" ? { partial: ["es"] } : {},
          });
          assert.equal(res.statusCode, 200, `${step}: ${res.body}`);
        }
        // Edition 1 holds what was frozen when it was published: the translations then.
        const edition = await app.inject({ url: `${API}?lang=es` });
        assert.match(edition.body, new RegExp(`${MARK} activity 1`));
        const publishedList = await list();
        assert.notEqual(publishedList, approvedList, "the edition moves the public list");
        await edit();
        // Execution data changed in the working copy moves nothing public either.
        const status = await app.inject({
          method: "PUT",
          url: `${API}/activities/3.2.3/status`,
          headers: { authorization: `Bearer ${tokens.editor}` },
          payload: { code: "in_progress" },
        });
        assert.equal(status.statusCode, 200, status.body);
        assert.equal(await list(), publishedList, "the public list is edition 1's");
        const now = [...VIEWS, ...REPORT_VIEWS];
        for (const url of now) {
          const res = await app.inject({ url });
          assert.equal(res.statusCode, 200, url);
          assert.doesNotMatch(res.body, new RegExp(`${MARK} \\w+ 2`), `${url} after edition 1`);
        }
      } finally {
        await app.close();
        await handle.close();
        await cleanup();
      }
    });
  });
}
