/**
 * Errors as the portal's HTML pages. The status of an AppError comes from the edges' one
 * table (src/edge/error-table.ts); the wording of its page from PAGE_WORDS, typed
 * Record<ErrorCode, …> so a new code does not compile until it has a page.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { type AppError, type ErrorCode, isAppError } from "../core/errors.ts";
import { unavailableIfDbDown } from "../edge/db-unavailable.ts";
import { ERROR_TABLE } from "../edge/error-table.ts";
import { CsrfError, type WebContext } from "./context.ts";
import { CONTENT_SECURITY_POLICY, href } from "./layout.ts";
import type { Messages } from "./messages/index.ts";
import { errorPage } from "./pages/portal.pages.ts";

type PageWords = {
  /** The page's title and text. */
  words(t: Messages, err: AppError): [title: string, text: string];
  /** When a person's form meets it, a status other than the API's. */
  status?: number;
};

const PAGE_WORDS: Record<ErrorCode, PageWords> = {
  invalid_input: { words: (t, err) => [t.badRequest, err.message] },
  parse_error: { words: (t, err) => [t.badRequest, err.message] },
  unauthenticated: { words: (t) => [t.signIn, t.signInIntro] },
  forbidden: { words: (t) => [t.forbidden, t.forbiddenText] },
  not_found: { words: (t) => [t.notFound, t.notFoundText] },
  // A form that contradicts the state (publish before approval) is a form not accepted.
  conflict: { status: 400, words: (t, err) => [t.badRequest, err.message] },
  // A form made from an older version: someone else changed the item first.
  precondition_failed: { status: 409, words: (t) => [t.conflictTitle, t.conflictText] },
  payload_too_large: { words: (t) => [t.badRequest, t.badRequest] },
  // The message names the limit (and its number).
  limit_exceeded: { words: (t, err) => [t.badRequest, err.message] },
  rate_limited: { words: (t) => [t.tooManyAttempts, t.tooManyAttemptsText] },
  unavailable: { words: (t) => [t.unavailable, t.unavailableText] },
};

/** The headers every HTML page carries. */
export function pageHeaders(reply: FastifyReply) {
  if (!reply.hasHeader("content-security-policy")) {
    reply.header("content-security-policy", CONTENT_SECURITY_POLICY);
  }
  reply.header("x-content-type-options", "nosniff");
  // A page may ask for less (the password pages hold a secret in their address).
  if (!reply.hasHeader("referrer-policy")) reply.header("referrer-policy", "same-origin");
  // Public pages name their language in the URL and say so themselves (Vary: Cookie).
  if (!reply.hasHeader("vary")) reply.header("vary", "Accept-Language, Cookie");
}

/** Answers an error outside /api as an HTML page. */
export type PageErrorHandler = (
  err: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
) => unknown;

/**
 * The portal's error handler: an HTML page for every error of a page (API paths rethrow).
 * A database that cannot be reached is a 503 with Retry-After, like the API's.
 */
export function pageErrorHandler(web: WebContext): PageErrorHandler {
  return async (error, request, reply) => {
    if (request.url.startsWith("/api/")) throw error;
    const err = unavailableIfDbDown(error) as FastifyError;
    const down = isAppError(err) && err.code === "unavailable";
    if (isAppError(err) && err.retryAfterSeconds !== undefined) {
      reply.header("retry-after", err.retryAfterSeconds);
    }
    const ctx = await web.pageCtx(request, reply).catch(() => null);
    if (!ctx) {
      return down
        ? reply.code(503).type("text/plain").send("Temporarily unavailable")
        : reply.code(500).type("text/plain").send("Internal error");
    }
    // Set here too: a page for a request that never reached routing misses the hook.
    pageHeaders(reply);
    const send = (status: number, title: string, text: string) =>
      reply
        .code(status)
        .type("text/html; charset=utf-8")
        .send(errorPage(ctx, title, text));
    if (err instanceof CsrfError) return send(403, ctx.t.badRequest, ctx.t.csrfText);
    if (isAppError(err)) {
      if (err.code === "unauthenticated" && request.method === "GET") {
        return reply.redirect(href(ctx, `/signin?next=${encodeURIComponent(request.url)}`), 303);
      }
      if (err.code === "unavailable") request.log.warn({ err }, "web page unavailable");
      const page = PAGE_WORDS[err.code];
      const [title, text] = page.words(ctx.t, err);
      return send(page.status ?? ERROR_TABLE[err.code].status, title, text);
    }
    const status = (err as { statusCode?: number }).statusCode;
    if (status === 404) return send(404, ctx.t.notFound, ctx.t.notFoundText);
    if (status && status >= 400 && status < 500)
      return send(status, ctx.t.badRequest, ctx.t.badRequest);
    request.log.error({ err }, "web page failed");
    return send(500, ctx.t.serverError, ctx.t.serverErrorText);
  };
}
