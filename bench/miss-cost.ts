/**
 * The CPU cost and statement count of a render-cache miss per public page, in process (no
 * network): serves a database filled by bench/scale.ts (MISS_DB, a copy: the server migrates
 * it) through app.inject, each request a plan and language not asked before, anonymous.
 * Each request misses whole: the render cache keeps nothing and the public identity look-ups
 * kept by a request are expired by the next (the network's pages are asked again, of a
 * network asked before in another language, and would otherwise be hits). MISS_DB may name
 * a PostgreSQL database (postgres://…, filled by bench/scale.ts with SCALE_PG_DB).
 *   MISS_DB=/tmp/copy.sqlite MISS_N=200 node bench/miss-cost.ts
 */

import { loadConfig } from "../src/config.ts";
import { createDb } from "../src/db/create-db.ts";
import { RenderCache } from "../src/edge/render-cache.ts";
import { buildServer } from "../src/server/build-server.ts";
import { countingStatements } from "../test/helpers/db.ts";

const url = process.env.MISS_DB ?? "";
const N = Number(process.env.MISS_N ?? 200);
const { seen, plugin } = countingStatements();
const handle = await createDb(url);
const config = loadConfig({ DATABASE_URL: url, LOAD_EXAMPLE: "0" });
// The identities' clock: moved on by a minute before each request, so none is kept.
let identitiesNow = 0;
const app = await buildServer({
  config,
  db: handle.db.withPlugin(plugin),
  clock: () => new Date(),
  // Nothing kept: every request renders (an entry is never stored over maxBytes).
  cache: new RenderCache({ maxBytes: 1, buildId: config.buildId, compress: true }),
  freshnessNow: () => identitiesNow,
});
const plans = (
  await handle.db
    .selectFrom("plans")
    .innerJoin("networks", "networks.id", "plans.network_id")
    .select(["networks.slug as slug", "plans.year as year"])
    .execute()
).map((p) => ({ slug: p.slug, year: Number(p.year) }));
const langs = ["en", "es", "pt"];
const PAGES: Record<string, (s: string, y: number, l: string) => string> = {
  "API plan document": (s, y) => `/api/v1/networks/${s}/plans/${y}`,
  "plan page": (s, y, l) => `/${s}/${y}?lang=${l}`,
  "network home": (s, _y, l) => `/${s}?lang=${l}`,
  "execution by year": (s, _y, l) => `/${s}/execution?lang=${l}`,
};
let k = 0;
const only = process.env.MISS_PAGES?.split(",");
for (const [page, make] of Object.entries(PAGES)) {
  if (only && !only.some((o) => page.startsWith(o))) continue;
  const run = async (n: number) => {
    const cpus: number[] = [];
    let queries = 0;
    for (let i = 0; i < n; i++) {
      const p = plans[(k * 7919) % plans.length] as { slug: string; year: number };
      const path = make(p.slug, p.year, langs[k % 3] as string);
      k++;
      identitiesNow += 60_000;
      const q0 = seen.queries;
      const c0 = process.cpuUsage();
      const res = await app.inject({ method: "GET", url: path });
      const c = process.cpuUsage(c0);
      if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode}`);
      cpus.push((c.user + c.system) / 1000);
      queries += seen.queries - q0;
    }
    cpus.sort((a, b) => a - b);
    const mean = cpus.reduce((x, y) => x + y, 0) / n;
    return { cpu: mean, median: cpus[Math.floor(n / 2)] ?? 0, queries: queries / n };
  };
  await run(Math.min(30, N)); // warm-up
  const r = await run(N);
  console.log(
    `${page}: ${r.cpu.toFixed(2)} ms CPU (median ${r.median.toFixed(2)}), ${r.queries.toFixed(1)} statements per miss`,
  );
}
await app.close();
await handle.close();
