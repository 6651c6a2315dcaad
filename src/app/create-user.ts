import { z } from "zod";
import { AppError } from "../core/errors.ts";
import { ROLES } from "../core/policies.ts";
import { findUserByEmail, hasAnyUser, insertUser, type UserRecord } from "../db/user.repository.ts";
import { audit, authorize, requireActor } from "./authorize.ts";
import { nowIso } from "./common.ts";
import { hashPassword } from "./credentials.ts";
import type { Deps } from "./deps.ts";
import { transact } from "./transact.ts";
import { parseInput } from "./validate.ts";

const Input = z.object({
  email: z.email(),
  name: z.string().min(1),
  role: z.enum(ROLES),
  /** Omitted: the user signs in with API tokens only (until a password is set). */
  password: z.string().min(10, "at least 10 characters").optional(),
});
export type CreateUserInput = z.input<typeof Input>;

/** Adds a user (admins only); the password is stored as an argon2id hash. */
export async function createUser(deps: Deps, input: CreateUserInput): Promise<UserRecord> {
  requireActor(deps);
  authorize(deps.actor, "create", { kind: "user" });
  const i = parseInput(Input, input);
  const passwordHash = i.password ? await hashPassword(i.password) : null;
  const now = nowIso(deps);
  return transact(deps, async (trx) => {
    if (await findUserByEmail(trx, i.email)) {
      throw new AppError("conflict", `a user with e-mail ${i.email} exists already`, [
        { path: "email", message: "taken" },
      ]);
    }
    const user = await insertUser(
      trx,
      { email: i.email, name: i.name, role: i.role, passwordHash },
      now,
    );
    await audit(trx, deps, now, "user.create", { kind: "user", id: user.id }, null, user);
    return user;
  });
}

/** The first admin of an empty install (no actor needed; conflict once any user exists). */
export async function createFirstAdmin(
  deps: Pick<Deps, "db" | "clock">,
  input: Omit<CreateUserInput, "role">,
): Promise<UserRecord> {
  const i = parseInput(Input, { ...input, role: "admin" });
  const passwordHash = i.password ? await hashPassword(i.password) : null;
  const now = nowIso(deps);
  return transact(deps, async (trx) => {
    if (await hasAnyUser(trx))
      throw new AppError("conflict", "there are users already: an admin must add new ones");
    const user = await insertUser(trx, { ...i, passwordHash }, now);
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
