import type { Kysely } from "kysely";
import type { DB } from "./schema.ts";

// Sessions live in the database so that several app instances share them.

export type SessionRecord = {
  idHash: string;
  userId: string;
  csrfSecret: string;
  createdAt: string;
  expiresAt: string;
};

export async function insertSession(db: Kysely<DB>, s: SessionRecord): Promise<void> {
  await db
    .insertInto("sessions")
    .values({
      id_hash: s.idHash,
      user_id: s.userId,
      csrf_secret: s.csrfSecret,
      created_at: s.createdAt,
      expires_at: s.expiresAt,
    })
    .execute();
}

/** The session with this id hash if it has not expired at `now`. */
export async function findLiveSession(
  db: Kysely<DB>,
  idHash: string,
  now: string,
): Promise<SessionRecord | null> {
  const r = await db
    .selectFrom("sessions")
    .selectAll()
    .where("id_hash", "=", idHash)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return r
    ? {
        idHash: r.id_hash,
        userId: r.user_id,
        csrfSecret: r.csrf_secret,
        createdAt: r.created_at,
        expiresAt: r.expires_at,
      }
    : null;
}

/** Moves a session's expiry (sliding sessions). */
export async function extendSession(
  db: Kysely<DB>,
  idHash: string,
  expiresAt: string,
): Promise<void> {
  await db
    .updateTable("sessions")
    .set({ expires_at: expiresAt })
    .where("id_hash", "=", idHash)
    .execute();
}

export async function deleteSession(db: Kysely<DB>, idHash: string): Promise<void> {
  await db.deleteFrom("sessions").where("id_hash", "=", idHash).execute();
}

export async function deleteUserSessions(db: Kysely<DB>, userId: string): Promise<void> {
  await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
}

/** Removes expired sessions; returns how many. */
export async function deleteExpiredSessions(db: Kysely<DB>, now: string): Promise<number> {
  const res = await db.deleteFrom("sessions").where("expires_at", "<=", now).executeTakeFirst();
  return Number(res.numDeletedRows);
}
