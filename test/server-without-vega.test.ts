/**
 * The server draws dashboards without loading Vega: its charts are drawn by the chart
 * renderer, a child process (src/render/chart-renderer.ts). Every module this process
 * resolves is recorded from before the server's modules are loaded (they are imported
 * below, after the hook, for that reason), so a static or a lazy import of Vega or
 * Vega-Lite anywhere in the server fails this test.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { registerHooks } from "node:module";
import { after, before, describe, test } from "node:test";

const resolved: string[] = [];
registerHooks({
  resolve(specifier, context, next) {
    const r = next(specifier, context);
    resolved.push(r.url);
    return r;
  },
});

const { seed, testConfig } = await import("../src/http/testing.ts");
const { chartDrawings, chartRenderer } = await import("../src/render/dashboard-svg.ts");
const { buildServer } = await import("../src/server/build-server.ts");
const { openTestDb, testDialects } = await import("./helpers/db.ts");
const { approveAtAssembly, publishFirstEdition } = await import("./helpers/lifecycle.ts");

const example = () =>
  JSON.parse(readFileSync(new URL("../examples/gealc-2023/plan.json", import.meta.url), "utf8"));

/** The packages of Vega this process has resolved (none, as it should be). */
const vegaLoaded = () => [
  ...new Set(resolved.flatMap((url) => /\/node_modules\/(vega[^/]*)\//.exec(url)?.[1] ?? [])),
];

for (const dialect of testDialects()) {
  describe(`the server draws dashboards without Vega [${dialect}]`, () => {
    let close: () => Promise<void> = async () => {};
    let db: Awaited<ReturnType<typeof openTestDb>>["handle"]["db"];

    before(async () => {
      const { handle, cleanup } = await openTestDb(dialect);
      db = handle.db;
      close = async () => {
        await handle.close();
        await cleanup();
      };
      const { admin } = await seed(db, example());
      await approveAtAssembly(admin);
      await publishFirstEdition(admin, { dataAsOf: "2023-11-21" });
    });
    after(() => close());

    test("a dashboard's charts are drawn in the renderer process; Vega never loads here", async () => {
      const app = await buildServer({
        config: testConfig(),
        db,
        clock: () => new Date("2023-12-01T12:00:00Z"),
      });
      try {
        const sets = chartDrawings.sets;
        const r = await app.inject({ url: "/gealc/2023/dashboard?lang=es" });
        assert.equal(r.statusCode, 200);
        assert.equal(chartDrawings.sets - sets, 1, "a chart set drawn");
        assert.match(r.body, /<svg[^>]* role="img" aria-labelledby="chart-areas-title/);
        assert.ok(chartRenderer.pid, "by the renderer process");
        assert.notEqual(chartRenderer.pid, process.pid);
      } finally {
        await app.close();
      }
      // The hook saw the server's modules (Fastify among them), and no Vega.
      assert.ok(resolved.some((url) => url.includes("/node_modules/fastify/")));
      assert.ok(resolved.some((url) => url.endsWith("/src/render/dashboard-svg.ts")));
      assert.deepEqual(vegaLoaded(), []);
    });
  });
}
