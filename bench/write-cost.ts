/**
 * The statements and transactions of the scale bench's two writing steps, per plan: importing a
 * GEALC-sized plan (importReport, one importer) and freezing its first public views after it
 * was approved and published (freezeUnfrozenPlans, then fillEditionSummaries), with plans/s
 * for each (one process, no neighbours counted out: the counts are what to compare).
 * WRITE_PLANS plans (default 100), on SQLite, or on PostgreSQL when WRITE_PG_URL names a
 * server (a database wp_write_<pid> is made there and dropped after). Run:
 *   WRITE_PLANS=200 WRITE_PG_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/write-cost.ts
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DefaultQueryExecutor, type Kysely, sql } from "kysely";
import pg from "pg";
import { type Deps, silentLog } from "../src/app/deps.ts";
import { importReport } from "../src/app/import-report.ts";
import { CLI_ACTOR } from "../src/cli/db-deps.ts";
import type { PlanDocument } from "../src/core/plan.ts";
import { createDb } from "../src/db/create-db.ts";
import { fillEditionSummaries } from "../src/db/edition.repository.ts";
import { freezeUnfrozenPlans } from "../src/db/first-editions.ts";
import type { DB } from "../src/db/schema.ts";

const PLANS = Number(process.env.WRITE_PLANS ?? 100);
const seedText = readFileSync(new URL("../examples/gealc-2023/plan.json", import.meta.url), "utf8");
/** The seed moved to `year` (as bench/scale.ts does: its dates shifted by whole years). */
const seedOf = (year: number): PlanDocument => ({
  ...(JSON.parse(
    seedText.replace(
      /"(2022|2023|2024)-(\d\d-\d\d)/g,
      (_m, y: string, md: string) => `"${Number(y) - 2023 + year}-${md}`,
    ),
  ) as PlanDocument),
  year,
});
const seeds = Array.from({ length: 10 }, (_, i) => seedOf(2015 + i));

/**
 * Statements run, counted where Kysely hands every one to its connection (both dialects; a
 * counting plugin would turn off the SQL compiled once, whose statements are what is counted).
 */
function countingStatements(): { queries: number } {
  const seen = { queries: 0 };
  const base = Object.getPrototypeOf(DefaultQueryExecutor.prototype);
  const executeQuery = base.executeQuery;
  base.executeQuery = function (this: unknown, ...args: unknown[]) {
    seen.queries++;
    return executeQuery.apply(this, args);
  };
  return seen;
}

/** Transactions begun, counted where Kysely begins them (both dialects). */
function countingTransactions(db: Kysely<DB>): { begun: number } {
  const seen = { begun: 0 };
  const transaction = db.transaction.bind(db);
  db.transaction = () => {
    seen.begun++;
    return transaction();
  };
  return seen;
}

/** This process's CPU time since `c0`, in ms. */
function cpuSince(c0: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

async function measure(url: string): Promise<void> {
  const handle = await createDb(url);
  const seen = countingStatements();
  const db = handle.db;
  const trx = countingTransactions(db);
  const deps: Deps = { db, clock: () => new Date(), actor: CLI_ACTOR, log: silentLog };
  let t0 = performance.now();
  let c0 = process.cpuUsage();
  for (let i = 0; i < PLANS; i++) {
    const slug = `net${String(Math.floor(i / 10)).padStart(5, "0")}`;
    const base = seeds[i % 10] as PlanDocument;
    const doc = { ...base, network: { ...base.network, slug, name: `Network ${slug}` } };
    await importReport(deps, { document: doc });
  }
  const importS = (performance.now() - t0) / 1000;
  const importCpu = cpuSince(c0);
  const imported = { statements: seen.queries, transactions: trx.begun };
  await sql`update plans set lifecycle_status = 'approved', report_status = 'published', approved_by_assembly = 1, revision = revision + 1`.execute(
    handle.db,
  );
  seen.queries = 0;
  trx.begun = 0;
  t0 = performance.now();
  c0 = process.cpuUsage();
  const frozen = await freezeUnfrozenPlans(db);
  const summaries = await fillEditionSummaries(db);
  const freezeS = (performance.now() - t0) / 1000;
  const freezeCpu = cpuSince(c0);
  await handle.close();
  const per = (n: number) => (n / PLANS).toFixed(1);
  console.log(
    `  import: ${per(imported.statements)} statements and ${per(imported.transactions)} transactions per plan, ${(PLANS / importS).toFixed(0)} plans/s, ${(importCpu / PLANS).toFixed(1)} ms of this process's CPU per plan`,
  );
  console.log(
    `  freeze (${frozen.editions.length} editions, ${frozen.snapshots.length} snapshots, ${summaries} summaries filled after): ${per(seen.queries)} statements and ${per(trx.begun)} transactions per plan, ${(PLANS / freezeS).toFixed(0)} plans/s, ${(freezeCpu / PLANS).toFixed(1)} ms of this process's CPU per plan`,
  );
}

const pgUrl = process.env.WRITE_PG_URL;
if (pgUrl) {
  const name = `wp_write_${process.pid}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  try {
    const u = new URL(pgUrl);
    u.pathname = `/${name}`;
    console.log(`PostgreSQL, ${PLANS} plans`);
    await measure(u.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
} else {
  const dir = mkdtempSync(join(tmpdir(), "wp-write-"));
  try {
    console.log(`SQLite, ${PLANS} plans`);
    await measure(join(dir, "write.sqlite"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
