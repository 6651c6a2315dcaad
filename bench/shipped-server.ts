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

/**
 * Where the server's resident memory is: as it reports it (prom-client's process metrics:
 * V8's heap, external buffers, the render cache) and as Linux maps it (/proc/<pid>/smaps:
 * the node binary's pages, the native addons', malloc's brk heap, and anonymous mappings,
 * which hold V8's heap pages and malloc's mapped blocks and arenas).
 */
export async function whereTheMemoryIs(base: string, pid: number): Promise<string> {
  const metrics = await fetch(`${base}/metrics`).then((r) => r.text());
  const mb = (name: string) =>
    Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, "m").exec(metrics)?.[1] ?? 0) / 2 ** 20;
  const kb = { binary: 0, addons: 0, files: 0, brk: 0, anonymous: 0 };
  let name = "";
  for (const line of readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
    const mapping = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (mapping) name = mapping[1] ?? "";
    else if (line.startsWith("Rss:")) {
      const rss = Number(line.split(/\s+/)[1]);
      if (name === "[heap]") kb.brk += rss;
      else if (name === "" || name.startsWith("[")) kb.anonymous += rss;
      else if (name.endsWith("/bin/node")) kb.binary += rss;
      else if (name.endsWith(".node") || name.endsWith(".so")) kb.addons += rss;
      else kb.files += rss;
    }
  }
  const m = (k: number) => (k / 1024).toFixed(0);
  return (
    `V8 heap used ${mb("workplan_nodejs_heap_size_used_bytes").toFixed(0)} MB of ${mb("workplan_nodejs_heap_size_total_bytes").toFixed(0)} MB, external ${mb("workplan_nodejs_external_memory_bytes").toFixed(0)} MB, render cache ${mb('workplan_render_cache_bytes\\{cache="render"\\}').toFixed(0)} MB; ` +
    `resident: node binary ${m(kb.binary)} MB, addons and libraries ${m(kb.addons)} MB, other files ${m(kb.files)} MB, malloc's brk heap ${m(kb.brk)} MB, anonymous ${m(kb.anonymous)} MB`
  );
}
