/**
 * The app at scale, not run by `npm run bench` (it takes long): fills a database through the
 * app's own import use case (importReport, drafts) with SCALE_PLANS plans (default 25,000:
 * 2,500 networks x 10 years of the GEALC 2023 plan, ~1,000,000 activities), printing import
 * plans/s per tenth (it must not slow down as the database grows) and the bytes per
 * activity; then marks the plans approved and published (one UPDATE: a bench shortcut, so
 * anonymous readers see them) and serves them from `bin/workplan serve` (as shipped: its
 * Node.js flags and malloc settings) to SCALE_CLIENTS (8) keep-alive clients, asking as
 * browsers do (Accept-Encoding: gzip, br), requesting random plans for
 * SCALE_SECONDS (60) after SCALE_WARMUP (10) seconds, per page (SCALE_PAGES: some, e.g.
 * "dashboard,plan page"), printing p50/p95 and the resident memory. Runs on
 * SQLite, and on PostgreSQL when SCALE_PG_URL names a server (a database wp_scale_<pid> is
 * made there and dropped after; SCALE_PG_DB names one to keep, as SCALE_DB a SQLite file).
 * SCALE_IMPORTERS importers fill at once (default 1 on SQLite, 8 on PostgreSQL). Run:
 *   SCALE_PLANS=2500 SCALE_PG_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/scale.ts
 */
import type { EventEmitter } from "node:events";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon, { type Result } from "autocannon";
import { sql } from "kysely";
import pg from "pg";
import { type Deps, silentLog } from "../src/app/deps.ts";
import { importReport } from "../src/app/import-report.ts";
import { CLI_ACTOR } from "../src/cli/db-deps.ts";
import type { PlanDocument } from "../src/core/plan.ts";
import { createDb } from "../src/db/create-db.ts";
import { BROWSER_HEADERS, startShipped, whereTheMemoryIs } from "./shipped-server.ts";

const PLANS = Number(process.env.SCALE_PLANS ?? 25_000);
/**
 * Importers at once while filling (SCALE_IMPORTERS): one on SQLite (one writer; more only
 * queue), eight on PostgreSQL, whose commits wait for the disk (an fsync each; concurrent
 * commits share one) as many secretariats importing at once would.
 */
const IMPORTERS = {
  sqlite: Number(process.env.SCALE_IMPORTERS ?? 1),
  pg: Number(process.env.SCALE_IMPORTERS ?? 8),
};
const YEARS = 10;
const CLIENTS = Number(process.env.SCALE_CLIENTS ?? 8);
const SECONDS = Number(process.env.SCALE_SECONDS ?? 60);
const WARMUP = Number(process.env.SCALE_WARMUP ?? 10);
const AFTER = Number(process.env.SCALE_AFTER ?? 15);
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

type Row = {
  page: string;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  non2xx: number;
  errors: number;
  /** The server's CPU time per request (ms): what the shared machine's load does not change. */
  cpu: number;
  /** Its children's (the chart renderer's) CPU time per request (ms). */
  childCpu: number;
};

/** The q-quantile of sorted latencies (ms). */
function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/** CPU time process `pid` has used, in ms (Linux /proc; clock ticks of 10 ms), or NaN. */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** The resident memory of process `pid` in MB (Linux /proc), or NaN. */
function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * The processes `pid` started (Linux /proc: those whose parent it is), e.g. the chart renderer
 * the server forks to draw dashboards: their memory and CPU are the server's too.
 */
function childrenOf(pid: number): number[] {
  const kids: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid)
        kids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return kids;
}

/** The summed resident memory (MB) and CPU time (ms) of `pid`'s children now (0 without any). */
function childrenUse(pid: number): { rss: number; cpu: number } {
  let rss = 0;
  let cpu = 0;
  for (const kid of childrenOf(pid)) {
    rss += rssMb(kid) || 0;
    cpu += cpuMs(kid) || 0;
  }
  return { rss, cpu };
}

/**
 * Fills the database, timing each tenth by the wall clock and by this process's CPU time (on a
 * shared machine the wall clock measures the neighbours too; on SQLite all of an import's
 * work is this process's, so plans per CPU-second shows whether the work per plan grows).
 */
async function fill(
  url: string,
  importers: number,
): Promise<{ rates: number[]; cpuRates: number[]; seconds: number }> {
  const handle = await createDb(url);
  const deps: Deps = { db: handle.db, clock: () => new Date(), actor: CLI_ACTOR, log: silentLog };
  const rates: number[] = [];
  const cpuRates: number[] = [];
  let cpu = process.cpuUsage();
  const tenth = Math.max(1, Math.floor(PLANS / 10));
  const t0 = performance.now();
  let t = t0;
  let done = 0;
  const imported = () => {
    done++;
    if (done % tenth !== 0) return;
    const now = performance.now();
    rates.push(tenth / ((now - t) / 1000));
    const used = process.cpuUsage(cpu);
    cpuRates.push(tenth / ((used.user + used.system) / 1e6));
    cpu = process.cpuUsage();
    t = now;
    process.stdout.write(
      `  ${done} plans, ${rates.at(-1)?.toFixed(0)} plans/s, ${cpuRates.at(-1)?.toFixed(0)} plans per CPU-second\n`,
    );
  };
  // IMPORTERS importers at once, each taking a whole network (its years in order: the first
  // import makes the network), as networks' secretariats import side by side.
  let nextNetwork = 0;
  const importer = async () => {
    for (let n = nextNetwork++; n * YEARS < PLANS; n = nextNetwork++) {
      for (let i = n * YEARS; i < Math.min(PLANS, (n + 1) * YEARS); i++) {
        const slug = slugOf(i);
        const base = seedOf(yearOf(i));
        const doc = { ...base, network: { ...base.network, slug, name: `Network ${slug}` } };
        await importReport(deps, { document: doc });
        imported();
      }
    }
  };
  await Promise.all(Array.from({ length: importers }, importer));
  await handle.close();
  return { rates, cpuRates, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Bench shortcut: every plan approved and its report published by one UPDATE, so the public
 * reads them; the next open (migrateToLatest → freezeUnfrozenPlans) then gives each its
 * first frozen public view (edition documents), as for plans an older release published.
 * Returns how long that freezing took.
 */
async function publish(url: string): Promise<number> {
  const handle = await createDb(url, { migrate: false });
  await sql`update plans set lifecycle_status = 'approved', report_status = 'published', approved_by_assembly = 1, revision = revision + 1`.execute(
    handle.db,
  );
  // The planner's statistics of a million freshly loaded rows, as autovacuum gathers them
  // (a server may run without it: this machine's does): without them PostgreSQL guesses its
  // plans for whole batches of plans, and scans.
  if (/^postgres(ql)?:/.test(url)) await sql`analyze`.execute(handle.db);
  await handle.close();
  const t0 = performance.now();
  const frozen = await createDb(url);
  await frozen.close();
  return (performance.now() - t0) / 1000;
}

async function sizeOf(url: string, file: string | null): Promise<number> {
  if (file) {
    const handle = await createDb(url, { migrate: false });
    await sql`pragma wal_checkpoint(truncate)`.execute(handle.db);
    const tables = await sql<{ name: string; bytes: number }>`
      select name, sum(pgsize) as bytes from dbstat group by name order by bytes desc limit 12`.execute(
      handle.db,
    );
    const per = (b: number) => (b / (PLANS * ACTIVITIES)).toFixed(0);
    console.log(
      `  bytes per activity by table or index: ${tables.rows.map((t) => `${t.name} ${per(t.bytes)}`).join(", ")}`,
    );
    await handle.close();
    return statSync(file).size;
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const r = await c.query("select pg_database_size(current_database()) as n");
  await c.end();
  return Number(r.rows[0].n);
}

type PlanKey = { slug: string; year: number };

function randomPath(
  plans: readonly PlanKey[],
  page: (slug: string, year: number, lang: string) => string,
): () => string {
  const langs = ["en", "es", "pt"];
  return () => {
    const p = plans[Math.floor(Math.random() * plans.length)] as PlanKey;
    return page(p.slug, p.year, langs[Math.floor(Math.random() * 3)] ?? "en");
  };
}

/** The plans the database holds (a database served as it is may hold fewer than PLANS). */
async function plansIn(url: string): Promise<PlanKey[]> {
  const handle = await createDb(url, { migrate: false });
  const rows =
    await sql<PlanKey>`select n.slug as slug, p.year as year from plans p join networks n on n.id = p.network_id`.execute(
      handle.db,
    );
  await handle.close();
  return rows.rows.map((r) => ({ slug: r.slug, year: Number(r.year) }));
}

/** p95 goals per page (issue 18). */
const GOALS: Record<string, string> = {
  "API plan document": "p95 < 20",
  "plan page": "p95 < 20",
  "network home": "p95 < 50",
  "execution by year": "p95 < 50",
  dashboard: "",
};

const PAGES: Record<string, (s: string, y: number, l: string) => string> = {
  "API plan document": (s, y) => `/api/v1/networks/${s}/plans/${y}`,
  "plan page": (s, y, l) => `/${s}/${y}?lang=${l}`,
  "network home": (s, _y, l) => `/${s}?lang=${l}`,
  "execution by year": (s, _y, l) => `/${s}/execution?lang=${l}`,
  dashboard: (s, y, l) => `/${s}/${y}/dashboard?lang=${l}`,
};

/** Waits until the server has kept every page its editions lack (its /metrics says so). */
async function keptPagesSettled(
  base: string,
  pid?: number,
): Promise<{ asked: number; failed: number; ms: number; cpuMs: number }> {
  const t0 = performance.now();
  const cpu0 = pid ? cpuMs(pid) : 0;
  for (;;) {
    const text = await (await fetch(`${base}/metrics`)).text();
    const n = (re: RegExp) => Number(re.exec(text)?.[1] ?? Number.NaN);
    if (n(/^workplan_kept_pages_busy (\d+)/m) === 0) {
      return {
        asked:
          n(/^workplan_kept_pages_asked_total\{outcome="ok"\} (\d+)/m) +
          n(/^workplan_kept_pages_asked_total\{outcome="failed"\} (\d+)/m),
        failed: n(/^workplan_kept_pages_asked_total\{outcome="failed"\} (\d+)/m),
        ms: performance.now() - t0,
        cpuMs: pid ? cpuMs(pid) - cpu0 : 0,
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

type Measured = {
  rows: Row[];
  rssLoad: number[];
  rssAfter: number[];
  /** The server's children's (the chart renderer's) summed RSS, each second, under load. */
  childRss: number[];
  startMs: number;
};

async function measure(url: string): Promise<Measured> {
  const plans = await plansIn(url);
  console.log(`  requesting ${plans.length} plans at random`);
  // The server as shipped: `bin/workplan serve`, with its Node.js flags and environment.
  const server = await startShipped(url);
  console.log(`  the server runs ${server.runtime}`);
  const { pid, startMs } = server;
  const port = Number(new URL(server.base).port);
  const rssLoad: number[] = [];
  const rssAfter: number[] = [];
  const childRss: number[] = [];
  let sink = rssLoad;
  const sampler = setInterval(() => {
    sink.push(rssMb(pid));
    if (sink === rssLoad) childRss.push(childrenUse(pid).rss);
  }, 1000);
  const rows: Row[] = [];
  try {
    // What publication would have done: the server keeps each edition's plan page rendered
    // (a publication kicks it; this bench published by an UPDATE). Measured once it is done.
    const kept = await keptPagesSettled(server.base, pid);
    console.log(
      `  kept pages: ${kept.asked} asked (${kept.failed} failed) in ${(kept.ms / 1000).toFixed(0)} s, server CPU ${kept.cpuMs > 0 ? (kept.cpuMs / Math.max(1, kept.asked)).toFixed(1) : "?"} ms a page`,
    );
    console.log(`  before the load: ${await whereTheMemoryIs(server.base, pid)}`);
    const only = process.env.SCALE_PAGES?.split(",");
    for (const [page, make] of Object.entries(PAGES)) {
      if (only && !only.some((o) => page.includes(o))) continue;
      // Every request picks its own random plan and language: a connection never walks a list
      // another has just walked (which would measure the render cache, not the database).
      const next = randomPath(plans, make);
      const opts = {
        url: `http://127.0.0.1:${port}${next()}`,
        connections: CLIENTS,
        // As browsers ask: pages kept compressed go out as they are kept.
        headers: BROWSER_HEADERS,
        requests: [{ setupRequest: (req: object) => ({ ...req, path: next() }) }],
      };
      await autocannon({ ...opts, duration: WARMUP } as never);
      const latencies: number[] = [];
      const cpu0 = cpuMs(pid);
      const kidsCpu0 = childrenUse(pid).cpu;
      const run = autocannon({
        ...opts,
        duration: SECONDS,
      } as never) as unknown as Promise<Result> & EventEmitter;
      run.on("response", (_c: unknown, _status: number, _bytes: number, ms: number) => {
        latencies.push(ms);
      });
      const r = await run;
      const cpu = (cpuMs(pid) - cpu0) / Math.max(1, latencies.length);
      // A child that exited during the run takes its CPU time with it: a lower bound then.
      const kidsCpu = Math.max(0, childrenUse(pid).cpu - kidsCpu0) / Math.max(1, latencies.length);
      latencies.sort((a, b) => a - b);
      const row = {
        page,
        p50: quantile(latencies, 0.5),
        p95: quantile(latencies, 0.95),
        p99: quantile(latencies, 0.99),
        rps: r.requests.average,
        non2xx: r.non2xx,
        errors: r.errors,
        cpu,
        childCpu: kidsCpu,
      };
      rows.push(row);
      console.log(
        `  ${page}: p50 ${ms(row.p50)} / p95 ${ms(row.p95)} / p99 ${ms(row.p99)} ms, ${row.rps.toFixed(0)} req/s, ${r.non2xx} non-2xx, ${r.errors} errors, server CPU ${row.cpu.toFixed(1)} ms/request (its children ${row.childCpu.toFixed(1)}); RSS max so far ${Math.max(...rssLoad).toFixed(0)} MB (its children ${Math.max(0, ...childRss).toFixed(0)} MB)`,
      );
      console.log(`    then: ${await whereTheMemoryIs(server.base, pid)}`);
    }
    // After the load: does the memory come back down, or stay?
    sink = rssAfter;
    await new Promise((resolve) => setTimeout(resolve, AFTER * 1000));
    console.log(`  after: ${await whereTheMemoryIs(server.base, pid)}`);
  } finally {
    clearInterval(sampler);
    await server.stop();
  }
  console.log(`  RSS each second under load (MB): ${rssLoad.map((x) => x.toFixed(0)).join(" ")}`);
  console.log(`  RSS each second after (MB): ${rssAfter.map((x) => x.toFixed(0)).join(" ")}`);
  console.log(
    `  its children's RSS each second under load (MB): ${childRss.map((x) => x.toFixed(0)).join(" ")}`,
  );
  return { rows, rssLoad, rssAfter, childRss, startMs };
}

const ms = (x: number) => (x < 10 ? x.toFixed(1) : x.toFixed(0));

async function run(name: string, url: string, file: string | null, reuse: boolean) {
  console.log(
    `\n${name}: ${reuse ? "serving" : "filling"} ${PLANS} plans (${PLANS * ACTIVITIES} activities)`,
  );
  const { rates, cpuRates, seconds } = reuse
    ? { rates: [], cpuRates: [], seconds: 0 }
    : await fill(url, IMPORTERS[file ? "sqlite" : "pg"]);
  // The imported drafts' bytes (what the issue counts: no edition files yet).
  const bytes = await sizeOf(url, file);
  const perActivity = bytes / (PLANS * ACTIVITIES);
  console.log(
    `  filled in ${seconds.toFixed(0)} s; ${(bytes / 1e6).toFixed(0)} MB, ${perActivity.toFixed(0)} bytes per activity`,
  );
  if (!reuse) {
    const frozenIn = await publish(url);
    console.log(
      `  approved and published; their first public views frozen in ${frozenIn.toFixed(0)} s`,
    );
  }
  // Fill only: back to main, which still drops a PostgreSQL database it made.
  if (process.env.SCALE_FILL_ONLY) return null;
  const measured = await measure(url);
  return { name, rates, cpuRates, perActivity, ...measured };
}

async function main(): Promise<void> {
  // SCALE_DB names a SQLite file to fill and keep (or, when it exists, to serve as it is).
  const kept = process.env.SCALE_DB;
  const dir = kept ? null : mkdtempSync(join(tmpdir(), "wp-scale-"));
  const results: NonNullable<Awaited<ReturnType<typeof run>>>[] = [];
  const keep = (r: Awaited<ReturnType<typeof run>>) => {
    if (r) results.push(r);
  };
  try {
    const file = kept ?? join(dir as string, "scale.sqlite");
    if (process.env.SCALE_SQLITE !== "0") keep(await run("SQLite", file, file, existsSync(file)));
    const pgUrl = process.env.SCALE_PG_URL;
    if (pgUrl) {
      // SCALE_PG_DB names a database to fill and keep (or, when it exists, to serve as it is);
      // without it a database wp_scale_<pid> is made and dropped after.
      const name = process.env.SCALE_PG_DB ?? `wp_scale_${process.pid}`;
      const admin = new pg.Client({ connectionString: pgUrl });
      await admin.connect();
      const exists =
        (await admin.query("select 1 from pg_database where datname = $1", [name])).rowCount === 1;
      if (!exists) await admin.query(`create database ${name}`);
      try {
        const u = new URL(pgUrl);
        u.pathname = `/${name}`;
        keep(await run("PostgreSQL", u.toString(), null, exists));
      } finally {
        if (!process.env.SCALE_PG_DB)
          await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    }
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
  if (process.env.SCALE_FILL_ONLY) return;
  console.log(
    `\n${PLANS} plans, ${PLANS * ACTIVITIES} activities (imported as drafts through importReport, then approved and published by one UPDATE); ${CLIENTS} keep-alive clients, ${SECONDS} s per page after ${WARMUP} s warm-up, a random plan and language per request, anonymous`,
  );
  console.log(
    `| | goal | ${results.map((r) => r.name).join(" | ")} |\n|---|---|${results.map(() => "---|").join("")}`,
  );
  const line = (label: string, goal: string, cells: string[]) =>
    console.log(`| ${label} | ${goal} | ${cells.join(" | ")} |`);
  for (const [page, goal] of Object.entries(GOALS)) {
    line(
      `${page} p50 / p95 / p99 ms`,
      goal,
      results.map((r) => {
        const row = r.rows.find((x) => x.page === page);
        if (!row) return "";
        const bad = row.non2xx + row.errors;
        return `${ms(row.p50)} / ${ms(row.p95)} / ${ms(row.p99)} (${row.rps.toFixed(0)}/s, CPU ${row.cpu.toFixed(1)}${row.childCpu > 0 ? ` + children ${row.childCpu.toFixed(1)}` : ""} ms/req${bad ? `, ${bad} failed` : ""})`;
      }),
    );
  }
  line(
    "import plans/s per tenth",
    "≥ 100, flat",
    results.map((r) => r.rates.map((x) => x.toFixed(0)).join(" ")),
  );
  line(
    "import plans per CPU-second per tenth",
    "flat",
    results.map((r) => r.cpuRates.map((x) => x.toFixed(0)).join(" ")),
  );
  line(
    "KB per activity",
    "≤ 2.5",
    // A database served as it is holds its published editions too: not the figure asked for.
    results.map((r) =>
      r.rates.length > 0 ? (r.perActivity / 1000).toFixed(2) : "(filled earlier)",
    ),
  );
  line(
    "RSS max under load / after, MB",
    "< 250",
    results.map(
      (r) => `${Math.max(...r.rssLoad).toFixed(0)} / ${Math.max(...r.rssAfter).toFixed(0)}`,
    ),
  );
  line(
    "its children's (chart renderer's) RSS max under load, MB",
    "",
    results.map((r) => Math.max(0, ...r.childRss).toFixed(0)),
  );
  line(
    "server start, ms",
    "",
    results.map((r) => r.startMs.toFixed(0)),
  );
}

await main();
