/**
 * Sessions of the portal's forms: the `wp_session` cookie holds a random id, the database
 * holds its SHA-256, the user and a per-session CSRF secret. Signing in always makes a new
 * id (a session id planted before sign-in is never promoted: no fixation).
 */
import { createHmac, randomBytes } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { safeEqual, sha256Hex } from "../app/credentials.ts";
import type { Actor } from "../core/policies.ts";

export const SESSION_COOKIE = "wp_session";
/** Before sign-in, forms carry a double-submit token held in this cookie. */
export const ANON_CSRF_COOKIE = "wp_csrf";
export const SESSION_DAYS = 14;

export type Viewer = {
  user: { id: string; name: string; email: string; role: Actor["role"] };
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

export function cookieOptions(secure: boolean, maxAgeSeconds?: number) {
  return {
    path: "/",
    httpOnly: true,
    sameSite: "lax" as const,
    secure,
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  };
}

/** Secure cookies when the request came over https or the public address is https. */
export function isSecure(request: FastifyRequest, publicUrl: string): boolean {
  return request.protocol === "https" || publicUrl.startsWith("https:");
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
