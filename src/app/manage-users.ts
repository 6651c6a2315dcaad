/** The admin's user list (with the areas each coordinates) and role changes. */
import { z } from "zod";
import { AppError } from "../core/errors.ts";
import { ROLES } from "../core/policies.ts";
import { deleteUserSessions } from "../db/session.repository.ts";
import {
  findUserById,
  listCoordinatedAreas,
  listUsers,
  setCoordinatorAreas,
  type UserRecord,
  updateUser,
} from "../db/user.repository.ts";
import { audit, authorize, requireActor } from "./authorize.ts";
import { nowIso } from "./common.ts";
import type { Deps } from "./deps.ts";
import { transact } from "./transact.ts";
import { parseInput } from "./validate.ts";

export type ManagedUser = UserRecord & {
  /** The areas coordinated, as "network/year/code". */
  areas: string[];
};

/** Every user, with the areas coordinators coordinate (admins only). */
export async function listManagedUsers(deps: Deps): Promise<ManagedUser[]> {
  requireActor(deps);
  authorize(deps.actor, "read", { kind: "user" });
  const users = await listUsers(deps.db);
  const rows = await listCoordinatedAreas(deps.db);
  return users.map((u) => ({
    ...u,
    areas: rows.filter((r) => r.userId === u.id).map((r) => `${r.network}/${r.year}/${r.areaCode}`),
  }));
}

const Input = z.object({
  userId: z.string().min(1),
  expectedVersion: z.number().int().positive(),
  role: z.enum(ROLES),
  disabled: z.boolean().optional(),
});

/**
 * Changes a user's role (and disables or re-enables them); admins only. A disabled user's
 * sessions end at once. An admin cannot demote or disable themself (someone must stay admin).
 */
export async function updateUserRole(
  deps: Deps,
  input: z.input<typeof Input>,
): Promise<UserRecord> {
  const actor = requireActor(deps);
  authorize(deps.actor, "update", { kind: "user", userId: input.userId });
  const i = parseInput(Input, input);
  const now = nowIso(deps);
  return transact(deps, async (trx) => {
    const before = await findUserById(trx, i.userId);
    if (!before) throw new AppError("not_found", "no such user");
    if (before.id === actor.userId && (i.role !== "admin" || i.disabled)) {
      throw new AppError("conflict", "an administrator cannot demote or disable themself");
    }
    const disabledAt =
      i.disabled === undefined ? undefined : i.disabled ? (before.disabledAt ?? now) : null;
    await updateUser(
      trx,
      i.userId,
      i.expectedVersion,
      { role: i.role, ...(disabledAt !== undefined ? { disabledAt } : {}) },
      now,
    );
    if (i.role !== "coordinator") {
      await setCoordinatorAreas(trx, i.userId, []);
    }
    if (disabledAt) await deleteUserSessions(trx, i.userId);
    const after = (await findUserById(trx, i.userId)) as UserRecord;
    await audit(trx, deps, now, "user.update", { kind: "user", id: i.userId }, before, after);
    return after;
  });
}
