/**
 * Start-up cost of `workplan serve` on an existing database (the GEALC 2023 example already
 * loaded): the time from spawning the process to its first 200 on the plan page, and its
 * resident memory once idle. The app runs as shipped (Node's own type stripping) and, as the
 * baseline in the same run, through the tsx loader it used before; each is started RUNS times
 * and the median is printed with the ratio shipped/tsx. Goals: first answer < 1.5 s, idle
 * RSS < 150 MB. Run:
 *   node bench/startup.bench.ts
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { freePort } from "./shipped-server.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const MAIN = join(ROOT, "src/cli/main.ts");
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const IDLE_MS = 3000;
const PAGE = "/gealc/2023?lang=en";

const BIN = join(ROOT, "bin/workplan");

/** What each variant runs: the command and its arguments. */
const VARIANTS: Record<string, [string, string[]]> = {
  // As `npm start` runs it: bin/workplan, on the pinned Node with its flags.
  "type stripping (shipped)": [BIN, ["serve"]],
  "tsx loader (before)": [process.execPath, ["--import", "tsx", MAIN, "serve"]],
};

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** One start: ms to the first 200 on PAGE, and the RSS in MB after IDLE_MS of idling. */
async function startOnce(
  [command, args]: [string, string[]],
  database: string,
): Promise<{ ms: number; rss: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: database, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited ${child.exitCode}`);
      if (performance.now() - started > 60_000) throw new Error("no answer within 60 s");
      const ok = await fetch(`http://127.0.0.1:${port}${PAGE}`)
        .then((r) => r.arrayBuffer().then(() => r.status === 200))
        .catch(() => false);
      if (ok) break;
      await sleep(10);
    }
    const ms = performance.now() - started;
    await sleep(IDLE_MS);
    return { ms, rss: rssMb(child.pid ?? 0) };
  } finally {
    await stop(child);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "wp-startup-"));
  const database = join(dir, "bench.sqlite");
  try {
    // The first start migrates and loads the example; every measured start finds it there.
    const first = VARIANTS["type stripping (shipped)"];
    if (first) await startOnce(first, database);
    const results: Record<string, { ms: number; rss: number }> = {};
    for (const [name, variant] of Object.entries(VARIANTS)) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await startOnce(variant, database));
      results[name] = { ms: median(runs.map((r) => r.ms)), rss: median(runs.map((r) => r.rss)) };
    }
    console.log(`startup on an existing database, median of ${RUNS} (${process.version})`);
    for (const [name, r] of Object.entries(results)) {
      console.log(
        `  ${name.padEnd(26)} first answer ${r.ms.toFixed(0).padStart(5)} ms   idle RSS ${r.rss.toFixed(0).padStart(4)} MB`,
      );
    }
    const shipped = results["type stripping (shipped)"];
    const before = results["tsx loader (before)"];
    if (shipped && before) {
      console.log(
        `  ratio shipped/tsx: first answer ${(shipped.ms / before.ms).toFixed(2)}, RSS ${(shipped.rss / before.rss).toFixed(2)}`,
      );
      console.log(
        `  goals: first answer < 1500 ms ${shipped.ms < 1500 ? "met" : "NOT met"}, idle RSS < 150 MB ${shipped.rss < 150 ? "met" : "NOT met"}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
