/**
 * A published report's dashboard charts are drawn once per (edition, language) and stored
 * with the edition's files: a server that never drew them (a fresh one: empty memory
 * caches) reads them with one statement and draws nothing; requests at once join one
 * drawing; what is stored is the edition's public document, never the working copy. Shown
 * by counting drawings and statements, never by time.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { gunzipSync } from "node:zlib";
import type { KyselyPlugin } from "kysely";
import type { Deps } from "../src/app/deps.ts";
import { getDashboard } from "../src/app/get-dashboard.ts";
import { updateArea } from "../src/app/update-area.ts";
import type { PlanDocument } from "../src/core/plan.ts";
import type { Db } from "../src/db/create-db.ts";
import { seed, testConfig } from "../src/http/testing.ts";
import { chartDrawings } from "../src/render/dashboard-svg.ts";
import { buildServer } from "../src/server/build-server.ts";
import { openTestDb, testDialects } from "./helpers/db.ts";
import { approveAtAssembly, GEALC_2023, publishFirstEdition } from "./helpers/lifecycle.ts";

const example = (): PlanDocument =>
  JSON.parse(readFileSync(new URL("../examples/gealc-2023/plan.json", import.meta.url), "utf8"));

/** Counts the statements that read or write the edition files' table. */
function countingEditionFiles(): { seen: { reads: number; all: number }; plugin: KyselyPlugin } {
  const seen = { reads: 0, all: 0 };
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      seen.all++;
      const node = JSON.stringify(args.node);
      if (args.node.kind === "SelectQueryNode" && node.includes('"report_edition_files"')) {
        seen.reads++;
      }
      return args.node;
    },
    async transformResult(args) {
      return args.result;
    },
  };
  return { seen, plugin };
}

const storedCharts = async (db: Db) =>
  (
    await db
      .selectFrom("report_edition_files")
      .select(["variant", "body", "content_type"])
      .where("variant", "like", "charts:%")
      .orderBy("variant")
      .execute()
  ).map((r) => ({ ...r, body: gunzipSync(Buffer.from(r.body, "base64")).toString("utf8") }));

const DASH = "/gealc/2023/dashboard";

for (const dialect of testDialects()) {
  describe(`a published dashboard's stored charts [${dialect}]`, () => {
    let db: Db;
    let admin: Deps;
    let close: () => Promise<void>;
    const server = (plugin?: KyselyPlugin) =>
      buildServer({
        config: testConfig(),
        db: plugin ? db.withPlugin(plugin) : db,
        clock: () => new Date("2023-12-01T12:00:00Z"),
      });

    before(async () => {
      const { handle, cleanup } = await openTestDb(dialect);
      db = handle.db;
      close = async () => {
        await handle.close();
        await cleanup();
      };
      ({ admin } = await seed(db, example()));
      await approveAtAssembly(admin);
      // Published through the use case alone: nothing stored until a reader asks.
      await publishFirstEdition(admin, { dataAsOf: "2023-11-21" });
    });
    after(() => close());

    test("drawn once on first need, then read by a fresh server with one statement", async () => {
      assert.deepEqual(await storedCharts(db), []);
      const first = await server();
      const drawn = { ...chartDrawings };
      const a = await first.inject({ url: `${DASH}?lang=es` });
      assert.equal(a.statusCode, 200);
      assert.equal(chartDrawings.sets - drawn.sets, 1, "one chart set drawn");
      assert.equal(chartDrawings.charts - drawn.charts, 3, "its three charts");
      await first.close();
      const stored = await storedCharts(db);
      assert.deepEqual(
        stored.map((s) => [s.variant, s.content_type]),
        [["charts:es:en", "application/gzip"]],
      );
      assert.match(stored[0]?.body ?? "", /Ejecución por área/);

      // A fresh server (empty memory caches): the stored charts, one statement, no drawing.
      const { seen, plugin } = countingEditionFiles();
      const fresh = await server(plugin);
      const before = { ...chartDrawings };
      const b = await fresh.inject({ url: `${DASH}?lang=es` });
      assert.equal(b.statusCode, 200);
      assert.deepEqual(chartDrawings, before, "nothing drawn");
      assert.equal(seen.reads, 1, "the charts read with one statement");
      assert.equal(b.body, a.body, "the same page, charts and all");
      await fresh.close();
    });

    test("requests at once for the same edition and language join one drawing", async () => {
      const app = await server();
      const before = { ...chartDrawings };
      const pages = await Promise.all(
        [1, 2, 3, 4].map(() => app.inject({ url: `${DASH}?lang=pt` })),
      );
      for (const p of pages) assert.equal(p.statusCode, 200);
      assert.equal(chartDrawings.sets - before.sets, 1);
      assert.equal(new Set(pages.map((p) => p.body)).size, 1);
      await app.close();
    });

    test("the working copy never reaches the stored charts", async () => {
      // An amendment after publication: the editors' working copy, not the edition.
      await updateArea(admin, {
        ...GEALC_2023,
        code: "3.1",
        expectedVersion: 1,
        title: "Secret draft",
      });
      const working = await getDashboard(admin, { ...GEALC_2023, lang: "en" });
      assert.ok(
        working.areas.some((a) => a.title === "Secret draft"),
        "the working copy has it",
      );
      const app = await server();
      const r = await app.inject({ url: `${DASH}?lang=en` });
      assert.equal(r.statusCode, 200);
      assert.doesNotMatch(r.body, /Secret draft/);
      for (const s of await storedCharts(db))
        assert.doesNotMatch(s.body, /Secret draft/, s.variant);
      assert.deepEqual(
        (await storedCharts(db)).map((s) => s.variant),
        ["charts:en:en", "charts:es:en", "charts:pt:en"],
      );
      await app.close();
    });
  });
}
