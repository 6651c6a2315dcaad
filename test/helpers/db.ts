import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe } from "node:test";
import pg from "pg";
import { createDb, type Db, type DbHandle, type Dialect } from "../../src/db/create-db.ts";

export type DbContext = {
  readonly dialect: Dialect;
  /** The fresh, migrated database of this suite (available inside tests and hooks). */
  readonly db: Db;
};

/** The dialects to test on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function testDialects(): Dialect[] {
  return process.env.TEST_DATABASE_URL ? ["sqlite", "postgres"] : ["sqlite"];
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

/** A fresh, migrated database of `dialect`, and how to remove it once closed. */
export async function openTestDb(
  dialect: Dialect,
): Promise<{ handle: DbHandle; cleanup: () => Promise<void> }> {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "wp-test-"));
    const handle = await createDb(join(dir, "test.sqlite"));
    return { handle, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error("TEST_DATABASE_URL is not set");
  const name = `wp_test_${randomBytes(6).toString("hex")}`;
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await createDb(url.toString());
  return {
    handle,
    cleanup: () =>
      withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
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
