import { readFileSync } from "node:fs";
import pg from "pg";
import { silentLog } from "../src/app/deps.ts";
import { importReport } from "../src/app/import-report.ts";
import { CLI_ACTOR } from "../src/cli/db-deps.ts";
import { createDb } from "../src/db/create-db.ts";
const N = Number(process.env.N ?? 100);
const seed = JSON.parse(readFileSync("examples/gealc-2023/plan.json", "utf8"));
const admin = new pg.Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" });
await admin.connect();
const name = `wp_time_${process.pid}`;
await admin.query(`create database ${name}`);
const h = await createDb(`postgres://postgres@127.0.0.1:5432/${name}`);
const times = new Map<string, { n: number; ms: number }>();
const orig = pg.Client.prototype.query;
// biome-ignore lint: scratch
(pg.Client.prototype as any).query = function (this: unknown, ...args: any[]) {
  const text = typeof args[0] === "string" ? args[0] : args[0]?.text ?? "";
  const key = text.replace(/\(\$\d+.*$/s, "").slice(0, 60);
  const t0 = performance.now();
  const r = (orig as any).apply(this, args);
  if (r && typeof r.then === "function") r.then(() => { const e = times.get(key) ?? { n: 0, ms: 0 }; e.n++; e.ms += performance.now() - t0; times.set(key, e); }, () => {});
  return r;
};
const deps = { db: h.db, clock: () => new Date(), actor: CLI_ACTOR, log: silentLog };
for (let i = 0; i < N; i++) {
  const slug = `n${Math.floor(i / 10)}`;
  const year = 2015 + (i % 10);
  const doc = JSON.parse(JSON.stringify(seed).replace(/"(2022|2023|2024)-(\d\d-\d\d)/g, (_m: string, y: string, md: string) => `"${Number(y) - 2023 + year}-${md}`));
  await importReport(deps, { document: { ...doc, year, network: { ...doc.network, slug } } });
}
let total = 0;
for (const [, v] of times) total += v.ms;
for (const [k, v] of [...times].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) console.log(`${(v.ms / N).toFixed(2)} ms/plan  ${(v.n / N).toFixed(1)}x  ${k}`);
console.log(`total ${(total / N).toFixed(1)} ms/plan in queries`);
await h.close();
await admin.query(`drop database ${name} with (force)`);
await admin.end();
