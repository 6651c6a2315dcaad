/**
 * The served path against the fastest it could be: the real app (listening on 127.0.0.1,
 * a SQLite file holding the published GEALC 2023 example) answering the plan document and
 * the HTML report, against a bare node:http server returning the same bytes from memory,
 * measured with autocannon in the same run (10 connections, 5 s each, after a warm-up).
 * The servers run in a child process so the load generator does not share their CPU.
 * Prints requests/s, p50/p99 latency and app/baseline ratios; the goal is >= 0.7. It also
 * measures the app looking the plan's revision up on every request (what signed-in readers
 * get; anonymous ones reuse a look-up for up to a second), for information. Run:
 *   node bench/http.bench.ts
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
import { buildApp } from "../src/http/app.ts";
import { listen } from "../src/http/server.ts";

const ENDPOINTS = {
  "plan document": "/api/v1/networks/gealc/plans/2023",
  "HTML report": "/api/v1/networks/gealc/plans/2023/report?format=html&lang=en",
};
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 10;

type Ports = { app: number; bare: number; fresh: number };

/** Child: the app and the bare server, side by side; reports their ports to the parent. */
async function serveBoth(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "wp-bench-"));
  const config = { ...loadConfig({ DATABASE_URL: join(dir, "bench.sqlite") }), port: 0 };
  const handle = await createDb(config.databaseUrl);
  const clock = () => new Date();
  await loadExample({ db: handle.db, clock, actor: CLI_ACTOR, log: silentLog });
  const app = await buildApp({ config, db: handle.db, clock });
  const url = await listen(app, config);
  // The same app looking the plan's revision up on every request (as for signed-in readers).
  const freshApp = await buildApp({ config, db: handle.db, clock, publicFreshnessMs: 0 });
  const freshUrl = await listen(freshApp, config);

  // The baseline serves exactly what the app serves, with the same content types.
  const bodies = new Map<string, { body: Buffer; type: string }>();
  for (const path of Object.values(ENDPOINTS)) {
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
    fresh: Number(new URL(freshUrl).port),
    bare: typeof address === "object" && address ? address.port : 0,
  };
  process.send?.(ports);
  process.on("disconnect", async () => {
    bare.close();
    await app.close();
    await freshApp.close();
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
}

async function load(url: string, duration: number): Promise<Result> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration });
  if (r.non2xx > 0 || r.errors > 0)
    throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return r;
}

const fmt = (r: Result) =>
  `${r.requests.average.toFixed(0).padStart(7)} req/s  p50 ${String(r.latency.p50).padStart(3)} ms  p99 ${String(r.latency.p99).padStart(3)} ms`;

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
  try {
    console.log(
      `http: ${CONNECTIONS} connections, ${DURATION_S} s per run, app vs bare node:http with the same bytes`,
    );
    const ratios: number[] = [];
    for (const [name, path] of Object.entries(ENDPOINTS)) {
      const app = `http://127.0.0.1:${ports.app}${path}`;
      const bare = `http://127.0.0.1:${ports.bare}${path}`;
      await load(app, 1);
      await load(bare, 1);
      const a = await load(app, DURATION_S);
      const b = await load(bare, DURATION_S);
      const ratio = a.requests.average / b.requests.average;
      ratios.push(ratio);
      console.log(`${name}`);
      console.log(`  app       ${fmt(a)}`);
      console.log(`  baseline  ${fmt(b)}`);
      console.log(`  ratio     ${ratio.toFixed(2)} (goal >= 0.70)`);
      const fresh = `http://127.0.0.1:${ports.fresh}${path}`;
      await load(fresh, 1);
      const f = await load(fresh, DURATION_S);
      console.log(`  app, a revision query per request (publicFreshnessMs 0)`);
      console.log(
        `            ${fmt(f)}  ratio ${(f.requests.average / b.requests.average).toFixed(2)}`,
      );
    }
    if (ratios.some((r) => r < 0.7)) process.exitCode = 1;
  } finally {
    child.disconnect();
  }
}

if (process.argv.includes("--serve")) await serveBoth();
else await main();
