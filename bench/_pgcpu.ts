import { readFileSync } from "node:fs";
import { sql } from "kysely";
import pg from "pg";
import { silentLog } from "../src/app/deps.ts";
import { importReport } from "../src/app/import-report.ts";
import { CLI_ACTOR } from "../src/cli/db-deps.ts";
import { createDb } from "../src/db/create-db.ts";
const N = Number(process.env.N ?? 100);
const seed = JSON.parse(readFileSync("examples/gealc-2023/plan.json", "utf8"));
const admin = new pg.Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" });
await admin.connect();
const name = `wp_cpu_${process.pid}`;
await admin.query(`create database ${name}`);
const h = await createDb(`postgres://postgres@127.0.0.1:5432/${name}`);
const deps = { db: h.db, clock: () => new Date(), actor: CLI_ACTOR, log: silentLog };
const cpuOf = (pid: number) => { const f = readFileSync(`/proc/${pid}/stat`, "utf8").slice(readFileSync(`/proc/${pid}/stat`, "utf8").lastIndexOf(")") + 2).split(" "); return (Number(f[11]) + Number(f[12])) * 10; };
const backends = async () => (await admin.query("select pid from pg_stat_activity where datname = $1", [name])).rows.map((r) => r.pid as number);
// warm the pool
await Promise.all(Array.from({ length: 8 }, () => sql`select 1`.execute(h.db)));
const pids0 = await backends();
const pg0 = pids0.reduce((a, p) => a + cpuOf(p), 0);
const c0 = process.cpuUsage();
const t0 = performance.now();
let next = 0;
await Promise.all(Array.from({ length: 8 }, async () => {
  for (let i = next++; i < N; i = next++) {
    const slug = `n${i}`;
    await importReport(deps, { document: { ...seed, network: { ...seed.network, slug } } });
  }
}));
const s = (performance.now() - t0) / 1000;
const c = process.cpuUsage(c0);
const pids = await backends();
const pg1 = pids.reduce((a, p) => a + cpuOf(p), 0);
console.log(`${N} imports, 8 importers: ${(N / s).toFixed(0)} plans/s; node ${((c.user + c.system) / 1000 / N).toFixed(1)} ms CPU/plan; PG backends ${((pg1 - pg0) / N).toFixed(1)} ms CPU/plan (${pids0.length}→${pids.length} backends)`);
await h.close();
await admin.query(`drop database ${name} with (force)`);
await admin.end();
