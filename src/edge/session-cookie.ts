/**
 * The session cookie, one for the API and the portal: its name and options, set on sign-in
 * and cleared on sign-out by either edge. It holds a random id; the database holds its hash.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { SESSION_TTL_MS } from "../app/portal-session.ts";

export const SESSION_COOKIE = "wp_session";

/** Cookie options both edges use: the whole site, no script access, sent on top-level GETs. */
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

/** The session id the request's cookie names, if any. */
export function sessionIdOf(request: FastifyRequest): string | undefined {
  return request.cookies?.[SESSION_COOKIE] || undefined;
}

/** Sets the cookie of a new session, valid as long as the session. */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  publicUrl: string,
  sessionId: string,
): void {
  reply.setCookie(
    SESSION_COOKIE,
    sessionId,
    cookieOptions(isSecure(request, publicUrl), Math.floor(SESSION_TTL_MS / 1000)),
  );
}

/** Clears the session cookie (sign-out). */
export function clearSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  publicUrl: string,
): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(isSecure(request, publicUrl)));
}
