/**
 * Sessions of the portal's forms: the session cookie (src/edge/session-cookie.ts) holds a
 * random id, the database holds its SHA-256, the user and a per-session CSRF secret. Signing in always makes a new
 * id (a session id planted before sign-in is never promoted: no fixation).
 */
import { createHmac, randomBytes } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { safeEqual, sha256Hex } from "../app/credentials.ts";
import type { Actor, InstallRole } from "../core/policies.ts";
import { cookieOptions } from "../edge/session-cookie.ts";

/** Before sign-in, forms carry a double-submit token held in this cookie. */
export const ANON_CSRF_COOKIE = "wp_csrf";

export type Viewer = {
  user: { id: string; name: string; email: string; role: InstallRole };
  actor: Actor;
  sessionIdHash: string;
  csrfSecret: string;
};

/** The form token of a session: an HMAC of its secret, so the secret itself never leaves. */
export function csrfToken(secret: string): string {
  return createHmac("sha256", secret).update("wp-form").digest("base64url");
}

export function checkCsrf(expected: string | null, got: unknown): boolean {
  return typeof got === "string" && expected !== null && got.length > 0 && safeEqual(expected, got);
}

/** The anonymous form token, made (and its cookie set) on first need. */
export function anonCsrf(request: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const have = request.cookies[ANON_CSRF_COOKIE];
  if (have && /^[\w-]{43}$/.test(have)) return have;
  const token = randomBytes(32).toString("base64url");
  reply.setCookie(ANON_CSRF_COOKIE, token, { ...cookieOptions(secure), sameSite: "strict" });
  request.cookies[ANON_CSRF_COOKIE] = token;
  return token;
}

export const hashSessionId = sha256Hex;
