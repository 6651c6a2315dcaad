import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { Kysely, PostgresDialect, type SqliteDatabase, sql } from "kysely";
import type pg from "pg";
import { preparedName } from "./compiled.ts";
import { LockingSqliteDialect, migrateToLatest } from "./migrate.ts";
import type { DB } from "./schema.ts";

export type Dialect = "sqlite" | "postgres";
export type Db = Kysely<DB>;
export type DbHandle = {
  db: Db;
  dialect: Dialect;
  close(): Promise<void>;
  /** The pool's connections (PostgreSQL), for /metrics; null for SQLite's one connection. */
  poolStats(): { total: number; idle: number; waiting: number } | null;
};

export const DEFAULT_DATABASE_URL = "./data/workplan.sqlite";

/** Which dialect a database URL names: postgres(ql):// URLs, otherwise a SQLite file. */
export function dialectOf(url: string): Dialect {
  return /^postgres(ql)?:\/\//i.test(url) ? "postgres" : "sqlite";
}

/**
 * Opens the database a URL names — a SQLite file (its folder created; ":memory:" allowed;
 * "sqlite:" or "file:" prefixes accepted) or a PostgreSQL server — and, unless told not
 * to, migrates it to the newest schema.
 */
export async function createDb(
  url: string = DEFAULT_DATABASE_URL,
  options: {
    migrate?: boolean;
    /**
     * How long a query may wait for one of the pool's connections before it fails (the
     * request answers 503), in ms; PostgreSQL only (default 5000).
     */
    poolWaitMs?: number;
  } = {},
): Promise<DbHandle> {
  const dialect = dialectOf(url);
  // pg loads only for PostgreSQL: a SQLite install never holds it.
  const pool =
    dialect === "postgres"
      ? postgresPool((await import("pg")).default, url, options.poolWaitMs ?? 5000)
      : null;
  const db = pool
    ? new Kysely<DB>({
        dialect: new PostgresDialect({ pool }),
      })
    : new Kysely<DB>({
        dialect: new LockingSqliteDialect({ database: withStatementCache(openSqlite(url)) }),
      });
  const handle: DbHandle = {
    db,
    dialect,
    close: () => db.destroy(),
    poolStats: () =>
      pool && { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount },
  };
  if (options.migrate !== false) {
    try {
      await migrateToLatest(db);
    } catch (e) {
      await handle.close();
      throw e;
    }
  }
  return handle;
}

function openSqlite(url: string): Database.Database {
  const path = url.replace(/^(sqlite|file):(\/\/)?/i, "") || DEFAULT_DATABASE_URL;
  const memory = path === ":memory:";
  if (!memory) mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  // WAL lets readers run beside the one writer; busy_timeout waits out a writer instead of failing.
  if (!memory) sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // SQLite's own default page cache (2 MB), not better-sqlite3's 16 MB: the operating
  // system's file cache holds the database either way, and a page cache is resident memory of
  // the server (at a million activities, 16 MB of it was 14 MB more RSS for no measurable
  // speed: bench/scale.ts).
  sqlite.pragma("cache_size = -2000");
  return sqlite;
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query anew; on a busy server that is a tenth of the CPU. Prepared
 * statements are reusable in better-sqlite3, and Kysely runs one query at a time on its one
 * SQLite connection, so they can be kept by SQL text (bounded: cleared when full).
 */
function withStatementCache(sqlite: Database.Database): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear();
        stmt = sqlite.prepare(sql);
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}

/**
 * A pg pool that survives its connections being cut (a server restart, a failover, an
 * administrator's terminate). pg emits a cut as an "error" event on the client, and an
 * unheard "error" event ends the Node process: the pool hears its idle clients only, so
 * every client gets a listener of its own when made. A client cut mid-query fails that
 * query (the request answers 503), is no longer queryable, and the pool drops it on
 * release; the next query connects anew.
 */
function postgresPool(driver: typeof pg, url: string, waitMs: number): pg.Pool {
  const pool = new driver.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: waitMs });
  pool.on("error", (e) => {
    process.emitWarning(`PostgreSQL connection lost while idle: ${e.message}`);
  });
  // Mid-query the failing query reports the cut (and idle, the pool's "error" above):
  // this listener only keeps the event from ending the process.
  pool.on("connect", (client) => {
    client.on("error", () => {});
    preparing(client);
  });
  return pool;
}

/** SQLSTATE feature_not_supported: "cached plan must not change result type". */
const PLAN_RESULT_CHANGED = "0A000";

/**
 * Runs the hot reads (compiled.ts: preparedName) as named prepared statements on this
 * connection, planned once, and every other statement as pg does. A prepared statement whose
 * result columns changed under it (another instance migrated the schema) is refused by the
 * server; that statement is then run unnamed on this connection, as any other. (Inside a
 * transaction the refusal has aborted it, so that one use case fails, as on a lost
 * connection; its retry runs unnamed.)
 */
function preparing(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<pg.QueryResult>;
  const refused = new Set<string>();
  client.query = ((text: unknown, values?: unknown, callback?: unknown) => {
    const name =
      typeof text === "string" && Array.isArray(values) && callback === undefined
        ? preparedName(text)
        : undefined;
    if (name === undefined || refused.has(text as string)) return query(text, values, callback);
    return query({ name, text, values }).catch((e: unknown) => {
      if ((e as { code?: unknown }).code !== PLAN_RESULT_CHANGED) throw e;
      refused.add(text as string);
      return query(text, values);
    });
  }) as typeof client.query;
}

/** Runs the cheapest query there is: throws when the database cannot be reached. */
export async function pingDb(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
