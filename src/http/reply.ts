import type { FastifyReply, FastifyRequest } from "fastify";
import { PRIVATE, PUBLIC_READ } from "../edge/cache-control.ts";
import { sessionIdOf } from "../edge/session-cookie.ts";
import { answerNotModified, hashEtag } from "./etag.ts";
import { API_PREFIX } from "./paths.ts";

export const JSON_TYPE = "application/json; charset=utf-8";

export { PRIVATE, PUBLIC_READ };

/** Whether a request carries credentials (a bearer token or a session cookie). */
export function hasCredentials(request: FastifyRequest): boolean {
  return request.headers.authorization !== undefined || sessionIdOf(request) !== undefined;
}

/**
 * The Cache-Control of a response that set none: PRIVATE for a caller with credentials
 * (even a stale cookie: better unstored than shared), PUBLIC_READ for an anonymous API
 * read that succeeded, none otherwise (the portal's pages decide their own).
 */
export function defaultCacheControl(
  request: FastifyRequest,
  status: number,
): { cacheControl: string; vary?: string } | null {
  if (hasCredentials(request)) return { cacheControl: PRIVATE };
  const read = request.method === "GET" || request.method === "HEAD";
  if (read && (status === 200 || status === 304) && request.url.startsWith(`${API_PREFIX}/`)) {
    // A signed-in caller asking the same URL gets more: no cache may answer them with this.
    return { cacheControl: PUBLIC_READ, vary: "Authorization, Cookie" };
  }
  return null;
}

/** Adds names to a reply's Vary header, each once (header names are case-insensitive). */
export function addVary(reply: FastifyReply, names: string) {
  const have = reply.getHeader("vary");
  if (!have) {
    reply.header("vary", names);
    return;
  }
  const known = new Set(
    String(have)
      .split(",")
      .map((n) => n.trim().toLowerCase()),
  );
  const added = names.split(",").filter((n) => !known.has(n.trim().toLowerCase()));
  if (added.length > 0)
    reply.header("vary", [String(have), ...added.map((n) => n.trim())].join(", "));
}

/**
 * Sends a JSON body with its ETag (a hash of the bytes unless given); a GET whose
 * If-None-Match has it gets 304. Bodies are serialized here once, so the ETag hashes
 * exactly what is sent.
 */
export function sendJson(
  request: FastifyRequest,
  reply: FastifyReply,
  body: unknown,
  opts: { etag?: string; status?: number; location?: string } = {},
) {
  const text = JSON.stringify(body);
  const etag = opts.etag ?? hashEtag(text);
  // A creation says where the new thing is; other answers say where the thing they show
  // lives now (after a rename, not where it was asked for).
  if (opts.location) {
    reply.header(opts.status === 201 ? "location" : "content-location", opts.location);
  }
  if (request.method === "GET" || request.method === "HEAD") {
    if (answerNotModified(request, reply, etag)) return reply;
  } else {
    reply.header("etag", etag);
  }
  return reply
    .code(opts.status ?? 200)
    .type(JSON_TYPE)
    .send(text);
}
