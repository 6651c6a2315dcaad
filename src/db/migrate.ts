import { type Kysely, type Migration, Migrator } from "kysely";
import * as m0001 from "./migrations/0001-initial.ts";
import * as m0002 from "./migrations/0002-link-checks.ts";
import * as m0003 from "./migrations/0003-user-preferences.ts";
import * as m0004 from "./migrations/0004-approving-assembly.ts";

/** Every migration, by name (applied in name order). Add one file per change, then a line here. */
export const MIGRATIONS: Record<string, Migration> = {
  "0001-initial": m0001,
  "0002-link-checks": m0002,
  "0003-user-preferences": m0003,
  "0004-approving-assembly": m0004,
};

/** Brings the schema to the newest migration; throws (having applied nothing of the failed one). */
// biome-ignore lint/suspicious/noExplicitAny: the migrator works on any schema
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
  const { error, results = [] } = await migrator.migrateToLatest();
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
