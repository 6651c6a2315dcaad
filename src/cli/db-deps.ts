import { type Deps, type Log, silentLog } from "../app/deps.ts";
import { type Config, loadConfig } from "../config.ts";
import type { Actor } from "../core/policies.ts";
import { createDb } from "../db/create-db.ts";
import { UsageError } from "./exit.ts";
import type { Io } from "./io.ts";

/**
 * Who the command line acts as: whoever can run it can open the database, so it may do
 * what an admin may; its audit entries say "cli".
 */
export const CLI_ACTOR: Actor = { userId: "cli", installAdmin: true, networks: {}, areaIds: [] };

/** Warnings and errors to standard error; info is for the server's logs only. */
export function stderrLog(io: Pick<Io, "stderr">): Log {
  return {
    ...silentLog,
    warn: (obj, msg) => io.stderr.write(`warning: ${msg ?? ""} ${JSON.stringify(obj)}\n`),
    error: (obj, msg) => io.stderr.write(`error: ${msg ?? ""} ${JSON.stringify(obj)}\n`),
  };
}

/** Opens the configured database, runs `f` with use-case deps, and closes it. */
export async function withCliDeps<T>(
  io: Io,
  f: (deps: Deps, config: Config) => Promise<T>,
  config: Config = loadConfig(io.env),
): Promise<T> {
  const handle = await createDb(config.databaseUrl);
  try {
    return await f(
      { db: handle.db, clock: () => new Date(), actor: CLI_ACTOR, log: stderrLog(io) },
      config,
    );
  } finally {
    await handle.close();
  }
}

/** NET YEAR from positionals, or a usage error naming the command. */
export function netYear(
  positionals: readonly string[],
  command: string,
): { network: string; year: number } {
  const [network, yearText, ...extra] = positionals;
  const year = Number(yearText);
  if (!network || !/^\d{4}$/.test(yearText ?? "") || extra.length > 0) {
    throw new UsageError(`${command} takes NET YEAR, e.g. gealc 2023`);
  }
  return { network, year };
}
