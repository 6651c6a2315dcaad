import { loadConfig } from "../../config.ts";
import { createDb } from "../../db/create-db.ts";
import { migrateToLatest } from "../../db/migrate.ts";
import { UsageError } from "../exit.ts";
import type { Io } from "../io.ts";

export const usage = "workplan db migrate";

/** `db migrate`: brings the configured database's schema to the newest migration. */
export async function dbCommand(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== "migrate" || rest.length > 0) {
    throw new UsageError(sub ? `unknown db subcommand '${sub}'` : "db needs a subcommand: migrate");
  }
  const config = loadConfig(io.env);
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
