/**
 * The pages published editions keep (app/public-pages.ts), rendered by the server in the
 * background (keep-pages.ts): from start, and after a write that published; never a draft's.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { gunzipSync } from "node:zlib";
import type { FastifyInstance } from "fastify";
import { openTestDb, testDialects } from "../../test/helpers/db.ts";
import { smallPlan } from "../../test/helpers/plans.ts";
import { approvePlan } from "../app/approve-plan.ts";
import { approveReport } from "../app/approve-report.ts";
import type { Deps } from "../app/deps.ts";
import { importReport } from "../app/import-report.ts";
import { publishReport } from "../app/publish-report.ts";
import { editionFilesSettled } from "../app/render-edition-files.ts";
import { submitPlan } from "../app/submit-plan.ts";
import type { DbHandle } from "../db/create-db.ts";
import { seed, type Tokens, testConfig } from "../http/testing.ts";
import { buildServer } from "./build-server.ts";

/** The small plan of `year`: every date moved there. */
const planOf = (year: number) => ({
  ...JSON.parse(
    JSON.stringify(smallPlan()).replace(
      /"(\d{4})-(\d\d-\d\d)/g,
      (_m, y: string, md: string) => `"${Number(y) + year - 2023}-${md}`,
    ),
  ),
  year,
});

for (const dialect of testDialects()) {
  describe(`pages kept for published editions [${dialect}]`, () => {
    let handle: DbHandle;
    let cleanup: () => Promise<void>;
    let admin: Deps;
    let tokens: Tokens;
    let app: FastifyInstance;
    // No Chromium: an edition's PDF is left for its first request (not what is tested here).
    const config = testConfig({ chromiumPath: "/nonexistent/chromium" });
    /** The keeper's numbers, as /metrics gives them, once it has nothing left to do. */
    const settled = async () => {
      for (;;) {
        const text = (await app.inject({ method: "GET", url: "/metrics" })).body;
        const busy = /^workplan_kept_pages_busy (\d+)/m.exec(text)?.[1];
        if (busy === "0") {
          const n = (o: string) =>
            Number(
              new RegExp(`^workplan_kept_pages_asked_total\\{outcome="${o}"\\} (\\d+)`, "m").exec(
                text,
              )?.[1] ?? 0,
            );
          return { ok: n("ok"), failed: n("failed") };
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    const kept = async () =>
      (
        await handle.db
          .selectFrom("public_pages as pp")
          .innerJoin("report_editions as e", "e.id", "pp.edition_id")
          .innerJoin("plans as p", "p.id", "e.plan_id")
          .select(["p.year", "e.number", "pp.lang", "pp.build_id", "pp.body"])
          .orderBy("p.year")
          .orderBy("e.number")
          .orderBy("pp.lang")
          .execute()
      ).map((r) => ({ ...r, year: Number(r.year), body: Buffer.from(r.body) }));
    const ready = async (k: { network: string; year: number }) => {
      let plan = await submitPlan(admin, { ...k, expectedVersion: 1 });
      plan = await approvePlan(admin, {
        ...k,
        expectedVersion: plan.version,
        assembly: { ordinal: 17, date: `${k.year - 1}-11-21`, place: "Virtual" },
      });
      return approveReport(admin, { ...k, expectedVersion: plan.version });
    };

    before(async () => {
      ({ handle, cleanup } = await openTestDb(dialect));
      ({ admin, tokens } = await seed(handle.db, smallPlan()));
      const plan = await ready({ network: "gealc", year: 2023 });
      await publishReport(admin, { network: "gealc", year: 2023, expectedVersion: plan.version });
      // 2024: approved, its report too, but not published; 2025: a draft.
      await importReport(admin, { document: planOf(2024) });
      await ready({ network: "gealc", year: 2024 });
      await importReport(admin, { document: planOf(2025) });
      app = await buildServer({ config, db: handle.db, clock: () => new Date(), keepPages: true });
      await app.ready();
    });
    after(async () => {
      await app?.close();
      await editionFilesSettled(handle.db);
      await handle?.close();
      await cleanup?.();
    });

    test("from start: the published plan's page in every language, as a reader is sent it", async () => {
      assert.deepEqual(await settled(), { ok: 3, failed: 0 });
      const rows = await kept();
      assert.deepEqual(
        rows.map((r) => `${r.year}.${r.number}:${r.lang}`),
        ["2023.1:en", "2023.1:es", "2023.1:pt"],
        "no page of an unpublished plan",
      );
      for (const r of rows) {
        assert.equal(r.build_id, config.buildId);
        const page = await app.inject({ method: "GET", url: `/gealc/2023?lang=${r.lang}` });
        assert.equal(page.statusCode, 200);
        assert.ok(gunzipSync(r.body).equals(page.rawPayload), `${r.lang}: the bytes sent`);
      }
      // Nothing left to keep: a second start asks for nothing.
      await app.close();
      app = await buildServer({ config, db: handle.db, clock: () => new Date(), keepPages: true });
      await app.ready();
      assert.deepEqual(await settled(), { ok: 0, failed: 0 });
    });

    test("an amendment recorded after the edition waits for the next: the kept page stands", async () => {
      await settled();
      const before = await kept();
      const page = await app.inject({ method: "GET", url: "/gealc/2023?lang=en" });
      const res = await app.inject({
        method: "PATCH",
        url: "/api/v1/networks/gealc/plans/2023/activities/3.2.3",
        payload: {
          location: { kind: "place", text: "Lima, Peru", city: "Lima", country: "PE" },
          reason: "Moved by the working group",
        },
        headers: { authorization: `Bearer ${tokens.admin}` },
      });
      assert.equal(res.statusCode, 200, res.body);
      const amendments = await handle.db.selectFrom("amendments").select("number").execute();
      assert.equal(amendments.length, 1, "recorded");
      assert.deepEqual(await settled(), { ok: 0, failed: 0 });
      assert.deepEqual(await kept(), before);
      // A fresh server renders the page anew (its cache is empty), and the same bytes.
      await handle.db.deleteFrom("public_pages").execute();
      await app.close();
      app = await buildServer({ config, db: handle.db, clock: () => new Date(), keepPages: true });
      assert.deepEqual(await settled(), { ok: 3, failed: 0 });
      const again = await app.inject({ method: "GET", url: "/gealc/2023?lang=en" });
      assert.ok(again.rawPayload.equals(page.rawPayload));
      assert.doesNotMatch(again.body, /Moved by the working group/);
    });

    test("a publication through the API: the new edition's pages are kept after it", async () => {
      const before = await settled();
      const res = await app.inject({
        method: "POST",
        url: "/api/v1/networks/gealc/plans/2024/report/publish",
        headers: { authorization: `Bearer ${tokens.admin}` },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(await settled(), { ok: before.ok + 3, failed: 0 });
      assert.deepEqual(
        (await kept()).map((r) => `${r.year}.${r.number}:${r.lang}`),
        ["2023.1:en", "2023.1:es", "2023.1:pt", "2024.1:en", "2024.1:es", "2024.1:pt"],
      );
    });
  });
}
