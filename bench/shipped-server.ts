/**
 * The server as shipped, for the benches that measure it whole (memory.bench.ts, scale.ts):
 * `bin/workplan serve` itself, so it runs with the very Node.js flags and environment
 * (V8 heap flags, malloc settings) that bin/workplan starts it with, read from nowhere else.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** What a browser sends: the benches' clients ask as browsers and proxies do. */
export const BROWSER_HEADERS = { "accept-encoding": "gzip, deflate, br" };

/** A port free on 127.0.0.1 now, for a server to listen on. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

export type Shipped = {
  child: ChildProcess;
  pid: number;
  base: string;
  /** From spawning to the first 200 of /readyz (ms). */
  startMs: number;
  /** The node command line and malloc settings it runs with (from /proc). */
  runtime: string;
  stop: () => Promise<void>;
};

/**
 * Starts `bin/workplan serve` on `database` and waits until it answers /readyz. `env` adds
 * to this process's environment (e.g. NODE_OPTIONS).
 */
export async function startShipped(
  database: string,
  opts: {
    env?: Record<string, string>;
    /** An IPC channel: its messages (e.g. a preloaded module's) go here, from the start. */
    onMessage?: (message: unknown) => void;
  } = {},
): Promise<Shipped> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(join(ROOT, "bin/workplan"), ["serve"], {
    cwd: ROOT,
    env: {
      ...process.env,
      LOAD_EXAMPLE: "0",
      // The address people reach it at, as a deployment has one (not the port it got here):
      // pages kept rendered in the database are kept under it.
      PUBLIC_URL: "https://workplan.example.org",
      ...opts.env,
      DATABASE_URL: database,
      PORT: String(port),
      HOST: "127.0.0.1",
    },
    stdio: ["ignore", "ignore", "inherit", ...(opts.onMessage ? (["ipc"] as const) : [])],
  });
  if (opts.onMessage) child.on("message", opts.onMessage);
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited ${child.exitCode}`);
    const ok = await fetch(`${base}/readyz`)
      .then((r) => r.arrayBuffer().then(() => r.status === 200))
      .catch(() => false);
    if (ok) break;
    await sleep(50);
  }
  const startMs = performance.now() - t0;
  // bin/workplan execs node: the child's pid is the server's.
  const pid = child.pid ?? 0;
  const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  const environ = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
  const malloc = environ.filter((e) => e.startsWith("MALLOC_"));
  const runtime = `node ${cmdline
    .slice(1)
    .filter((a) => a.startsWith("--"))
    .join(" ")} ${malloc.join(" ")}`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
  return { child, pid, base, startMs, runtime, stop };
}
