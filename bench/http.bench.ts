/**
 * The served path against the fastest it could be: the real server (API and portal, as
 * `workplan serve` builds it, listening on 127.0.0.1, a SQLite file holding the published
 * GEALC 2023 example) against a bare node:http server returning the same bytes from
 * memory, measured with autocannon in the same run (10 connections, BENCH_SECONDS each,
 * after a warm-up), BENCH_RUNS times (median printed). Each anonymous portal page is a mix
 * of its URLs in three languages (the same mix for both servers). Goals: the API's plan
 * document >= 0.9x the bare server, every portal page (a cache hit) >= 0.8x with p99 <= 2x
 * the bare server's p99. Then a cache miss (the first render after a change: a new server's
 * empty caches, in the warm process), a single request, median of 5: plan page <= 30 ms,
 * dashboard <= 150 ms. Run:
 *   node bench/http.bench.ts          (BENCH_SECONDS=5 BENCH_RUNS=3 by default)
 */
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
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
};
const MISSES = { "plan page": `${P}?lang=es`, dashboard: `${P}/dashboard?lang=es` };
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CONNECTIONS = 10;

const urlsOf = (e: { paths: string[]; langs?: boolean }) =>
  e.langs === false ? e.paths : e.paths.flatMap((p) => LANGS.map((l) => `${p}?lang=${l}`));

type Ports = { app: number; bare: number };

/** Child: the server and the bare one, side by side; reports their ports to the parent. */
async function serveBoth(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "wp-bench-"));
  const config = { ...loadConfig({ DATABASE_URL: join(dir, "bench.sqlite") }), port: 0 };
  const handle = await createDb(config.databaseUrl);
  const clock = () => new Date();
  await loadExample({ db: handle.db, clock, actor: CLI_ACTOR, log: silentLog });
  const app = await buildServer({ config, db: handle.db, clock });
  const url = await listen(app, config);

  // The baseline serves exactly what the app serves, with the same content types.
  const bodies = new Map<string, { body: Buffer; type: string }>();
  for (const path of Object.values(ENDPOINTS).flatMap(urlsOf)) {
    const res = await fetch(url + path);
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    bodies.set(path, {
      body: Buffer.from(await res.arrayBuffer()),
      type: res.headers.get("content-type") ?? "application/octet-stream",
    });
  }
  const bare = createServer((req, res) => {
    const hit = bodies.get(req.url ?? "");
    if (!hit) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": hit.type, "content-length": hit.body.length });
    res.end(hit.body);
  });
  await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
  const address = bare.address();
  const ports: Ports = {
    app: Number(new URL(url).port),
    bare: typeof address === "object" && address ? address.port : 0,
  };
  process.on("message", async (m: { miss?: string }) => {
    if (!m.miss) return;
    // A first render: a server of its own (empty render and chart caches, as after a new
    // edition or approval), answering one request; the process (its JIT) stays warm.
    const fresh = await buildServer({ config, db: handle.db, clock });
    const t0 = performance.now();
    const res = await fresh.inject({ url: m.miss });
    const ms = performance.now() - t0;
    await fresh.close();
    process.send?.({ ms, status: res.statusCode });
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
    requests: urls.map((path) => ({ path })),
  });
  if (r.non2xx > 0 || r.errors > 0)
    throw new Error(`${urls[0]}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return r;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const fmt = (rps: number, p50: number, p99: number) =>
  `${rps.toFixed(0).padStart(7)} req/s  p50 ${String(p50).padStart(3)} ms  p99 ${String(p99).padStart(3)} ms`;

async function main(): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), ["--serve"], {
    execArgv: [
      ...(process.env.BENCH_CPU_PROF
        ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
        : []),
    ],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const ports = await new Promise<Ports>((resolve, reject) => {
    child.once("message", (m) => resolve(m as Ports));
    child.once("exit", (code) => reject(new Error(`the servers exited (${code})`)));
  });
  let failed = false;
  try {
    console.log(
      `http: ${CONNECTIONS} connections, ${DURATION_S} s per run, median of ${RUNS}, server vs bare node:http with the same bytes`,
    );
    const rows: string[] = [];
    for (const [name, e] of Object.entries(ENDPOINTS)) {
      if (process.env.BENCH_ONLY && !name.includes(process.env.BENCH_ONLY)) continue;
      const urls = urlsOf(e);
      await load(ports.app, urls, 1);
      await load(ports.bare, urls, 1);
      const ratios: number[] = [];
      const a: Result[] = [];
      const b: Result[] = [];
      for (let i = 0; i < RUNS; i++) {
        const ra = await load(ports.app, urls, DURATION_S);
        const rb = await load(ports.bare, urls, DURATION_S);
        a.push(ra);
        b.push(rb);
        ratios.push(ra.requests.average / rb.requests.average);
      }
      const ratio = median(ratios);
      const ap99 = median(a.map((r) => r.latency.p99));
      const bp99 = median(b.map((r) => r.latency.p99));
      const ok = ratio >= e.goal && ap99 <= Math.max(2 * bp99, 1);
      if (!ok) failed = true;
      console.log(`${name} (${urls.length} URLs)`);
      console.log(
        `  app       ${fmt(median(a.map((r) => r.requests.average)), median(a.map((r) => r.latency.p50)), ap99)}`,
      );
      console.log(
        `  baseline  ${fmt(median(b.map((r) => r.requests.average)), median(b.map((r) => r.latency.p50)), bp99)}`,
      );
      console.log(
        `  ratio     ${ratio.toFixed(2)} (runs ${ratios.map((r) => r.toFixed(2)).join(" ")}; goal >= ${e.goal.toFixed(2)}), p99 ${ap99}/${bp99} ms (goal <= 2x) ${ok ? "met" : "NOT met"}`,
      );
      rows.push(
        `| ${name} | ${ratio.toFixed(2)} | ${ap99} | ${bp99} | ${ok ? "met" : "NOT met"} |`,
      );
    }
    console.log(
      "\n| page | ratio (median) | p99 app ms | p99 bare ms | goal |\n|---|---|---|---|---|",
    );
    for (const r of rows) console.log(r);

    console.log("\ncache miss: first render after a change, single request, median of 5");
    for (const [name, path] of Object.entries(MISSES)) {
      const ms: number[] = [];
      for (let i = 0; i < 5; i++) {
        child.send({ miss: path });
        const r = await new Promise<{ ms: number; status: number }>((resolve) =>
          child.once("message", (m) => resolve(m as { ms: number; status: number })),
        );
        if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
        ms.push(r.ms);
      }
      const goal = name === "dashboard" ? 150 : 30;
      const m = median(ms);
      if (m > goal) failed = true;
      console.log(
        `  ${name.padEnd(10)} ${m.toFixed(1).padStart(6)} ms (runs ${ms.map((x) => x.toFixed(0)).join(" ")}; goal <= ${goal} ms) ${m <= goal ? "met" : "NOT met"}`,
      );
    }
    if (failed) process.exitCode = 1;
  } finally {
    child.disconnect();
  }
}

if (process.argv.includes("--serve")) await serveBoth();
else await main();
