import type { Kysely } from "kysely";
import type { DB } from "./schema.ts";

export type IdempotentEntry = { request: string; result: string };

/** What a user's earlier request with this key answered, or null. */
export async function findIdempotencyKey(
  db: Kysely<DB>,
  userId: string,
  key: string,
): Promise<IdempotentEntry | null> {
  const row = await db
    .selectFrom("idempotency_keys")
    .select(["request", "result"])
    .where("user_id", "=", userId)
    .where("key", "=", key)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Takes a key for a request about to run (and forgets keys older than `expiredBefore`), so
 * two requests with one key cannot both run: the second one's insert waits for the first
 * one's transaction (PostgreSQL) or for the write lock (SQLite), then fails with a unique
 * violation, and run again (transact) it finds the first one's answer. `completeIdempotencyKey`
 * then keeps the answer in the same transaction, so no claim without an answer commits.
 */
export async function claimIdempotencyKey(
  db: Kysely<DB>,
  entry: { userId: string; key: string; request: string; now: string; expiredBefore: string },
): Promise<void> {
  await db.deleteFrom("idempotency_keys").where("created_at", "<", entry.expiredBefore).execute();
  await db
    .insertInto("idempotency_keys")
    .values({
      user_id: entry.userId,
      key: entry.key,
      request: entry.request,
      result: "",
      created_at: entry.now,
    })
    .execute();
}

/** Keeps what the request that claimed this key answered. */
export async function completeIdempotencyKey(
  db: Kysely<DB>,
  userId: string,
  key: string,
  result: string,
): Promise<void> {
  await db
    .updateTable("idempotency_keys")
    .set({ result })
    .where("user_id", "=", userId)
    .where("key", "=", key)
    .execute();
}
