/**
 * Prometheus metrics at /metrics (prom-client): request latency by route, the render
 * caches' hits and misses, the database pool's connections, the once-only jobs' runs, and
 * the process's own (CPU, memory, event loop). Each app has its own registry, so several apps
 * in one process (tests) do not mix their numbers.
 *
 * Who may read them: a scraper presenting METRICS_TOKEN as a bearer token, or, when no token
 * is set, a scraper on this machine (the socket's own address is loopback; a proxy on the same
 * machine must not pass /metrics on: the nginx configuration we write denies it). Anyone else
 * gets 404.
 */
import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Db } from "../db/create-db.ts";
import { countJobRuns } from "../db/job-run.repository.ts";

export type PoolStats = { total: number; idle: number; waiting: number };

/** What the server's page keeper reports: whether it is rendering, what it asked for. */
export type KeptPages = { busy: boolean; stats: { asked: number; failed: number } };

export type MetricsOptions = {
  db: Db;
  /** The caches to report, by name. */
  caches: Record<string, { stats: { hits: number; misses: number }; bytes: number }>;
  /** The database pool's connections, when there is a pool (PostgreSQL). */
  pool?: () => PoolStats | null;
  /** A bearer token scrapers present; without it, only local scrapers are answered. */
  token?: string | null;
  /** The server's page keeper, when it has one. */
  keptPages?: KeptPages;
};

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

function allowed(request: FastifyRequest, token: string | null | undefined): boolean {
  if (token) {
    const given = Buffer.from(request.headers.authorization ?? "");
    const wanted = Buffer.from(`Bearer ${token}`);
    return given.length === wanted.length && timingSafeEqual(given, wanted);
  }
  return LOOPBACK.test(request.socket.remoteAddress ?? "");
}

/** Registers the metrics and their /metrics route on the app. */
export function registerMetrics(app: FastifyInstance, o: MetricsOptions): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "workplan_" });

  const latency = new Histogram({
    name: "workplan_http_request_duration_seconds",
    help: "Time to answer a request, by route (the route's pattern, not the URL)",
    labelNames: ["method", "route", "status_code"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new Counter({
    name: "workplan_render_cache_requests_total",
    help: "Look-ups in the render caches, by cache and result (hit or miss)",
    labelNames: ["cache", "result"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [cache, c] of Object.entries(o.caches)) {
        this.inc({ cache, result: "hit" }, c.stats.hits);
        this.inc({ cache, result: "miss" }, c.stats.misses);
      }
    },
  });
  new Gauge({
    name: "workplan_render_cache_bytes",
    help: "Bytes held by each render cache",
    labelNames: ["cache"] as const,
    registers: [registry],
    collect() {
      for (const [cache, c] of Object.entries(o.caches)) this.set({ cache }, c.bytes);
    },
  });
  new Gauge({
    name: "workplan_db_pool_connections",
    help: "The database pool's connections, by state (total, idle, waiting clients)",
    labelNames: ["state"] as const,
    registers: [registry],
    collect() {
      const s = o.pool?.();
      if (!s) return;
      this.set({ state: "total" }, s.total);
      this.set({ state: "idle" }, s.idle);
      this.set({ state: "waiting" }, s.waiting);
    },
  });
  new Gauge({
    name: "workplan_kept_pages_busy",
    help: "1 while the server renders the pages published editions keep (after a start or a write)",
    registers: [registry],
    collect() {
      this.set(o.keptPages?.busy ? 1 : 0);
    },
  });
  new Counter({
    name: "workplan_kept_pages_asked_total",
    help: "Pages the server asked its portal for to keep them, by outcome",
    labelNames: ["outcome"] as const,
    registers: [registry],
    collect() {
      this.reset();
      const k = o.keptPages;
      if (!k) return;
      this.inc({ outcome: "ok" }, k.stats.asked - k.stats.failed);
      this.inc({ outcome: "failed" }, k.stats.failed);
    },
  });
  new Counter({
    name: "workplan_job_runs_total",
    help: "Runs of the jobs that happen once across instances, by job and outcome",
    labelNames: ["job", "outcome"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of await countJobRuns(o.db)) {
        this.inc({ job: r.job, outcome: r.outcome }, r.count);
      }
    },
  });

  app.addHook("onResponse", (request, reply, done) => {
    const route = request.routeOptions.url ?? "unmatched";
    if (route !== "/metrics") {
      latency.observe(
        { method: request.method, route, status_code: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    }
    done();
  });

  app.get("/metrics", { schema: { hide: true } }, async (request, reply) => {
    if (!allowed(request, o.token)) {
      return reply.code(404).type("text/plain; charset=utf-8").send("Not Found\n");
    }
    reply.header("cache-control", "no-store").type(registry.contentType);
    return registry.metrics();
  });
  return registry;
}
