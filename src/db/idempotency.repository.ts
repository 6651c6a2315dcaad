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
 * Keeps what a request with this key answered, and forgets keys older than `expiredBefore`.
 * Two requests saving one key race on the primary key: the loser's transaction fails
 * with a unique violation, and run again it finds the winner's answer.
 */
export async function saveIdempotencyKey(
  db: Kysely<DB>,
  entry: IdempotentEntry & { userId: string; key: string; now: string; expiredBefore: string },
): Promise<void> {
  await db.deleteFrom("idempotency_keys").where("created_at", "<", entry.expiredBefore).execute();
  await db
    .insertInto("idempotency_keys")
    .values({
      user_id: entry.userId,
      key: entry.key,
      request: entry.request,
      result: entry.result,
      created_at: entry.now,
    })
    .execute();
}
