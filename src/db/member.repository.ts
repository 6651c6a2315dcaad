import type { Kysely } from "kysely";
import type { Role } from "../core/policies.ts";
import type { DB } from "./schema.ts";

/** A user's role in one network. */
export type Membership = { userId: string; networkId: string; network: string; role: Role };

/** Every membership, or one user's, with the network's slug; by network slug. */
export async function listMemberships(db: Kysely<DB>, userId?: string): Promise<Membership[]> {
  let q = db
    .selectFrom("network_members")
    .innerJoin("networks", "networks.id", "network_members.network_id")
    .select([
      "network_members.user_id",
      "network_members.network_id",
      "network_members.role",
      "networks.slug",
    ]);
  if (userId !== undefined) q = q.where("network_members.user_id", "=", userId);
  const rows = await q.orderBy("networks.slug").execute();
  return rows.map((r) => ({
    userId: r.user_id,
    networkId: r.network_id,
    network: r.slug,
    role: r.role,
  }));
}

/** Gives a user `role` in a network (null: none); returns the role they had. */
export async function setMembership(
  db: Kysely<DB>,
  userId: string,
  networkId: string,
  role: Role | null,
): Promise<Role | null> {
  const before = await db
    .selectFrom("network_members")
    .select("role")
    .where("user_id", "=", userId)
    .where("network_id", "=", networkId)
    .executeTakeFirst();
  if (before?.role === role) return role;
  if (before) {
    await db
      .deleteFrom("network_members")
      .where("user_id", "=", userId)
      .where("network_id", "=", networkId)
      .execute();
  }
  if (role !== null) {
    await db
      .insertInto("network_members")
      .values({ user_id: userId, network_id: networkId, role })
      .execute();
  }
  return before?.role ?? null;
}

/** Removes a user's coordinated areas in one network (when they stop coordinating there). */
export async function clearCoordinatorAreasIn(
  db: Kysely<DB>,
  userId: string,
  networkId: string,
): Promise<void> {
  await db
    .deleteFrom("coordinator_areas")
    .where("user_id", "=", userId)
    .where(
      "area_id",
      "in",
      db
        .selectFrom("areas")
        .innerJoin("plans", "plans.id", "areas.plan_id")
        .select("areas.id")
        .where("plans.network_id", "=", networkId),
    )
    .execute();
}
