import type { Kysely } from "kysely";
import type { AccountLinkRow, DB } from "./schema.ts";

export type AccountLinkPurpose = AccountLinkRow["purpose"];

export type AccountLink = {
  idHash: string;
  userId: string;
  purpose: AccountLinkPurpose;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
};

const toLink = (r: AccountLinkRow): AccountLink => ({
  idHash: r.id_hash,
  userId: r.user_id,
  purpose: r.purpose,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
});

/** Stores a new link, dropping the user's other unused links of the same purpose. */
export async function insertAccountLink(db: Kysely<DB>, link: AccountLink): Promise<void> {
  await db
    .deleteFrom("account_links")
    .where("user_id", "=", link.userId)
    .where("purpose", "=", link.purpose)
    .where("used_at", "is", null)
    .execute();
  await db
    .insertInto("account_links")
    .values({
      id_hash: link.idHash,
      user_id: link.userId,
      purpose: link.purpose,
      created_at: link.createdAt,
      expires_at: link.expiresAt,
      used_at: link.usedAt,
    })
    .execute();
}

/** The link with this hash if unused and not expired at `now`. */
export async function findLiveAccountLink(
  db: Kysely<DB>,
  idHash: string,
  now: string,
): Promise<AccountLink | null> {
  const row = await db
    .selectFrom("account_links")
    .selectAll()
    .where("id_hash", "=", idHash)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return row ? toLink(row) : null;
}

/** The newest link of a user for `purpose`, used or not. */
export async function newestAccountLink(
  db: Kysely<DB>,
  userId: string,
  purpose: AccountLinkPurpose,
): Promise<AccountLink | null> {
  const row = await db
    .selectFrom("account_links")
    .selectAll()
    .where("user_id", "=", userId)
    .where("purpose", "=", purpose)
    .orderBy("created_at", "desc")
    .executeTakeFirst();
  return row ? toLink(row) : null;
}

/**
 * Marks a link used, once: false when it was used (or removed) meanwhile. Every other
 * unused link of the user goes too, and expired links of anyone are removed.
 */
export async function useAccountLink(
  db: Kysely<DB>,
  link: AccountLink,
  now: string,
): Promise<boolean> {
  const res = await db
    .updateTable("account_links")
    .set({ used_at: now })
    .where("id_hash", "=", link.idHash)
    .where("used_at", "is", null)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) return false;
  await db
    .deleteFrom("account_links")
    .where("user_id", "=", link.userId)
    .where("used_at", "is", null)
    .execute();
  await db.deleteFrom("account_links").where("expires_at", "<=", now).execute();
  return true;
}
