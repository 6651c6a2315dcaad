import {
  type Kysely,
  type Migration,
  type MigrationResultSet,
  Migrator,
  SqliteAdapter,
  SqliteDialect,
  sql,
} from "kysely";
import { AppError } from "../core/errors.ts";
import { fillEditionGzips, fillEditionSummaries } from "./edition.repository.ts";
import { freezeUnfrozenPlans } from "./first-editions.ts";
import * as m0001 from "./migrations/0001-initial.ts";
import * as m0002 from "./migrations/0002-link-checks.ts";
import * as m0003 from "./migrations/0003-user-preferences.ts";
import * as m0004 from "./migrations/0004-approving-assembly.ts";
import * as m0005 from "./migrations/0005-job-runs.ts";
import * as m0006 from "./migrations/0006-plan-indexes.ts";
import * as m0007 from "./migrations/0007-report-data-as-of.ts";
import * as m0008 from "./migrations/0008-network-roles.ts";
import * as m0009 from "./migrations/0009-account-security.ts";
import * as m0010 from "./migrations/0010-report-editions.ts";
import * as m0011 from "./migrations/0011-idempotency-keys.ts";
import * as m0012 from "./migrations/0012-audit-plan.ts";
import * as m0013 from "./migrations/0013-first-editions.ts";
import * as m0014 from "./migrations/0014-compact-texts.ts";
import * as m0015 from "./migrations/0015-text-documents.ts";
import * as m0016 from "./migrations/0016-edition-summaries.ts";
import * as m0017 from "./migrations/0017-edition-gzips.ts";
import * as m0018 from "./migrations/0018-public-pages.ts";

/** Every migration, by name (applied in name order). Add one file per change, then a line here. */
export const MIGRATIONS: Record<string, Migration> = {
  "0001-initial": m0001,
  "0002-link-checks": m0002,
  "0003-user-preferences": m0003,
  "0004-approving-assembly": m0004,
  "0005-job-runs": m0005,
  "0006-plan-indexes": m0006,
  "0007-report-data-as-of": m0007,
  "0008-network-roles": m0008,
  "0009-account-security": m0009,
  "0010-report-editions": m0010,
  "0011-idempotency-keys": m0011,
  "0012-audit-plan": m0012,
  "0013-first-editions": m0013,
  "0014-compact-texts": m0014,
  "0015-text-documents": m0015,
  "0016-edition-summaries": m0016,
  "0017-edition-gzips": m0017,
  "0018-public-pages": m0018,
};

/** The migrator's own bookkeeping tables (not the app's data). */
export const MIGRATION_TABLES = ["kysely_migration", "kysely_migration_lock"];

// biome-ignore lint/suspicious/noExplicitAny: the migrator works on any schema
type AnyDb = Kysely<any>;

/** Connections whose migration run failed: the SQLite lock below rolls them back. */
const failedRuns = new WeakSet<object>();

/** Every migration, each noting a failure on the connection that ran it. */
const tracked: Record<string, Migration> = Object.fromEntries(
  Object.entries(MIGRATIONS).map(([name, m]) => [
    name,
    {
      up: async (db: AnyDb) => {
        try {
          await m.up(db);
        } catch (e) {
          failedRuns.add(db);
          throw e;
        }
      },
    },
  ]),
);

const migrator = (db: AnyDb) =>
  new Migrator({ db, provider: { getMigrations: async () => tracked } });

/**
 * Kysely's SQLite adapter takes no lock (it assumes one process); two processes starting on one
 * file would both migrate. This one holds SQLite's write lock (BEGIN IMMEDIATE, waiting out the
 * other process through busy_timeout) from reading the applied migrations to recording the
 * last one, and rolls the whole run back if a migration fails.
 */
export class LockingSqliteAdapter extends SqliteAdapter {
  readonly #locked = new WeakSet<object>();
  override async acquireMigrationLock(db: AnyDb): Promise<void> {
    await sql`BEGIN IMMEDIATE`.execute(db);
    this.#locked.add(db);
  }
  override async releaseMigrationLock(db: AnyDb): Promise<void> {
    if (!this.#locked.delete(db)) return; // the lock was never had (busy past the timeout)
    if (failedRuns.has(db)) {
      failedRuns.delete(db);
      await sql`ROLLBACK`.execute(db);
    } else {
      await sql`COMMIT`.execute(db);
    }
  }
}

/** SQLite through Kysely, with migrations under the lock above. */
export class LockingSqliteDialect extends SqliteDialect {
  override createAdapter(): SqliteAdapter {
    return new LockingSqliteAdapter();
  }
}

/**
 * Refuses a database whose schema has migrations this release does not know: it was made or
 * upgraded by a newer release, and this one would misread it (a rollback restores a backup
 * taken before the upgrade instead).
 */
export async function assertKnownSchema(db: AnyDb): Promise<void> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((t) => t.name === "kysely_migration")) return;
  const applied = await db.selectFrom("kysely_migration").select("name").execute();
  const unknown = applied.map((r) => String(r.name)).filter((name) => !(name in MIGRATIONS));
  if (unknown.length > 0) {
    throw new AppError(
      "unavailable",
      `the database's schema is newer than this release knows (${unknown.sort().join(", ")}): run the release that upgraded it, or restore a backup taken before`,
    );
  }
}

/**
 * Brings the schema to the newest migration; throws (having applied nothing of the failed one).
 * Two instances starting together do not both migrate: the migrator holds a lock (an advisory
 * lock on PostgreSQL, the write lock on SQLite) and the second finds the work done. Then
 * gives plans published or approved by an older release their first frozen public view
 * (`freezeUnfrozenPlans`).
 */
export async function migrateToLatest(db: AnyDb): Promise<string[]> {
  await assertKnownSchema(db);
  const names = applied(await migrator(db).migrateToLatest());
  // Plans published or approved before frozen views existed get their first (idempotent);
  // the run that crosses into them freezes approved plans anew, as the public read them.
  await freezeUnfrozenPlans(db, { upgrading: names.includes("0013-first-editions") });
  // Editions written before their summaries were stored (0016) get them (idempotent).
  await fillEditionSummaries(db);
  // And their documents gzip-compressed as the API sends them (0017).
  await fillEditionGzips(db);
  return names;
}

/** Brings an empty database to the schema of one migration (restoring an older backup). */
export async function migrateTo(db: AnyDb, name: string): Promise<string[]> {
  return applied(await migrator(db).migrateTo(name));
}

function applied({ error, results = [] }: MigrationResultSet): string[] {
  if (error) {
    const failed = results.find((r) => r.status === "Error")?.migrationName ?? "?";
    throw new Error(
      `migration ${failed} failed: ${error instanceof Error ? error.message : error}`,
      {
        cause: error,
      },
    );
  }
  return results.filter((r) => r.status === "Success").map((r) => r.migrationName);
}
