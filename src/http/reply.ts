import type { FastifyReply, FastifyRequest } from "fastify";
import { answerNotModified, hashEtag } from "./etag.ts";

export const JSON_TYPE = "application/json; charset=utf-8";

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
