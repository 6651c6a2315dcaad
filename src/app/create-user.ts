import { z } from "zod";
import { AppError } from "../core/errors.ts";
import { Password } from "../core/password.ts";
import { ROLES } from "../core/policies.ts";
import type { Db } from "../db/create-db.ts";
import { setMembership } from "../db/member.repository.ts";
import { findNetwork, listNetworks, type NetworkRecord } from "../db/network.repository.ts";
import {
  findUserByEmail,
  hasAnyUser,
  insertUser,
  setCoordinatorAreas,
  type UserRecord,
} from "../db/user.repository.ts";
import { audit, authorize, requireActor } from "./authorize.ts";
import { nowIso } from "./common.ts";
import { hashPassword } from "./credentials.ts";
import type { Deps } from "./deps.ts";
import { AreaRef, resolveAreaIds } from "./set-coordinator-areas.ts";
import { transact } from "./transact.ts";
import { parseInput } from "./validate.ts";

const Input = z.object({
  email: z.email(),
  name: z.string().min(1),
  /**
   * "admin" with no `network`: the install's administrator. Any other role (or "admin"
   * with a network: that network's administrator) is the user's role in `network`.
   */
  role: z.enum(ROLES),
  /**
   * The network's slug; omitted, the network of the areas given, else the install's only
   * network (an error when there are several).
   */
  network: z.string().min(1).optional(),
  /** For a coordinator: the areas they coordinate, all in `network`. */
  areas: z.array(AreaRef).default([]),
  /** Omitted: the user signs in with API tokens, or sets one through an invitation. */
  password: Password.optional(),
});
export type CreateUserInput = z.input<typeof Input>;

/** The network a role is given in: the one named, or the install's only one. */
export async function networkForRole(trx: Db, slug: string | undefined): Promise<NetworkRecord> {
  if (slug !== undefined) {
    const network = await findNetwork(trx, slug);
    if (!network) {
      throw new AppError("invalid_input", `no network "${slug}"`, [
        { path: "network", message: "no such network" },
      ]);
    }
    return network;
  }
  const all = await listNetworks(trx);
  if (all.length !== 1 || !all[0]) {
    throw new AppError("invalid_input", "say in which network the role is", [
      { path: "network", message: "required when the install has no or several networks" },
    ]);
  }
  return all[0];
}

/**
 * Adds a user with a role (the install's administrator adds anyone; a network's
 * administrator adds members of their network), and a coordinator's areas: all in one
 * transaction, so an unknown area leaves no user behind. Passwords are argon2id hashes.
 */
export async function createUser(deps: Deps, input: CreateUserInput): Promise<UserRecord> {
  requireActor(deps);
  const i = parseInput(Input, input);
  const installAdmin = i.role === "admin" && i.network === undefined;
  if (installAdmin) authorize(deps.actor, "manage", { kind: "user" });
  if (i.areas.length > 0 && i.role !== "coordinator") {
    throw new AppError("invalid_input", "areas are for coordinators", [
      { path: "areas", message: "only for coordinators" },
    ]);
  }
  const passwordHash = i.password ? await hashPassword(i.password) : null;
  const now = nowIso(deps);
  return transact(deps, async (trx) => {
    const network = installAdmin
      ? null
      : await networkForRole(trx, i.network ?? i.areas[0]?.network);
    if (network) authorize(deps.actor, "manage", { kind: "members", network: network.slug });
    if (await findUserByEmail(trx, i.email)) {
      throw new AppError("conflict", `a user with e-mail ${i.email} exists already`, [
        { path: "email", message: "taken" },
      ]);
    }
    const user = await insertUser(
      trx,
      { email: i.email, name: i.name, role: installAdmin ? "admin" : "member", passwordHash },
      now,
    );
    await audit(trx, deps, now, "user.create", { kind: "user", id: user.id }, null, user);
    if (network) {
      await setMembership(trx, user.id, network.id, i.role);
      await audit(trx, deps, now, "user.set_role", { kind: "user", id: user.id }, null, {
        network: network.slug,
        role: i.role,
      });
    }
    if (network && i.areas.length > 0) {
      const areaIds = await resolveAreaIds(trx, i.areas, network.slug);
      await setCoordinatorAreas(trx, user.id, areaIds);
      await audit(trx, deps, now, "user.set_areas", { kind: "user", id: user.id }, [], areaIds);
    }
    return user;
  });
}

/** The first admin of an empty install (no actor needed; conflict once any user exists). */
export async function createFirstAdmin(
  deps: Pick<Deps, "db" | "clock">,
  input: Omit<CreateUserInput, "role" | "network" | "areas">,
): Promise<UserRecord> {
  const i = parseInput(Input, { ...input, role: "admin" });
  const passwordHash = i.password ? await hashPassword(i.password) : null;
  const now = nowIso(deps);
  return transact(deps, async (trx) => {
    if (await hasAnyUser(trx))
      throw new AppError("conflict", "there are users already: an admin must add new ones");
    const user = await insertUser(
      trx,
      { email: i.email, name: i.name, role: "admin", passwordHash },
      now,
    );
    await audit(
      trx,
      { actor: null },
      now,
      "user.create",
      { kind: "user", id: user.id },
      null,
      user,
    );
    return user;
  });
}
