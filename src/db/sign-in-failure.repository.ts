import { type Kysely, sql } from "kysely";
import type { DB } from "./schema.ts";

/** A key's state: failures in its window, and whether (and until when) it is blocked. */
export type FailureState = {
  failures: number;
  strikes: number;
  blockedUntil: string | null;
};

export async function findFailures(db: Kysely<DB>, key: string): Promise<FailureState | null> {
  const row = await db
    .selectFrom("sign_in_failures")
    .select(["failures", "strikes", "blocked_until"])
    .where("key", "=", key)
    .executeTakeFirst();
  return row
    ? { failures: row.failures, strikes: row.strikes, blockedUntil: row.blocked_until }
    : null;
}

/**
 * Counts one failure under `key`, atomically (instances may race): a window over by `now`
 * starts again at 1. Returns the state after it.
 */
export async function addFailure(
  db: Kysely<DB>,
  key: string,
  now: string,
  windowEndsAt: string,
): Promise<FailureState> {
  await db
    .insertInto("sign_in_failures")
    .values({
      key,
      failures: 1,
      window_ends_at: windowEndsAt,
      strikes: 0,
      blocked_until: null,
      forget_at: windowEndsAt,
    })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({
        failures: sql<number>`case when sign_in_failures.window_ends_at <= ${now} then 1 else sign_in_failures.failures + 1 end`,
        window_ends_at: sql<string>`case when sign_in_failures.window_ends_at <= ${now} then ${windowEndsAt} else sign_in_failures.window_ends_at end`,
        forget_at: sql<string>`case when sign_in_failures.forget_at < ${windowEndsAt} then ${windowEndsAt} else sign_in_failures.forget_at end`,
      }),
    )
    .execute();
  return (await findFailures(db, key)) as FailureState;
}

/**
 * Blocks `key` until `until` if it still has `max` failures (one instance does it, not
 * every one that raced there): its count starts again after the block, its strikes go
 * up, and it is kept until `forgetAt`.
 */
export async function blockKey(
  db: Kysely<DB>,
  key: string,
  max: number,
  until: string,
  forgetAt: string,
): Promise<void> {
  await db
    .updateTable("sign_in_failures")
    .set((eb) => ({
      failures: 0,
      strikes: eb("strikes", "+", 1),
      blocked_until: until,
      window_ends_at: until,
      forget_at: forgetAt,
    }))
    .where("key", "=", key)
    .where("failures", ">=", max)
    .execute();
}

export async function clearKey(db: Kysely<DB>, key: string): Promise<void> {
  await db.deleteFrom("sign_in_failures").where("key", "=", key).execute();
}

/** Forgets keys (and so addresses) whose window, block and strikes' memory are over. */
export async function forgetOldFailures(db: Kysely<DB>, now: string): Promise<number> {
  const res = await db
    .deleteFrom("sign_in_failures")
    .where("forget_at", "<=", now)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
