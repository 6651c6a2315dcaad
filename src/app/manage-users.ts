/** The user list (roles per network, areas coordinated) and changes to a user's access. */
import { z } from "zod";
import { AppError } from "../core/errors.ts";
import { can, ROLES, type Role } from "../core/policies.ts";
import {
  clearCoordinatorAreasIn,
  listMemberships,
  setMembership,
} from "../db/member.repository.ts";
import { findNetwork } from "../db/network.repository.ts";
import { deleteUserSessions } from "../db/session.repository.ts";
import {
  findUserById,
  listCoordinatedAreas,
  listUsers,
  type UserRecord,
  updateUser,
} from "../db/user.repository.ts";
import { audit, authorize, requireActor } from "./authorize.ts";
import { nowIso } from "./common.ts";
import type { Deps } from "./deps.ts";
import { transact } from "./transact.ts";
import { parseInput } from "./validate.ts";

export type ManagedUser = UserRecord & {
  /** Network slug -> role. */
  roles: Record<string, Role>;
  /** The areas coordinated, as "network/year/code". */
  areas: string[];
};

/**
 * The users the actor manages, with their roles and areas: every user for the install's
 * administrator, the members of their networks for a network's administrator.
 */
export async function listManagedUsers(deps: Deps): Promise<ManagedUser[]> {
  const actor = requireActor(deps);
  const memberships = await listMemberships(deps.db);
  const managed = (network: string) => can(actor, "manage", { kind: "members", network });
  if (!actor.installAdmin && !memberships.some((m) => managed(m.network))) {
    authorize(actor, "manage", { kind: "user" });
  }
  const users = (await listUsers(deps.db)).filter(
    (u) => actor.installAdmin || memberships.some((m) => m.userId === u.id && managed(m.network)),
  );
  const rows = await listCoordinatedAreas(deps.db);
  return users.map((u) => ({
    ...u,
    roles: Object.fromEntries(
      memberships.filter((m) => m.userId === u.id).map((m) => [m.network, m.role]),
    ),
    areas: rows.filter((r) => r.userId === u.id).map((r) => `${r.network}/${r.year}/${r.areaCode}`),
  }));
}

const Input = z.object({
  userId: z.string().min(1),
  expectedVersion: z.number().int().positive(),
  /** Whether the user administers the install (only its administrator changes this). */
  installAdmin: z.boolean().optional(),
  /** Network slug -> the user's new role there ("none": no longer a member). */
  roles: z.record(z.string().min(1), z.enum([...ROLES, "none"])).default({}),
  disabled: z.boolean().optional(),
});
export type UpdateUserAccessInput = z.input<typeof Input>;

/**
 * Changes a user's access in one transaction: install administrator or not (the install's
 * administrator), roles per network (that network's administrator), disabled or not. Any
 * change ends all the user's sessions, so no one keeps rights they lost. An install
 * administrator cannot demote or disable themself (someone must stay administrator).
 */
export async function updateUserAccess(
  deps: Deps,
  input: UpdateUserAccessInput,
): Promise<UserRecord> {
  const actor = requireActor(deps);
  const i = parseInput(Input, input);
  if (i.installAdmin !== undefined || i.disabled !== undefined) {
    authorize(actor, "manage", { kind: "user", userId: i.userId });
  }
  for (const network of Object.keys(i.roles)) {
    authorize(actor, "manage", { kind: "members", network });
  }
  const now = nowIso(deps);
  return transact(deps, async (trx) => {
    const before = await findUserById(trx, i.userId);
    if (!before) throw new AppError("not_found", "no such user");
    if (before.id === actor.userId && (i.installAdmin === false || i.disabled)) {
      throw new AppError("conflict", "an administrator cannot demote or disable themself");
    }
    let changed = false;
    const changes: Record<string, unknown> = {};
    for (const [slug, role] of Object.entries(i.roles)) {
      const network = await findNetwork(trx, slug);
      if (!network) {
        throw new AppError("invalid_input", `no network "${slug}"`, [
          { path: `roles.${slug}`, message: "no such network" },
        ]);
      }
      const was = await setMembership(trx, i.userId, network.id, role === "none" ? null : role);
      if ((was ?? "none") !== role) {
        changed = true;
        changes[slug] = { from: was ?? "none", to: role };
        if (was === "coordinator") await clearCoordinatorAreasIn(trx, i.userId, network.id);
      }
    }
    const role =
      i.installAdmin === undefined ? before.role : i.installAdmin ? "admin" : ("member" as const);
    const disabledAt =
      i.disabled === undefined ? before.disabledAt : i.disabled ? (before.disabledAt ?? now) : null;
    if (role !== before.role || disabledAt !== before.disabledAt || changed) {
      await updateUser(trx, i.userId, i.expectedVersion, { role, disabledAt }, now);
      await deleteUserSessions(trx, i.userId);
    }
    const after = (await findUserById(trx, i.userId)) as UserRecord;
    await audit(trx, deps, now, "user.update", { kind: "user", id: i.userId }, before, {
      ...after,
      roles: changes,
    });
    return after;
  });
}
