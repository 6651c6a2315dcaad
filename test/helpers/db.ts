import { createHash, randomBytes } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe } from "node:test";
import { InsertQueryNode, type KyselyPlugin } from "kysely";
import pg from "pg";
import { type Deps, silentLog } from "../../src/app/deps.ts";
import type { Actor } from "../../src/core/policies.ts";
import { createDb, type Db, type DbHandle, type Dialect } from "../../src/db/create-db.ts";

export type DbContext = {
  readonly dialect: Dialect;
  /** The fresh, migrated database of this suite (available inside tests and hooks). */
  readonly db: Db;
};

/**
 * The dialects to test on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. CI sets
 * WORKPLAN_REQUIRE_POSTGRES so that a missing URL fails the run instead of skipping PostgreSQL
 * (an unreachable server fails the suites that open it).
 */
export function testDialects(): Dialect[] {
  if (process.env.TEST_DATABASE_URL) return ["sqlite", "postgres"];
  if (process.env.WORKPLAN_REQUIRE_POSTGRES) {
    throw new Error("WORKPLAN_REQUIRE_POSTGRES is set but TEST_DATABASE_URL is not");
  }
  return ["sqlite"];
}

/**
 * Runs `fn`'s tests once per dialect, each on a database of its own: a temp SQLite file,
 * and a PostgreSQL database created for this suite (CREATE DATABASE wp_test_<random>,
 * dropped afterwards) on the server TEST_DATABASE_URL names.
 */
export function forEachDialect(name: string, fn: (ctx: DbContext) => void): void {
  for (const dialect of testDialects()) {
    describe(`${name} [${dialect}]`, () => {
      let handle: DbHandle | undefined;
      let cleanup: () => Promise<void> = async () => {};
      const ctx: DbContext = {
        dialect,
        get db() {
          if (!handle) throw new Error("the test database is not open yet");
          return handle.db;
        },
      };
      before(async () => {
        const made = await openTestDb(dialect);
        handle = made.handle;
        cleanup = made.cleanup;
      });
      after(async () => {
        await handle?.close();
        await cleanup();
      });
      fn(ctx);
    });
  }
}

/**
 * A fresh database of `dialect`, migrated unless `migrate` is false, and how to remove it once
 * closed.
 */
export async function openTestDb(
  dialect: Dialect,
  options: { migrate?: boolean } = {},
): Promise<{ handle: DbHandle; url: string; cleanup: () => Promise<void> }> {
  const migrated = options.migrate !== false;
  if (dialect === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "wp-test-"));
    const file = join(dir, "test.sqlite");
    if (migrated) await migratedSqliteFile(file);
    // On a copy of the template the migrator only checks that every migration is applied.
    const handle = await createDb(file, options);
    return {
      handle,
      url: file,
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error("TEST_DATABASE_URL is not set");
  const name = `wp_test_${randomBytes(6).toString("hex")}`;
  const template = migrated ? ` TEMPLATE ${await postgresTemplate(adminUrl)}` : "";
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE ${name}${template}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await createDb(url.toString(), options);
  return {
    handle,
    url: url.toString(),
    cleanup: () =>
      withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

/**
 * What a migrated database is made of: the migrations' source (and the migrator's). A
 * template is named after it, so a changed migration makes a new one instead of reusing an
 * outdated schema.
 */
const SCHEMA_KEY = (() => {
  const dir = new URL("../../src/db/", import.meta.url);
  const hash = createHash("sha256");
  hash.update(readFileSync(new URL("migrate.ts", dir)));
  const migrations = new URL("migrations/", dir);
  for (const f of readdirSync(migrations).sort()) {
    if (f.endsWith(".test.ts")) continue;
    hash.update(f).update(readFileSync(new URL(f, migrations)));
  }
  return hash.digest("hex").slice(0, 16);
})();

/**
 * Migrating costs more than most suites' tests (every migration's DDL, on both dialects), so
 * a test database starts as a copy of one migrated once per schema: on SQLite a file in the
 * temp folder (made by whichever test process first needs it, moved into place whole), copied
 * to `file`.
 */
async function migratedSqliteFile(file: string): Promise<void> {
  const template = join(tmpdir(), `wp-test-template-${SCHEMA_KEY}.sqlite`);
  if (!existsSync(template)) {
    const dir = mkdtempSync(join(tmpdir(), "wp-template-"));
    const made = join(dir, "template.sqlite");
    // Closing checkpoints the WAL into the file, so the one file is the whole database.
    await (await createDb(made)).close();
    renameSync(made, template);
    rmSync(dir, { recursive: true, force: true });
  }
  copyFileSync(template, file);
}

/**
 * On PostgreSQL a template database, `wp_template_<schema key>`, made once under an advisory
 * lock (test processes run side by side) and kept for later runs; CREATE DATABASE ... TEMPLATE
 * copies it. Nobody connects to it once made (a template must have no connections to be
 * copied).
 */
async function postgresTemplate(adminUrl: string): Promise<string> {
  const name = `wp_template_${SCHEMA_KEY}`;
  await withAdmin(adminUrl, async (c) => {
    await c.query("SELECT pg_advisory_lock(hashtext('workplan test template'))");
    try {
      const found = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (found.rowCount) return;
      const building = `${name}_building`;
      await c.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${building}`);
      const url = new URL(adminUrl);
      url.pathname = `/${building}`;
      await (await createDb(url.toString())).close();
      await c.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
    } finally {
      await c.query("SELECT pg_advisory_unlock(hashtext('workplan test template'))");
    }
  });
  return name;
}

async function withAdmin(url: string, f: (c: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await f(client);
  } finally {
    await client.end();
  }
}

/** Use-case deps over a test database, with a fixed clock and a silent log. */
export function testDeps(
  db: Db,
  actor: Actor | null,
  clock: () => Date = () => new Date("2024-03-01T12:00:00.000Z"),
): Deps {
  return { db, actor, clock, log: silentLog };
}

/** The install's administrator. */
export const admin: Actor = { userId: "u-admin", installAdmin: true, networks: {}, areaIds: [] };
/** An editor of the network gealc (every test plan's). */
export const editor: Actor = {
  userId: "u-editor",
  installAdmin: false,
  networks: { gealc: "editor" },
  areaIds: [],
};
export const viewer: Actor = {
  userId: "u-viewer",
  installAdmin: false,
  networks: { gealc: "viewer" },
  areaIds: [],
};
/** An administrator of the network gealc (approvals, publication, members). */
export const networkAdmin: Actor = {
  userId: "u-netadmin",
  installAdmin: false,
  networks: { gealc: "admin" },
  areaIds: [],
};

const TABLES = [
  "networks",
  "plans",
  "paragraphs",
  "governance",
  "governance_members",
  "assemblies",
  "areas",
  "activities",
  "occurrences",
  "relations",
  "annex_items",
  "sources",
  "citations",
  "texts",
  "plan_versions",
  "amendments",
  "users",
  "coordinator_areas",
  "api_tokens",
  "sessions",
  "audit_log",
] as const;

/** Every row of every table, in a stable order: compare two to prove nothing changed. */
export async function snapshot(db: Db): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of TABLES) {
    const rows = await db.selectFrom(table).selectAll().execute();
    out[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

/** A plugin that makes every INSERT into `table` fail, to force a failure mid-write. */
export function failInsertsInto(table: string): KyselyPlugin {
  return {
    transformQuery(args) {
      const node = args.node;
      if (InsertQueryNode.is(node) && node.into?.table.identifier.name === table) {
        throw new Error(`forced failure inserting into ${table}`);
      }
      return node;
    },
    async transformResult(args) {
      return args.result;
    },
  };
}

/** A plugin counting the statements run through it (`seen.queries`): what a request costs. */
export function countingStatements(): { seen: { queries: number }; plugin: KyselyPlugin } {
  const seen = { queries: 0 };
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      seen.queries++;
      return args.node;
    },
    async transformResult(args) {
      return args.result;
    },
  };
  return { seen, plugin };
}
