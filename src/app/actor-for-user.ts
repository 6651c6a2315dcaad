import type { Actor } from "../core/policies.ts";
import type { Db } from "../db/create-db.ts";
import { listMemberships } from "../db/member.repository.ts";
import { listCoordinatorAreaIds, type UserRecord } from "../db/user.repository.ts";

/** The actor a user acts as: install admin or not, their role per network, their areas. */
export async function actorForUser(db: Db, user: UserRecord): Promise<Actor> {
  const networks =
    user.role === "admin"
      ? {}
      : Object.fromEntries((await listMemberships(db, user.id)).map((m) => [m.network, m.role]));
  const coordinates = Object.values(networks).includes("coordinator");
  return {
    userId: user.id,
    installAdmin: user.role === "admin",
    networks,
    areaIds: coordinates ? await listCoordinatorAreaIds(db, user.id) : [],
  };
}
