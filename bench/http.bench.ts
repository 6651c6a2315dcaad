/**
 * The served path against the fastest it could be: the real server (API and portal, as
 * `workplan serve` builds it, listening on 127.0.0.1, a SQLite file holding the published
 * GEALC 2023 example) against a bare node:http server in the same process returning the
 * same bytes from memory: the same body and the same response headers (those the app sent,
 * its request id's value included, so the same size), the same keep-alive timeout. Load:
 * autocannon, 10 keep-alive connections asking as browsers do (Accept-Encoding: gzip, br:
 * both send the same compressed bytes), the same mix of URLs for both servers (each
 * anonymous portal page in three languages; the report's downloads). The servers' process runs on one CPU and the
 * load generator on the other (taskset; BENCH_PIN=0 leaves them free). After a warm-up of
 * each, a run is BENCH_SECONDS of each server in 1 s slices taken in turn (app, bare, bare,
 * app, ...), so a change in the machine's load falls on both alike; its ratio is the app's
 * requests over the bare server's, its p99 the median of its slices' p99. BENCH_RUNS runs,
 * the median printed, with the servers' CPU time per request (µs, from process.cpuUsage:
 * what a request costs, whatever else the machine runs) and the machine's load average.
 * Goals: the API's plan document >= 0.9x the bare server, every portal page (a cache hit)
 * >= 0.8x with p99 <= 2x the bare server's p99. Then a cache miss (the first render after
 * a change: a new server's empty caches, in the warm process), a single request, median of
 * 5: plan page <= 30 ms, dashboard <= 150 ms. Run:
 *   node bench/http.bench.ts          (BENCH_SECONDS=5 BENCH_RUNS=3 by default;
 *                                      BENCH_ONLY=<name part> measures some endpoints)
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, request as httpRequest } from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon, { type Result } from "autocannon";
import { silentLog } from "../src/app/deps.ts";
import { loadExample } from "../src/cli/commands/serve.ts";
import { CLI_ACTOR } from "../src/cli/db-deps.ts";
import { loadConfig } from "../src/config.ts";
import { createDb } from "../src/db/create-db.ts";
import { listen } from "../src/http/server.ts";
import { buildServer } from "../src/server/build-server.ts";
import { BROWSER_HEADERS } from "./shipped-server.ts";

const LANGS = ["en", "es", "pt"];
const P = "/gealc/2023";
/** name -> paths (without language) and the goal ratio. */
const ENDPOINTS: Record<string, { paths: string[]; goal: number; langs?: boolean }> = {
  "API plan document": { paths: ["/api/v1/networks/gealc/plans/2023"], goal: 0.9, langs: false },
  "network home": { paths: ["/gealc"], goal: 0.8 },
  "plan page": { paths: [P], goal: 0.8 },
  "area page": { paths: [`${P}/areas/3.1`, `${P}/areas/3.4`, `${P}/areas/3.9`], goal: 0.8 },
  "activity page": {
    paths: [`${P}/activities/3.1.5`, `${P}/activities/3.6.3`, `${P}/activities/3.9.3`],
    goal: 0.8,
  },
  "annex page": { paths: [`${P}/annex`], goal: 0.8 },
  dashboard: { paths: [`${P}/dashboard`], goal: 0.8 },
  "execution by year": { paths: ["/gealc/execution"], goal: 0.8 },
  "reports page": { paths: [`${P}/reports`], goal: 0.8 },
  "report downloads": {
    paths: [
      ...LANGS.map((l) => `${P}/reports/report.${l}.html`),
      `${P}/data/activities.csv`,
      `${P}/data/plan.xlsx`,
    ],
    goal: 0.8,
    langs: false,
  },
};
const MISSES = { "plan page": `${P}?lang=es`, dashboard: `${P}/dashboard?lang=es` };
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CONNECTIONS = 10;

const urlsOf = (e: { paths: string[]; langs?: boolean }) =>
  e.langs === false ? e.paths : e.paths.flatMap((p) => LANGS.map((l) => `${p}?lang=${l}`));

type Ports = { app: number; bare: number };

/** A GET as browsers send it, its headers and body as they come over the wire. */
function wireGet(url: string) {
  return new Promise<{ status: number; headers: string[]; body: Buffer }>((resolve, reject) => {
    const req = httpRequest(url, { headers: BROWSER_HEADERS }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.rawHeaders,
          body: Buffer.concat(chunks),
        }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** Child: the server and the bare one, side by side; reports their ports to the parent. */
async function serveBoth(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "wp-bench-"));
  const config = { ...loadConfig({ DATABASE_URL: join(dir, "bench.sqlite") }), port: 0 };
  const handle = await createDb(config.databaseUrl);
  const clock = () => new Date();
  await loadExample({ db: handle.db, clock, actor: CLI_ACTOR, log: silentLog });
  const app = await buildServer({ config, db: handle.db, clock });
  const url = await listen(app, config);

  // The baseline serves exactly what the app serves: its body and its headers (as a hit
  // sends them: the second answer), but those Node.js adds itself to both.
  const answers = new Map<string, { body: Buffer; headers: string[] }>();
  const ADDED = new Set(["date", "connection", "keep-alive", "transfer-encoding"]);
  // Asked as browsers ask (Accept-Encoding), so both send the same compressed bytes.
  for (const path of Object.values(ENDPOINTS).flatMap(urlsOf)) {
    await wireGet(url + path);
    const res = await wireGet(url + path);
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    const headers: string[] = [];
    for (let i = 0; i < res.headers.length; i += 2) {
      const k = String(res.headers[i]).toLowerCase();
      if (!ADDED.has(k)) headers.push(k, String(res.headers[i + 1]));
    }
    answers.set(path, { body: res.body, headers });
  }
  const bare = createServer((req, res) => {
    const hit = answers.get(req.url ?? "");
    if (!hit) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, hit.headers);
    res.end(hit.body);
  });
  bare.keepAliveTimeout = app.server.keepAliveTimeout;
  await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
  const address = bare.address();
  const ports: Ports = {
    app: Number(new URL(url).port),
    bare: typeof address === "object" && address ? address.port : 0,
  };
  process.on("message", async (m: { miss?: string; cpu?: boolean }) => {
    if (m.cpu) {
      const u = process.cpuUsage();
      process.send?.({ cpuUs: u.user + u.system });
      return;
    }
    if (!m.miss) return;
    // A first render: a server of its own (empty render and chart caches, as after a new
    // edition or approval), answering one request; the process (its JIT) stays warm.
    const fresh = await buildServer({ config, db: handle.db, clock });
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const res = await fresh.inject({ url: m.miss });
    const ms = performance.now() - t0;
    await fresh.close();
    const used = process.cpuUsage(c0);
    process.send?.({ ms, cpuMs: (used.user + used.system) / 1000, status: res.statusCode });
  });
  process.send?.(ports);
  process.on("disconnect", async () => {
    bare.close();
    await app.close();
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
}

async function load(port: number, urls: string[], duration: number): Promise<Result> {
  const r = await autocannon({
    url: `http://127.0.0.1:${port}${urls[0]}`,
    connections: CONNECTIONS,
    duration,
    headers: BROWSER_HEADERS,
    requests: urls.map((path) => ({ path })),
  });
  if (r.non2xx > 0 || r.errors > 0)
    throw new Error(`${urls[0]}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return r;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const fmt = (rps: number, p50: number, p99: number) =>
  `${rps.toFixed(0).padStart(7)} req/s  p50 ${String(p50).padStart(3)} ms  p99 ${String(p99).padStart(3)} ms`;
const load1 = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

/** One side's slices of a run: requests, seconds, slice p50s and p99s, CPU µs used. */
type Side = { requests: number; seconds: number; p50: number[]; p99: number[]; cpuUs: number };
const side = (): Side => ({ requests: 0, seconds: 0, p50: [], p99: [], cpuUs: 0 });

function pinSelf(): boolean {
  if (process.env.BENCH_PIN === "0") return false;
  try {
    execFileSync("taskset", ["-cp", "1", String(process.pid)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const pinned = pinSelf();
  const node = [
    process.execPath,
    ...(process.env.BENCH_CPU_PROF
      ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
      : []),
    fileURLToPath(import.meta.url),
    "--serve",
  ];
  const [cmd, ...args] = pinned ? ["taskset", "-c", "0", ...node] : node;
  const child = spawn(cmd as string, args, { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const ask = <T>(m: object) =>
    new Promise<T>((resolve) => {
      child.once("message", (r) => resolve(r as T));
      child.send(m);
    });
  const ports = await new Promise<Ports>((resolve, reject) => {
    child.once("message", (m) => resolve(m as Ports));
    child.once("exit", (code) => reject(new Error(`the servers exited (${code})`)));
  });
  let failed = false;
  try {
    console.log(
      `http: ${CONNECTIONS} connections, ${DURATION_S} s of each server per run in 1 s slices taken in turn, median of ${RUNS}; server vs bare node:http with the same bytes and headers; ${pinned ? "servers on CPU 0, load generator on CPU 1" : "not pinned"}; load average ${load1()} on ${cpus().length} CPUs`,
    );
    const rows: string[] = [];
    for (const [name, e] of Object.entries(ENDPOINTS)) {
      if (process.env.BENCH_ONLY && !name.includes(process.env.BENCH_ONLY)) continue;
      const urls = urlsOf(e);
      await load(ports.app, urls, 1);
      await load(ports.bare, urls, 1);
      const ratios: number[] = [];
      const runs: { app: Side; bare: Side }[] = [];
      for (let i = 0; i < RUNS; i++) {
        const run = { app: side(), bare: side() };
        for (let k = 0; k < DURATION_S; k++) {
          // app, bare, bare, app, ...: neither always goes first.
          const order = (i * DURATION_S + k) % 2 === 0 ? ["app", "bare"] : ["bare", "app"];
          for (const which of order as ("app" | "bare")[]) {
            const before = await ask<{ cpuUs: number }>({ cpu: true });
            const r = await load(ports[which], urls, 1);
            const after = await ask<{ cpuUs: number }>({ cpu: true });
            const s = run[which];
            s.requests += r.requests.total;
            s.seconds += r.duration;
            s.p50.push(r.latency.p50);
            s.p99.push(r.latency.p99);
            s.cpuUs += after.cpuUs - before.cpuUs;
          }
        }
        runs.push(run);
        ratios.push(run.app.requests / run.bare.requests);
      }
      const rps = (s: Side) => s.requests / s.seconds;
      const p99 = (s: Side) => median(s.p99);
      const cpu = (s: Side) => s.cpuUs / s.requests;
      const ratio = median(ratios);
      const ap99 = median(runs.map((r) => p99(r.app)));
      const bp99 = median(runs.map((r) => p99(r.bare)));
      const ok = ratio >= e.goal && ap99 <= Math.max(2 * bp99, 1);
      if (!ok) failed = true;
      const acpu = median(runs.map((r) => cpu(r.app)));
      const bcpu = median(runs.map((r) => cpu(r.bare)));
      console.log(`${name} (${urls.length} URLs; load average ${load1()})`);
      console.log(
        `  app       ${fmt(median(runs.map((r) => rps(r.app))), median(runs.map((r) => median(r.app.p50))), ap99)}  cpu ${acpu.toFixed(0)} µs/req`,
      );
      console.log(
        `  baseline  ${fmt(median(runs.map((r) => rps(r.bare))), median(runs.map((r) => median(r.bare.p50))), bp99)}  cpu ${bcpu.toFixed(0)} µs/req`,
      );
      console.log(
        `  ratio     ${ratio.toFixed(2)} (runs ${ratios.map((r) => r.toFixed(2)).join(" ")}; goal >= ${e.goal.toFixed(2)}), p99 ${ap99}/${bp99} ms (goal <= 2x) ${ok ? "met" : "NOT met"}`,
      );
      rows.push(
        `| ${name} | ${ratio.toFixed(2)} | ${ap99} | ${bp99} | ${acpu.toFixed(0)} / ${bcpu.toFixed(0)} | ${ok ? "met" : "NOT met"} |`,
      );
    }
    console.log(
      `\n| page | ratio (median) | p99 app ms | p99 bare ms | CPU µs/req app / bare | goal |\n|---|---|---|---|---|---|`,
    );
    for (const r of rows) console.log(r);

    console.log("\ncache miss: first render after a change, single request, median of 5");
    for (const [name, path] of Object.entries(MISSES)) {
      const ms: number[] = [];
      const cpuMs: number[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await ask<{ ms: number; cpuMs: number; status: number }>({ miss: path });
        if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
        ms.push(r.ms);
        cpuMs.push(r.cpuMs);
      }
      const goal = name === "dashboard" ? 150 : 30;
      const m = median(ms);
      if (m > goal) failed = true;
      console.log(
        `  ${name.padEnd(10)} ${m.toFixed(1).padStart(6)} ms (runs ${ms.map((x) => x.toFixed(0)).join(" ")}; goal <= ${goal} ms) ${m <= goal ? "met" : "NOT met"}; CPU ${median(cpuMs).toFixed(1)} ms; load average ${load1()}`,
      );
    }
    console.log(`load average at the end ${load1()}`);
    if (failed) process.exitCode = 1;
  } finally {
    child.disconnect();
  }
}

if (process.argv.includes("--serve")) await serveBoth();
else await main();
