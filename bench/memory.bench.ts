/**
 * Resident memory of the server under mixed load: `workplan serve` (as shipped) on a
 * database (DATABASE_URL, e.g. one bench/scale.ts filled; default: a fresh SQLite file with
 * the GEALC 2023 example), 8 clients requesting every anonymous portal page (dashboards and
 * execution included) and the API document in three languages for MEMORY_SECONDS (60),
 * while the plan changes every 5 s (so pages and charts are drawn anew), asking as browsers
 * do (Accept-Encoding: gzip, br), then idle for
 * 15 s. RSS is sampled every second from /proc; prints its maximum during the load and its
 * value after. Goal: under 250 MB. Heavy libraries (vega, docx, exceljs, playwright,
 * mammoth, nodemailer) are checked to be not loaded at start. Run:
 *   node bench/memory.bench.ts
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import autocannon from "autocannon";
import { createDb } from "../src/db/create-db.ts";
import { listPlans, touchPlan } from "../src/db/plan.repository.ts";
import { BROWSER_HEADERS, ROOT, startShipped, whereTheMemoryIs } from "./shipped-server.ts";

const SECONDS = Number(process.env.MEMORY_SECONDS ?? 60);
const AFTER_S = 15;
const GOAL_MB = 250;
const HEAVY = ["vega", "docx", "exceljs", "playwright-core", "mammoth", "nodemailer"];

/** CPU time process `pid` has used, in ms (Linux /proc; clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "wp-memory-"));
  const database = process.env.DATABASE_URL ?? join(dir, "bench.sqlite");
  const loaded = new Set<string>();
  // The server as shipped (bin/workplan, its V8 flags and malloc settings), telling us
  // what it loads; a fresh database gets the example.
  const server = await startShipped(database, {
    env: {
      NODE_OPTIONS: `--require ${join(ROOT, "bench/module-log.cjs")} ${process.env.SERVER_NODE_ARGS ?? ""}`,
      LOAD_EXAMPLE: process.env.DATABASE_URL ? "0" : "1",
    },
    onMessage: (m) => loaded.add(String(m)),
  });
  const { base } = server;
  console.log(`memory: the server runs ${server.runtime}`);
  try {
    const pid = server.pid;
    const atStart = HEAVY.filter((h) => loaded.has(h));
    const handle = await createDb(database);
    const plans = (await listPlans(handle.db)).filter((p) => p.lifecycleStatus === "approved");
    const pick = plans.slice(0, 50);
    const paths: string[] = [];
    for (const p of pick) {
      const pp = `/${p.network.slug}/${p.year}`;
      for (const lang of ["en", "es", "pt"]) {
        for (const page of [
          "",
          "/areas/3.1",
          "/activities/3.1.1",
          "/annex",
          "/dashboard",
          "/reports",
        ])
          paths.push(`${pp}${page}?lang=${lang}`);
        paths.push(`/${p.network.slug}?lang=${lang}`, `/${p.network.slug}/execution?lang=${lang}`);
      }
      paths.push(`/api/v1/networks/${p.network.slug}/plans/${p.year}`);
    }
    console.log(
      `memory: ${paths.length} URLs over ${pick.length} plans, 8 connections, ${SECONDS} s, then ${AFTER_S} s idle`,
    );
    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(rssMb(pid)), 1000);
    const toucher = setInterval(() => {
      const p = pick[Math.floor(Math.random() * pick.length)];
      if (p) void touchPlan(handle.db, p.id, new Date().toISOString());
    }, 5000);
    const cpu0 = cpuMs(pid);
    const r = await autocannon({
      url: base + paths[0],
      connections: 8,
      duration: SECONDS,
      // As browsers ask: pages kept compressed go out as they are kept.
      headers: BROWSER_HEADERS,
      requests: paths.map((path) => ({ path })),
    });
    clearInterval(toucher);
    const cpuPerRequest = (cpuMs(pid) - cpu0) / Math.max(1, r.requests.total);
    const during = Math.max(...samples);
    await sleep(AFTER_S * 1000);
    clearInterval(sampler);
    const after = rssMb(pid);
    await handle.close();
    console.log(
      `  ${r.requests.total} requests (${r.non2xx} non-2xx), ${r.requests.average.toFixed(0)} req/s, p99 ${r.latency.p99} ms, server CPU ${cpuPerRequest.toFixed(2)} ms/request (load average ${loadavg()[0]?.toFixed(1)})`,
    );
    console.log(
      `  RSS max during ${during.toFixed(0)} MB, after ${after.toFixed(0)} MB (goal < ${GOAL_MB} MB) ${during < GOAL_MB ? "met" : "NOT met"}`,
    );
    console.log(`  RSS every second: ${samples.map((s) => s.toFixed(0)).join(" ")}`);
    console.log(`  after: ${await whereTheMemoryIs(base, pid)}`);
    console.log(
      `  heavy libraries loaded at start: ${atStart.length ? atStart.join(", ") : "none"}; after the load: ${HEAVY.filter((h) => loaded.has(h)).join(", ") || "none"}`,
    );
    if (during >= GOAL_MB || atStart.length > 0) process.exitCode = 1;
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
