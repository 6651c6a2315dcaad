/**
 * The app at scale, not run by `npm run bench` (it takes long): fills a database through the
 * app's own import use case (importReport, drafts) with SCALE_PLANS plans (default 25,000:
 * 2,500 networks x 10 years of the GEALC 2023 plan, ~1,000,000 activities), printing import
 * plans/s per tenth (it must not slow down as the database grows) and the bytes per
 * activity; then marks the plans approved and published (one UPDATE: a bench shortcut, so
 * anonymous readers see them) and serves them from a child process (the server as `workplan
 * serve` builds it) to SCALE_CLIENTS (8) keep-alive clients requesting random plans for
 * SCALE_SECONDS (60) after SCALE_WARMUP (10) seconds, per page, printing p50/p95. Runs on
 * SQLite, and on PostgreSQL when SCALE_PG_URL names a server (a database wp_scale_<pid> is
 * made there and dropped after). Run:
 *   SCALE_PLANS=2500 SCALE_PG_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/scale.ts
 */
import { fork } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { sql } from "kysely";
import pg from "pg";
import { type Deps, silentLog } from "../src/app/deps.ts";
import { importReport } from "../src/app/import-report.ts";
import { CLI_ACTOR } from "../src/cli/db-deps.ts";
import { loadConfig } from "../src/config.ts";
import type { PlanDocument } from "../src/core/plan.ts";
import { createDb } from "../src/db/create-db.ts";
import { listen } from "../src/http/server.ts";
import { buildServer } from "../src/server/build-server.ts";

const PLANS = Number(process.env.SCALE_PLANS ?? 25_000);
const YEARS = 10;
const CLIENTS = Number(process.env.SCALE_CLIENTS ?? 8);
const SECONDS = Number(process.env.SCALE_SECONDS ?? 60);
const WARMUP = Number(process.env.SCALE_WARMUP ?? 10);
const SAMPLE = 5000;
const seedText = readFileSync(new URL("../examples/gealc-2023/plan.json", import.meta.url), "utf8");
const seed = JSON.parse(seedText) as PlanDocument;
/** The seed moved to `year`: its dates shifted by whole years (2023 has no 29 February). */
const seedsByYear = new Map<number, PlanDocument>();
function seedOf(year: number): PlanDocument {
  let doc = seedsByYear.get(year);
  if (!doc) {
    const text = seedText.replace(
      /"(2022|2023|2024)-(\d\d-\d\d)/g,
      (_m, y: string, md: string) => `"${Number(y) - 2023 + year}-${md}`,
    );
    doc = { ...(JSON.parse(text) as PlanDocument), year };
    seedsByYear.set(year, doc);
  }
  return doc;
}
const ACTIVITIES = seed.areas.reduce((n, a) => n + a.activities.length, 0);

const slugOf = (i: number) => `net${String(Math.floor(i / YEARS)).padStart(5, "0")}`;
const yearOf = (i: number) => 2015 + (i % YEARS);

type Row = { page: string; p50: number; p95: number; rps: number; non2xx: number };

async function fill(url: string): Promise<{ rates: number[]; seconds: number }> {
  const handle = await createDb(url);
  const deps: Deps = { db: handle.db, clock: () => new Date(), actor: CLI_ACTOR, log: silentLog };
  const rates: number[] = [];
  const tenth = Math.max(1, Math.floor(PLANS / 10));
  const t0 = performance.now();
  let t = t0;
  for (let i = 0; i < PLANS; i++) {
    const slug = slugOf(i);
    const base = seedOf(yearOf(i));
    const doc = { ...base, network: { ...base.network, slug, name: `Network ${slug}` } };
    await importReport(deps, { document: doc });
    if ((i + 1) % tenth === 0) {
      const now = performance.now();
      rates.push(tenth / ((now - t) / 1000));
      t = now;
      process.stdout.write(`  ${i + 1} plans, ${rates.at(-1)?.toFixed(0)} plans/s\n`);
    }
  }
  // Bench shortcut: every plan approved and its report published, so the public reads them.
  await sql`update plans set lifecycle_status = 'approved', report_status = 'published', approved_by_assembly = 1, revision = revision + 1`.execute(
    handle.db,
  );
  await handle.close();
  return { rates, seconds: (performance.now() - t0) / 1000 };
}

async function sizeOf(url: string, file: string | null): Promise<number> {
  if (file) {
    const handle = await createDb(url);
    await sql`pragma wal_checkpoint(truncate)`.execute(handle.db);
    await handle.close();
    return statSync(file).size;
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const r = await c.query("select pg_database_size(current_database()) as n");
  await c.end();
  return Number(r.rows[0].n);
}

/** Child: the server on the filled database; reports its port. */
async function serve(url: string): Promise<void> {
  const handle = await createDb(url);
  const config = { ...loadConfig({ DATABASE_URL: url, LOAD_EXAMPLE: "0" }), port: 0 };
  const app = await buildServer({ config, db: handle.db, clock: () => new Date() });
  const address = await listen(app, config);
  process.send?.(Number(new URL(address).port));
  process.on("disconnect", async () => {
    await app.close();
    await handle.close();
    process.exit(0);
  });
}

function randomUrls(page: (slug: string, year: number, lang: string) => string): string[] {
  const langs = ["en", "es", "pt"];
  return Array.from({ length: SAMPLE }, () => {
    const i = Math.floor(Math.random() * PLANS);
    return page(slugOf(i), yearOf(i), langs[Math.floor(Math.random() * 3)] ?? "en");
  });
}

const PAGES: Record<string, (s: string, y: number, l: string) => string> = {
  "API plan document": (s, y) => `/api/v1/networks/${s}/plans/${y}`,
  "plan page": (s, y, l) => `/${s}/${y}?lang=${l}`,
  "network home": (s, _y, l) => `/${s}?lang=${l}`,
  "execution by year": (s, _y, l) => `/${s}/execution?lang=${l}`,
  dashboard: (s, y, l) => `/${s}/${y}/dashboard?lang=${l}`,
};

async function measure(url: string): Promise<Row[]> {
  const child = fork(fileURLToPath(import.meta.url), ["--serve", url], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (m) => resolve(Number(m)));
    child.once("exit", (code) => reject(new Error(`the server exited (${code})`)));
  });
  const rows: Row[] = [];
  try {
    for (const [page, make] of Object.entries(PAGES)) {
      const requests = randomUrls(make).map((path) => ({ path }));
      const opts = {
        url: `http://127.0.0.1:${port}${requests[0]?.path}`,
        connections: CLIENTS,
        requests,
      };
      await autocannon({ ...opts, duration: WARMUP });
      const r = await autocannon({ ...opts, duration: SECONDS });
      const p95 = (r.latency as unknown as Record<string, number>).p97_5 ?? r.latency.p99;
      rows.push({ page, p50: r.latency.p50, p95, rps: r.requests.average, non2xx: r.non2xx });
      console.log(
        `  ${page}: p50 ${r.latency.p50} ms, p97.5 ${p95} ms, ${r.requests.average.toFixed(0)} req/s, ${r.non2xx} non-2xx`,
      );
    }
  } finally {
    child.disconnect();
  }
  return rows;
}

async function run(name: string, url: string, file: string | null) {
  console.log(`\n${name}: filling ${PLANS} plans (${PLANS * ACTIVITIES} activities)`);
  const { rates, seconds } = await fill(url);
  const bytes = await sizeOf(url, file);
  const perActivity = bytes / (PLANS * ACTIVITIES);
  console.log(
    `  filled in ${seconds.toFixed(0)} s; ${(bytes / 1e6).toFixed(0)} MB, ${perActivity.toFixed(0)} bytes per activity`,
  );
  const rows = await measure(url);
  return { name, rates, perActivity, rows };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "wp-scale-"));
  const results = [];
  try {
    const file = join(dir, "scale.sqlite");
    results.push(await run("SQLite", file, file));
    const pgUrl = process.env.SCALE_PG_URL;
    if (pgUrl) {
      const name = `wp_scale_${process.pid}`;
      const admin = new pg.Client({ connectionString: pgUrl });
      await admin.connect();
      await admin.query(`create database ${name}`);
      try {
        const u = new URL(pgUrl);
        u.pathname = `/${name}`;
        results.push(await run("PostgreSQL", u.toString(), null));
      } finally {
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `\n${PLANS} plans, ${PLANS * ACTIVITIES} activities; ${CLIENTS} clients, ${SECONDS} s after ${WARMUP} s warm-up, random plans`,
  );
  console.log(
    `| | ${results.map((r) => r.name).join(" | ")} |\n|---|${results.map(() => "---|").join("")}`,
  );
  for (const page of Object.keys(PAGES)) {
    const cells = results.map((r) => {
      const row = r.rows.find((x) => x.page === page);
      return row
        ? `p50 ${row.p50} / p97.5 ${row.p95} ms (${row.rps.toFixed(0)}/s${row.non2xx ? `, ${row.non2xx} non-2xx` : ""})`
        : "";
    });
    console.log(`| ${page} | ${cells.join(" | ")} |`);
  }
  console.log(
    `| import plans/s per tenth | ${results.map((r) => r.rates.map((x) => x.toFixed(0)).join(" ")).join(" | ")} |`,
  );
  console.log(
    `| bytes per activity | ${results.map((r) => r.perActivity.toFixed(0)).join(" | ")} |`,
  );
}

if (process.argv.includes("--serve"))
  await serve(process.argv[process.argv.indexOf("--serve") + 1] ?? "");
else await main();
