import { createHash } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { AppError } from "../core/errors.ts";

const KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * A POST's Idempotency-Key (1–200 visible ASCII characters, e.g. a UUID) and a digest of
 * the request it names (method, URL with query, body): what the use case needs to run the
 * write once per key (src/app/idempotent.ts). Undefined without the header or on other
 * methods; a malformed key is invalid_input.
 */
export function idempotencyOf(
  request: FastifyRequest,
): { key: string; request: string } | undefined {
  const header = request.headers["idempotency-key"];
  if (header === undefined || request.method !== "POST") return undefined;
  const key = Array.isArray(header) ? header.join(",") : header;
  if (!KEY.test(key)) {
    throw new AppError("invalid_input", "Idempotency-Key is 1 to 200 visible ASCII characters", [
      { path: "Idempotency-Key", message: "1 to 200 visible ASCII characters" },
    ]);
  }
  const body = request.body;
  const digest = createHash("sha256")
    .update(`${request.method} ${request.url}\n`)
    .update(Buffer.isBuffer(body) ? body : JSON.stringify(body ?? null))
    .digest("base64url");
  return { key, request: digest };
}
