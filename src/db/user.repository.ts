import type { Kysely } from "kysely";
import type { InstallRole } from "../core/policies.ts";
import { newId } from "./ids.ts";
import { staleOrMissing } from "./plan.repository.ts";
import type { DB, UserRow } from "./schema.ts";

/** A user without secrets. */
export type UserRecord = {
  id: string;
  email: string;
  name: string;
  /** admin: the install's administrator; member: roles per network (network_members). */
  role: InstallRole;
  disabledAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
};

const toRecord = (r: UserRow): UserRecord => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  disabledAt: r.disabled_at,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** E-mail addresses are compared case-insensitively: stored lower-cased. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function insertUser(
  db: Kysely<DB>,
  user: { email: string; name: string; role: InstallRole; passwordHash: string | null },
  now: string,
): Promise<UserRecord> {
  const row: UserRow = {
    id: newId(),
    email: normalizeEmail(user.email),
    name: user.name,
    role: user.role,
    password_hash: user.passwordHash,
    disabled_at: null,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto("users").values(row).execute();
  return toRecord(row);
}

export async function findUserById(db: Kysely<DB>, id: string): Promise<UserRecord | null> {
  const row = await db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toRecord(row) : null;
}

export async function findUserByEmail(db: Kysely<DB>, email: string): Promise<UserRecord | null> {
  return (await findUserCredentials(db, email))?.user ?? null;
}

/** The user and their password hash, for signing in only. */
export async function findUserCredentials(
  db: Kysely<DB>,
  email: string,
): Promise<{ user: UserRecord; passwordHash: string | null } | null> {
  const row = await db
    .selectFrom("users")
    .selectAll()
    .where("email", "=", normalizeEmail(email))
    .executeTakeFirst();
  return row ? { user: toRecord(row), passwordHash: row.password_hash } : null;
}

export async function listUsers(db: Kysely<DB>): Promise<UserRecord[]> {
  const rows = await db.selectFrom("users").selectAll().orderBy("email").execute();
  return rows.map(toRecord);
}

export type UserFields = {
  name?: string;
  role?: InstallRole;
  passwordHash?: string | null;
  disabledAt?: string | null;
};

/** Changes a user if still at `expectedVersion`; returns the new version. */
export async function updateUser(
  db: Kysely<DB>,
  id: string,
  expectedVersion: number,
  fields: UserFields,
  now: string,
): Promise<number> {
  const res = await db
    .updateTable("users")
    .set((eb) => ({
      ...(fields.name !== undefined ? { name: fields.name } : {}),
      ...(fields.role !== undefined ? { role: fields.role } : {}),
      ...(fields.passwordHash !== undefined ? { password_hash: fields.passwordHash } : {}),
      ...(fields.disabledAt !== undefined ? { disabled_at: fields.disabledAt } : {}),
      version: eb("version", "+", 1),
      updated_at: now,
    }))
    .where("id", "=", id)
    .where("version", "=", expectedVersion)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) await staleOrMissing(db, "users", id, expectedVersion);
  return expectedVersion + 1;
}

/** The areas (row ids) a user coordinates. */
export async function listCoordinatorAreaIds(db: Kysely<DB>, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("coordinator_areas")
    .select("area_id")
    .where("user_id", "=", userId)
    .orderBy("area_id")
    .execute();
  return rows.map((r) => r.area_id);
}

/** Replaces the areas a user coordinates. */
export async function setCoordinatorAreas(
  db: Kysely<DB>,
  userId: string,
  areaIds: readonly string[],
): Promise<void> {
  await db.deleteFrom("coordinator_areas").where("user_id", "=", userId).execute();
  const rows = [...new Set(areaIds)].map((area_id) => ({ user_id: userId, area_id }));
  if (rows.length > 0) await db.insertInto("coordinator_areas").values(rows).execute();
}

/** Every coordinator's areas, as network slug, plan year and area code. */
export async function listCoordinatedAreas(
  db: Kysely<DB>,
): Promise<{ userId: string; network: string; year: number; areaCode: string }[]> {
  const rows = await db
    .selectFrom("coordinator_areas")
    .innerJoin("areas", "areas.id", "coordinator_areas.area_id")
    .innerJoin("plans", "plans.id", "areas.plan_id")
    .innerJoin("networks", "networks.id", "plans.network_id")
    .select(["coordinator_areas.user_id", "networks.slug", "plans.year", "areas.code"])
    .execute();
  return rows.map((r) => ({
    userId: r.user_id,
    network: r.slug,
    year: r.year,
    areaCode: r.code,
  }));
}

/** Whether any user exists (the first admin may only be made on an empty table). */
export async function hasAnyUser(db: Kysely<DB>): Promise<boolean> {
  return (await db.selectFrom("users").select("id").limit(1).executeTakeFirst()) !== undefined;
}

/** The names of users by id (for history entries). */
export async function userNames(
  db: Kysely<DB>,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom("users").select(["id", "name"]).where("id", "in", ids).execute();
  return new Map(rows.map((u) => [u.id, u.name]));
}

export type SavedCoordinators = { userId: string; areaCode: string }[];

/** Who coordinates which area (by code) of a plan, to keep across a replacing import. */
export async function saveCoordinatorAreas(
  db: Kysely<DB>,
  planId: string,
): Promise<SavedCoordinators> {
  const rows = await db
    .selectFrom("coordinator_areas")
    .innerJoin("areas", "areas.id", "coordinator_areas.area_id")
    .select(["coordinator_areas.user_id", "areas.code"])
    .where("areas.plan_id", "=", planId)
    .execute();
  return rows.map((r) => ({ userId: r.user_id, areaCode: r.code }));
}

/** Gives the saved coordinators the areas of the same codes in the (new) plan, if not had yet. */
export async function restoreCoordinatorAreas(
  db: Kysely<DB>,
  planId: string,
  saved: SavedCoordinators,
): Promise<void> {
  if (saved.length === 0) return;
  const areas = await db
    .selectFrom("areas")
    .select(["id", "code"])
    .where("plan_id", "=", planId)
    .execute();
  const byCode = new Map(areas.map((a) => [a.code, a.id]));
  const have = await db
    .selectFrom("coordinator_areas")
    .select(["user_id", "area_id"])
    .where("area_id", "in", areas.length > 0 ? areas.map((a) => a.id) : [""])
    .execute();
  const taken = new Set(have.map((r) => `${r.user_id} ${r.area_id}`));
  const rows = saved.flatMap((s) => {
    const area_id = byCode.get(s.areaCode);
    const key = `${s.userId} ${area_id}`;
    if (!area_id || taken.has(key)) return [];
    taken.add(key);
    return [{ user_id: s.userId, area_id }];
  });
  if (rows.length > 0) await db.insertInto("coordinator_areas").values(rows).execute();
}

/** The codes of a plan's areas a user coordinates, in code order. */
export async function coordinatedAreaCodes(
  db: Kysely<DB>,
  userId: string,
  planId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom("coordinator_areas")
    .innerJoin("areas", "areas.id", "coordinator_areas.area_id")
    .select("areas.code")
    .where("coordinator_areas.user_id", "=", userId)
    .where("areas.plan_id", "=", planId)
    .orderBy("areas.code")
    .execute();
  return rows.map((r) => r.code);
}
