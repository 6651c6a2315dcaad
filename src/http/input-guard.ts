import type { FastifyInstance } from "fastify";
import { AppError } from "../core/errors.ts";
import { CONTROL_CHARACTERS, LIMITS, overLimit } from "../core/limits.ts";

type Where = "params" | "query" | "body";

/**
 * What every route's input must be before it reaches a schema, a use case or the database,
 * on every route (API and portal): path parameters, query and a parsed body (JSON or form)
 * nest at most json_depth levels (else 413), hold no text longer than characters_per_text
 * (else 422), and no control character but tab, line feed and carriage return anywhere, in
 * values or keys (else 400: refused, never stripped, so what is stored is what was sent).
 * Raw bodies (file imports) are the importers' to check.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook("preValidation", (request, _reply, done) => {
    try {
      check(request.params, "params", "", 0);
      check(request.query, "query", "", 0);
      if (!Buffer.isBuffer(request.body)) check(request.body, "body", "", 0);
      done();
    } catch (e) {
      done(e as Error);
    }
  });
}

function check(value: unknown, where: Where, path: string, depth: number): void {
  if (typeof value === "string") {
    checkText(value, where, path);
    return;
  }
  if (typeof value !== "object" || value === null) return;
  if (depth >= LIMITS.json_depth) {
    throw overLimit("json_depth", `the ${where} nests deeper than ${LIMITS.json_depth} levels`);
  }
  const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
  for (const [k, v] of entries) {
    const at = path === "" ? String(k) : `${path}.${k}`;
    if (typeof k === "string") checkText(k, where, at);
    check(v, where, at, depth + 1);
  }
}

function checkText(s: string, where: Where, path: string): void {
  if (CONTROL_CHARACTERS.test(s)) {
    throw new AppError(
      "invalid_input",
      `The request's ${where} has a control character (NUL or another, but tab and line breaks) at ${path || where}.`,
      [{ path: path || where, message: "no control characters but tab and line breaks" }],
    );
  }
  if (s.length > LIMITS.characters_per_text) {
    throw overLimit("characters_per_text", `a text of ${s.length} characters`, path || where);
  }
}
