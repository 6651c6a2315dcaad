import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { loadConfig } from "../../config.ts";
import { backupDatabase, restoreDatabase } from "../../db/backup.ts";
import { createDb } from "../../db/create-db.ts";
import { migrateToLatest } from "../../db/migrate.ts";
import { UsageError } from "../exit.ts";
import { cliPath, type Io } from "../io.ts";

export const usage =
  "workplan db migrate\n" +
  "  workplan db backup FILE    every table, as gzip JSON lines, from one snapshot\n" +
  "  workplan db restore FILE   into an empty database (DATABASE_URL), then migrated";

/** `db migrate|backup|restore` on the configured database (DATABASE_URL). */
export async function dbCommand(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  const config = loadConfig(io.env);
  if (sub === "migrate" && rest.length === 0) {
    const handle = await createDb(config.databaseUrl, { migrate: false });
    try {
      const applied = await migrateToLatest(handle.db);
      io.stdout.write(
        applied.length > 0 ? `applied ${applied.join(", ")}\n` : "the database is up to date\n",
      );
      return 0;
    } finally {
      await handle.close();
    }
  }
  if ((sub === "backup" || sub === "restore") && rest.length === 1 && rest[0]) {
    const file = cliPath(io, rest[0]);
    return sub === "backup"
      ? backup(config.databaseUrl, file, io)
      : restore(config.databaseUrl, file, io);
  }
  throw new UsageError(
    sub
      ? `unknown db subcommand or arguments: ${argv.join(" ")}`
      : "db needs a subcommand: migrate, backup or restore",
  );
}

/** Writes to FILE.partial and renames it at the end, so FILE is never a cut-short backup. */
async function backup(url: string, file: string, io: Io): Promise<number> {
  const handle = await createDb(url);
  const partial = `${file}.partial`;
  try {
    const rows = await backupDatabase(
      handle.db,
      handle.dialect,
      createWriteStream(partial),
      new Date(),
    );
    await rename(partial, file);
    const total = Object.values(rows).reduce((a, b) => a + b, 0);
    io.stdout.write(`backed up ${total} rows of ${Object.keys(rows).length} tables to ${file}\n`);
    return 0;
  } catch (e) {
    await rm(partial, { force: true });
    throw e;
  } finally {
    await handle.close();
  }
}

async function restore(url: string, file: string, io: Io): Promise<number> {
  if (!existsSync(file)) throw new UsageError(`no such backup: ${file}`);
  const handle = await createDb(url, { migrate: false });
  try {
    const { rows, upgradedBy } = await restoreDatabase(handle.db, createReadStream(file));
    const total = Object.values(rows).reduce((a, b) => a + b, 0);
    io.stdout.write(
      `restored ${total} rows` +
        (upgradedBy.length > 0 ? `, then applied ${upgradedBy.join(", ")}` : "") +
        "\n",
    );
    return 0;
  } finally {
    await handle.close();
  }
}
