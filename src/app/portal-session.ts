/**
 * The web portal's sessions: sign in with e-mail and password (argon2id), resolve a
 * session cookie to a user, sign out. Each sign-in makes a fresh random session id and
 * CSRF secret; only the id's SHA-256 is stored.
 */
import { AppError } from "../core/errors.ts";
import type { Actor } from "../core/policies.ts";
import {
  deleteSession,
  extendSession,
  findLiveSession,
  insertSession,
} from "../db/session.repository.ts";
import { findUserById, findUserCredentials, type UserRecord } from "../db/user.repository.ts";
import { actorForUser } from "./actor-for-user.ts";
import { audit } from "./authorize.ts";
import { burnPasswordCheck, newSecret, sha256Hex, verifyPassword } from "./credentials.ts";
import type { Deps } from "./deps.ts";
import { transact } from "./transact.ts";

export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;

export type PortalSession = {
  user: UserRecord;
  actor: Actor;
  idHash: string;
  csrfSecret: string;
};

const actorOf = (deps: Pick<Deps, "db">, user: UserRecord) => actorForUser(deps.db, user);

/**
 * Checks the password and opens a new session; returns its id (for the cookie, never
 * stored) — or unauthenticated, taking the same time whether or not the user exists.
 */
export async function signIn(
  deps: Deps,
  input: { email: string; password: string },
): Promise<{ sessionId: string; session: PortalSession }> {
  const found = await findUserCredentials(deps.db, input.email);
  let ok = false;
  if (found?.passwordHash && !found.user.disabledAt) {
    ok = await verifyPassword(found.passwordHash, input.password);
  } else {
    await burnPasswordCheck(input.password);
  }
  if (!found || !ok) throw new AppError("unauthenticated", "the e-mail or password is not right");
  const now = deps.clock();
  const sessionId = newSecret();
  const idHash = sha256Hex(sessionId);
  const csrfSecret = newSecret();
  const actor = await actorOf(deps, found.user);
  await transact(deps, async (trx) => {
    await insertSession(trx, {
      idHash,
      userId: found.user.id,
      csrfSecret,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
    });
    await audit(
      trx,
      { actor },
      now.toISOString(),
      "user.sign_in",
      { kind: "user", id: found.user.id },
      null,
      null,
    );
  });
  return { sessionId, session: { user: found.user, actor, idHash, csrfSecret } };
}

/** The live session a cookie names (sliding its expiry by a day at most once a day), or null. */
export async function resolveSession(
  deps: Pick<Deps, "db" | "clock">,
  sessionId: string,
): Promise<PortalSession | null> {
  const now = deps.clock();
  const idHash = sha256Hex(sessionId);
  const s = await findLiveSession(deps.db, idHash, now.toISOString());
  if (!s) return null;
  const user = await findUserById(deps.db, s.userId);
  if (!user || user.disabledAt) return null;
  const renewAt = Date.parse(s.expiresAt) - SESSION_TTL_MS + 24 * 3600 * 1000;
  if (now.getTime() > renewAt) {
    await extendSession(deps.db, idHash, new Date(now.getTime() + SESSION_TTL_MS).toISOString());
  }
  return { user, actor: await actorOf(deps, user), idHash, csrfSecret: s.csrfSecret };
}

export async function signOut(deps: Pick<Deps, "db">, idHash: string): Promise<void> {
  await deleteSession(deps.db, idHash);
}
