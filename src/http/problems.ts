import type { FastifyInstance } from "fastify";
import { PROBLEM_CODES, type ProblemCode, titleOf } from "../edge/error-table.ts";
import { problemType } from "./errors.ts";

/**
 * What each problem code means, for the page at /api/problems and docs/API.md. Typed
 * Record<ProblemCode, …>: a new code does not compile until it is documented here.
 */
export const PROBLEM_MEANINGS: Readonly<Record<ProblemCode, string>> = {
  invalid_input:
    "A field of the request is wrong; `errors[].path` names it (and `pointer`, as a JSON pointer), `errors[].accepted` what it would accept where a list says it (400).",
  parse_error: "An imported document could not be read; `errors[].line` says where (422).",
  unauthenticated: "No valid token or session was presented (401).",
  forbidden: "Your role may not do this here, e.g. a coordinator outside their areas (403).",
  not_found: "Nothing is there, or it is not public and you are not signed in (404).",
  conflict: "The request contradicts the current state, e.g. the thing exists already (409).",
  precondition_failed:
    "If-Match names a version that is no longer current; nothing changed (412). An activity's, area's or source's own ETag names that row's version; the plan document's ETag names the plan's revision, which any change in the plan moves. A list's `cursor` made before what it lists changed answers it too: start the listing again.",
  payload_too_large:
    "The request body, an upload, a decompressed Word file or JSON nesting is over its limit; `limit` names it (413).",
  limit_exceeded:
    "A count or length is over one of the limits (activities per plan, sources, occurrences per activity, characters per text); `limit` names it (422).",
  unsupported_media_type: "The body's content type is not accepted by this route (415).",
  method_not_allowed: "The path exists but not with this method (405).",
  not_acceptable: "None of the formats the Accept header asks for can be given (406).",
  rate_limited: "Too many failed attempts to authenticate from your address; wait (429).",
  internal: "Our fault. Quote the requestId when reporting it (500).",
  unavailable:
    "A program the server needs is missing, or the database cannot be reached or stays busy for a moment; retry after `Retry-After` seconds (503).",
};

/** GET /api/problems: what each problem `type` (/api/problems#<code>) means. */
export function registerProblemDocs(app: FastifyInstance): void {
  const rows = PROBLEM_CODES.map((code) => [code, PROBLEM_MEANINGS[code]] as const)
    .map(
      ([code, meaning]) =>
        `<dt id="${code}"><code>${code}</code>: ${titleOf(code)}</dt><dd>${meaning.replace(/`([^`]+)`/g, "<code>$1</code>")}</dd>`,
    )
    .join("\n");
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>workplan API problems</title></head><body><h1>Problem types of the workplan API</h1><p>A problem's <code>type</code> is this page with its code as the fragment, e.g. <code>${problemType("not_found")}</code>.</p><dl>\n${rows}\n</dl></body></html>\n`;
  app.get("/api/problems", { schema: { hide: true } }, async (_req, reply) =>
    reply.type("text/html; charset=utf-8").send(html),
  );
}
