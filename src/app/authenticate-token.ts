import { AppError } from "../core/errors.ts";
import type { Actor } from "../core/policies.ts";
import { findActiveApiToken, touchApiToken } from "../db/token.repository.ts";
import { findUserById, type UserRecord } from "../db/user.repository.ts";
import { actorForUser } from "./actor-for-user.ts";
import { sha256Hex, TOKEN_PREFIX } from "./credentials.ts";
import type { Deps } from "./deps.ts";

/** Last-used times are kept to the minute: no write on every request. */
const TOUCH_EVERY_MS = 60_000;

/**
 * The actor an API token ("wp_…", from an Authorization: Bearer header) acts as;
 * unauthenticated for an unknown, revoked or malformed token or a disabled user.
 */
export async function authenticateToken(
  deps: Pick<Deps, "db" | "clock">,
  input: { token: string },
): Promise<{ actor: Actor; user: UserRecord; tokenId: string }> {
  const refuse = () => new AppError("unauthenticated", "the API token is not valid");
  if (!input.token.startsWith(TOKEN_PREFIX) || input.token.length > 100) throw refuse();
  const token = await findActiveApiToken(deps.db, sha256Hex(input.token));
  if (!token) throw refuse();
  const user = await findUserById(deps.db, token.userId);
  if (!user || user.disabledAt) throw refuse();
  const now = deps.clock();
  const last = token.lastUsedAt ? Date.parse(token.lastUsedAt) : 0;
  if (now.getTime() - last >= TOUCH_EVERY_MS) {
    await touchApiToken(deps.db, token.id, now.toISOString());
  }
  return { actor: await actorForUser(deps.db, user), user, tokenId: token.id };
}
