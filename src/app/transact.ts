import { AppError } from "../core/errors.ts";
import type { Db } from "../db/create-db.ts";
import { isUniqueViolation } from "../db/errors.ts";
import type { Deps } from "./deps.ts";

/**
 * Runs `fn` in one transaction (all or nothing). A unique-constraint violation — two
 * writers racing to create the same thing — becomes a conflict, not a server error.
 */
export async function transact<T>(deps: Pick<Deps, "db">, fn: (trx: Db) => Promise<T>): Promise<T> {
  try {
    return await deps.db.transaction().execute(fn);
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new AppError("conflict", "it exists already (someone else was quicker)");
    }
    throw e;
  }
}
