import { pingDb } from "../db/create-db.ts";
import type { Deps } from "./deps.ts";

/** Whether the database answers now (for /readyz): resolves, or throws the driver's error. */
export async function checkDatabase(deps: Pick<Deps, "db">): Promise<void> {
  await pingDb(deps.db);
}
