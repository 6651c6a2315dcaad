import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { LIMITS } from "./core/limits.ts";

/** Everything the app reads from its environment, validated once at start and passed down. */
const ConfigSchema = z.object({
  /** A SQLite file path (default) or a postgres:// URL. */
  databaseUrl: z.string().min(1),
  host: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65535),
  /** The address people reach the app at (links in e-mails, calendars, IATI). */
  publicUrl: z.url(),
  /** Load the GEALC 2023 example plan when the database has no plan. */
  loadExample: z.boolean(),
  chromiumPath: z.string().min(1),
  bodyLimitBytes: z.number().int().positive(),
  /**
   * On SIGTERM/SIGINT, how long requests in flight may take to finish before their
   * connections are cut (ms); the server accepts nothing new meanwhile.
   */
  shutdownGraceMs: z.number().int().min(0),
  /**
   * Names the build that renders (BUILD_ID, e.g. the commit): part of every render-cache key
   * and of the pages kept rendered in the database, so a deploy never answers with what an
   * older build rendered. By default a hash of the code (codeBuildId): instances and restarts
   * of the same code agree.
   */
  buildId: z.string().min(1),
  /** Pino's level for the server's logs; one line per request only at "debug". */
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
  /**
   * The key sealing the API's list cursors (CURSOR_SECRET, 16 characters or more), so an
   * altered cursor is refused; set the same on every instance. Null: a key built in (a
   * cursor is then only checked against accidents, not forgery).
   */
  cursorSecret: z.string().min(16).nullable(),
  /** The bearer token Prometheus presents at /metrics; null: local scrapers only. */
  metricsToken: z.string().min(16).nullable(),
  /**
   * Which proxies' X-Forwarded-For to believe, for the client address (rate limits, logs):
   * false (none: the default, so a client cannot pick its own address), true (any: only
   * when the app is reachable through the proxy alone), a number of hops, or addresses
   * and CIDR ranges. Passed to Fastify's trustProxy.
   */
  trustProxy: z.union([z.boolean(), z.number().int().min(1), z.array(z.string().min(1)).min(1)]),
  /** Send the reminder digests every week while serving (needs smtp.host). */
  reminders: z
    .object({
      weekday: z.coerce.number().int().min(0).max(6),
      hour: z.coerce.number().int().min(0).max(23),
    })
    .nullable(),
  smtp: z.object({
    host: z.string().nullable(),
    port: z.coerce.number().int().positive(),
    user: z.string().nullable(),
    password: z.string().nullable(),
    from: z.string(),
  }),
});
export type Config = z.infer<typeof ConfigSchema>;

const flag = (v: string | undefined, dflt: boolean) =>
  v === undefined ? dflt : !["0", "false", "no", "off", ""].includes(v.toLowerCase());

/** TRUST_PROXY: unset/"false" -> false, "true" -> true, "2" -> 2 hops, "10.0.0.1, 10.1.0.0/16" -> a list. */
function trustProxy(v: string | undefined): boolean | number | string[] {
  const text = v?.trim() ?? "";
  if (text === "" || /^(false|no|off|0)$/i.test(text)) return false;
  if (/^(true|yes|on)$/i.test(text)) return true;
  if (/^\d+$/.test(text)) return Number(text);
  return text.split(",").map((a) => a.trim());
}

const ROOT = new URL("..", import.meta.url).pathname;

let codeHash: string | undefined;

/**
 * A name for the code that renders: a hash of the application's source (src/, tests aside),
 * and its locked dependencies, read once per process (~300 files, a few ms).
 */
export function codeBuildId(): string {
  if (codeHash) return codeHash;
  const hash = createHash("sha256");
  const files = (readdirSync(join(ROOT, "src"), { recursive: true }) as string[])
    .filter((f) => !f.endsWith(".test.ts"))
    .map((f) => join("src", f))
    .sort();
  for (const f of [...files, "package-lock.json"]) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(ROOT, f));
    } catch {
      continue; // a folder, or no lock file
    }
    hash.update(`${f}\u0000${bytes.length}\u0000`).update(bytes);
  }
  codeHash = `code-${hash.digest("base64url").slice(0, 16)}`;
  return codeHash;
}

/** The config from environment variables, with defaults for a first run on a laptop. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const host = env.HOST ?? "127.0.0.1";
  const port = env.PORT ?? "3000";
  const parsed = ConfigSchema.safeParse({
    databaseUrl: env.DATABASE_URL ?? "./data/workplan.sqlite",
    host,
    port,
    publicUrl: env.PUBLIC_URL ?? `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    loadExample: flag(env.LOAD_EXAMPLE, true),
    chromiumPath: env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    bodyLimitBytes: Number(env.BODY_LIMIT_BYTES ?? LIMITS.request_body_bytes),
    shutdownGraceMs: Number(env.SHUTDOWN_GRACE_MS ?? 10_000),
    buildId: env.BUILD_ID || codeBuildId(),
    logLevel: env.LOG_LEVEL ?? "info",
    metricsToken: env.METRICS_TOKEN || null,
    cursorSecret: env.CURSOR_SECRET || null,
    trustProxy: trustProxy(env.TRUST_PROXY),
    reminders: flag(env.REMINDERS_WEEKLY, false)
      ? { weekday: env.REMINDERS_WEEKDAY ?? "1", hour: env.REMINDERS_HOUR ?? "8" }
      : null,
    smtp: {
      host: env.SMTP_HOST ?? null,
      port: env.SMTP_PORT ?? "587",
      user: env.SMTP_USER ?? null,
      password: env.SMTP_PASSWORD ?? null,
      from: env.SMTP_FROM ?? "workplan <no-reply@localhost>",
    },
  });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
