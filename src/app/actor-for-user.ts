import type { Actor } from "../core/policies.ts";
import type { Db } from "../db/create-db.ts";
import { listCoordinatorAreaIds, type UserRecord } from "../db/user.repository.ts";

/** The actor a user acts as: their role, and for coordinators the areas they coordinate. */
export async function actorForUser(db: Db, user: UserRecord): Promise<Actor> {
  return {
    userId: user.id,
    role: user.role,
    areaIds: user.role === "coordinator" ? await listCoordinatorAreaIds(db, user.id) : [],
  };
}
