import type { Kysely } from "kysely";
import { newId } from "./ids.ts";
import type { ApiTokenRow, DB } from "./schema.ts";

/** An API token as listed: never its secret, only the prefix shown at creation. */
export type ApiTokenRecord = {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

const toRecord = (r: ApiTokenRow): ApiTokenRecord => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  prefix: r.prefix,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

export async function insertApiToken(
  db: Kysely<DB>,
  token: { userId: string; name: string; prefix: string; hash: string },
  now: string,
): Promise<ApiTokenRecord> {
  const row: ApiTokenRow = {
    id: newId(),
    user_id: token.userId,
    name: token.name,
    prefix: token.prefix,
    hash: token.hash,
    created_at: now,
    last_used_at: null,
    revoked_at: null,
  };
  await db.insertInto("api_tokens").values(row).execute();
  return toRecord(row);
}

/** The unrevoked token with this hash, or null. */
export async function findActiveApiToken(
  db: Kysely<DB>,
  hash: string,
): Promise<ApiTokenRecord | null> {
  const row = await db
    .selectFrom("api_tokens")
    .selectAll()
    .where("hash", "=", hash)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return row ? toRecord(row) : null;
}

export async function findApiToken(db: Kysely<DB>, id: string): Promise<ApiTokenRecord | null> {
  const row = await db.selectFrom("api_tokens").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toRecord(row) : null;
}

export async function listApiTokens(db: Kysely<DB>, userId: string): Promise<ApiTokenRecord[]> {
  const rows = await db
    .selectFrom("api_tokens")
    .selectAll()
    .where("user_id", "=", userId)
    .orderBy("id")
    .execute();
  return rows.map(toRecord);
}

export async function touchApiToken(db: Kysely<DB>, id: string, now: string): Promise<void> {
  await db.updateTable("api_tokens").set({ last_used_at: now }).where("id", "=", id).execute();
}

/** Revokes a token (kept for the record); false when it was not active. */
export async function revokeApiToken(db: Kysely<DB>, id: string, now: string): Promise<boolean> {
  const res = await db
    .updateTable("api_tokens")
    .set({ revoked_at: now })
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}
