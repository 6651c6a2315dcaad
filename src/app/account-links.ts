/**
 * Accounts people manage themselves: an invitation (after an administrator adds them) or a
 * password reset (asked for on the sign-in page) is an e-mailed link, single-use and
 * expiring, sent through the SMTP settings the reminders use. Following it, the person
 * chooses a password (the one rule in core); every session they had ends.
 */
import { z } from "zod";
import { AppError } from "../core/errors.ts";
import { Password } from "../core/password.ts";
import type { Language } from "../core/plan.ts";
import { can } from "../core/policies.ts";
import {
  type AccountLinkPurpose,
  findLiveAccountLink,
  insertAccountLink,
  newestAccountLink,
  useAccountLink,
} from "../db/account-link.repository.ts";
import { listMemberships } from "../db/member.repository.ts";
import { deleteUserSessions } from "../db/session.repository.ts";
import {
  findUserByEmail,
  findUserById,
  type UserRecord,
  updateUser,
} from "../db/user.repository.ts";
import { composeAccountEmail } from "../mail/account.ts";
import type { Mailer } from "../mail/transport.ts";
import { audit, requireActor } from "./authorize.ts";
import { hashPassword, newSecret, sha256Hex } from "./credentials.ts";
import type { Deps } from "./deps.ts";
import { transact } from "./transact.ts";
import { parseInput } from "./validate.ts";

/** How long a link works. */
export const LINK_TTL_MS: Record<AccountLinkPurpose, number> = {
  invite: 7 * 24 * 3600_000,
  reset: 3600_000,
};
/** A reset is mailed at most this often per user, so the form cannot flood a mailbox. */
export const RESET_INTERVAL_MS = 5 * 60_000;

export type AccountMailDeps = Deps & { mailer: Mailer | null; publicUrl: string };

/** The page a link opens: where the password is chosen. */
export const accountLinkPath = (secret: string) => `/account/password/${secret}`;

async function mailLink(
  deps: AccountMailDeps,
  user: UserRecord,
  purpose: AccountLinkPurpose,
  language: Language,
): Promise<void> {
  if (!deps.mailer) {
    throw new AppError("unavailable", "mail is not configured: set SMTP_HOST");
  }
  const secret = newSecret();
  const now = deps.clock();
  await transact(deps, async (trx) => {
    await insertAccountLink(trx, {
      idHash: sha256Hex(secret),
      userId: user.id,
      purpose,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + LINK_TTL_MS[purpose]).toISOString(),
      usedAt: null,
    });
    await audit(
      trx,
      deps,
      now.toISOString(),
      `user.${purpose}`,
      { kind: "user", id: user.id },
      null,
      null,
    );
  });
  const url = `${deps.publicUrl.replace(/\/$/, "")}${accountLinkPath(secret)}?lang=${language}`;
  await deps.mailer.send(
    composeAccountEmail({
      to: { email: user.email, name: user.name },
      purpose,
      url,
      hours: LINK_TTL_MS[purpose] / 3600_000,
      language,
    }),
  );
}

/**
 * Invites a user to choose their password: the install's administrator, or an
 * administrator of a network the user is a member of.
 */
export async function sendInvitation(
  deps: AccountMailDeps,
  input: { userId: string; language: Language },
): Promise<void> {
  const actor = requireActor(deps);
  const user = await findUserById(deps.db, input.userId);
  if (!user) throw new AppError("not_found", "no such user");
  const networks = (await listMemberships(deps.db, user.id)).map((m) => m.network);
  const may =
    can(actor, "manage", { kind: "user", userId: user.id }) ||
    networks.some((network) => can(actor, "manage", { kind: "members", network }));
  if (!may) throw new AppError("forbidden", "you may not invite this user");
  await mailLink(deps, user, "invite", input.language);
}

/**
 * Mails a reset link to the account with this e-mail, if there is one and it is enabled;
 * says nothing either way (no one learns who has an account), and at most once per
 * RESET_INTERVAL_MS per account.
 */
export async function requestPasswordReset(
  deps: AccountMailDeps,
  input: { email: string; language: Language },
): Promise<void> {
  const user = await findUserByEmail(deps.db, input.email);
  if (!user || user.disabledAt) return;
  const last = await newestAccountLink(deps.db, user.id, "reset");
  if (last && deps.clock().getTime() - Date.parse(last.createdAt) < RESET_INTERVAL_MS) return;
  await mailLink({ ...deps, actor: null }, user, "reset", input.language);
}

/** What a live link is for, or null (unknown, used or expired). */
export async function findAccountLink(
  deps: Pick<Deps, "db" | "clock">,
  secret: string,
): Promise<{ purpose: AccountLinkPurpose; user: UserRecord } | null> {
  const link = await findLiveAccountLink(deps.db, sha256Hex(secret), deps.clock().toISOString());
  if (!link) return null;
  const user = await findUserById(deps.db, link.userId);
  if (!user || user.disabledAt) return null;
  return { purpose: link.purpose, user };
}

/**
 * Sets the password of the link's user (the one rule in core), using the link up; every
 * session of the user ends. not_found when the link is unknown, used or expired.
 */
export async function completeAccountLink(
  deps: Pick<Deps, "db" | "clock" | "log">,
  input: { secret: string; password: string },
): Promise<UserRecord> {
  const { password } = parseInput(z.object({ password: Password }), input);
  const passwordHash = await hashPassword(password);
  const now = deps.clock().toISOString();
  return transact(deps, async (trx) => {
    const gone = () => new AppError("not_found", "this link is unknown, used or expired");
    const link = await findLiveAccountLink(trx, sha256Hex(input.secret), now);
    if (!link) throw gone();
    const user = await findUserById(trx, link.userId);
    if (!user || user.disabledAt) throw gone();
    if (!(await useAccountLink(trx, link, now))) throw gone();
    await updateUser(trx, user.id, user.version, { passwordHash }, now);
    await deleteUserSessions(trx, user.id);
    await audit(
      trx,
      { actor: null },
      now,
      "user.set_password",
      { kind: "user", id: user.id },
      null,
      {
        via: link.purpose,
      },
    );
    return (await findUserById(trx, user.id)) as UserRecord;
  });
}
