import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError, isAppError } from "../core/errors.ts";
import { LIMITS } from "../core/limits.ts";
import { unavailableIfDbDown } from "../edge/db-unavailable.ts";
import { ERROR_TABLE, PROBLEM_CODES, type ProblemCode, titleOf } from "../edge/error-table.ts";

/** The problem `type` of a code: a relative URI documented at GET /api/problems. */
export const problemType = (code: string) => `/api/problems#${code}`;

/**
 * RFC 9457 problem details: every error the API answers has this shape, served as
 * application/problem+json. `code` is the AppError code (a stable, machine-readable
 * name); `errors` lists the fields or lines at fault.
 */
export const Problem = z
  .object({
    type: z
      .enum(PROBLEM_CODES.map(problemType) as [string, ...string[]])
      .describe(
        "A URI reference (relative to the server) naming the kind of problem: `/api/problems#<code>`, documented on that page. Clients should tolerate types added later.",
      ),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional().describe("The path of the request that failed"),
    code: z
      .enum(PROBLEM_CODES)
      .describe(
        "The stable error code, the fragment of `type` (e.g. not_found, invalid_input). Clients should tolerate codes added later.",
      ),
    requestId: z.string().optional(),
    limit: z
      .object({ name: z.string(), max: z.number() })
      .optional()
      .describe("The limit refused (limit_exceeded, payload_too_large), e.g. activities_per_plan"),
    errors: z
      .array(
        z.object({
          path: z.string().optional().describe('A field path like "areas.0.code", or a file name'),
          pointer: z
            .string()
            .optional()
            .describe(
              'The same field as a JSON pointer (RFC 6901) into the part named by `in`, e.g. "/when/start"',
            ),
          in: z.enum(["body", "query", "params", "headers"]).optional(),
          line: z.number().int().optional(),
          message: z.string(),
          accepted: z
            .array(z.string())
            .optional()
            .describe(
              "What the field would accept: the allowed codes or labels, the timing kinds and what each needs",
            ),
        }),
      )
      .optional(),
  })
  .meta({ id: "Problem" });
export type Problem = z.infer<typeof Problem>;
type ProblemError = NonNullable<Problem["errors"]>[number];

export const PROBLEM_TYPE = "application/problem+json";

export type ProblemInit = {
  status: number;
  code: ProblemCode;
  detail?: string;
  errors?: ProblemError[];
  limit?: { name: string; max: number } | undefined;
  /** For the Retry-After header (429, 503). */
  retryAfterSeconds?: number | undefined;
};

/** Sends a problem document; the body is serialized here so no route schema applies to it. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, p: ProblemInit) {
  const body: Problem = {
    type: problemType(p.code),
    title: titleOf(p.code),
    status: p.status,
    ...(p.detail ? { detail: p.detail } : {}),
    instance: request.url.split("?")[0] ?? request.url,
    code: p.code,
    requestId: String(request.id),
    ...(p.errors && p.errors.length > 0 ? { errors: p.errors } : {}),
    ...(p.limit ? { limit: p.limit } : {}),
  };
  if (p.retryAfterSeconds !== undefined) reply.header("retry-after", p.retryAfterSeconds);
  return reply.code(p.status).type(PROBLEM_TYPE).send(JSON.stringify(body));
}

const IN_BY_CONTEXT: Record<string, ProblemError["in"]> = {
  body: "body",
  querystring: "query",
  params: "params",
  headers: "headers",
};

const WHAT_IS_INVALID: Record<NonNullable<ProblemError["in"]>, string> = {
  body: "body is",
  query: "query string is",
  params: "parameters are",
  headers: "headers are",
};

// "/areas/0/code" -> "areas.0.code"
const pointerToPath = (p: string) => p.replace(/^\//, "").split("/").filter(Boolean).join(".");
// "status.when" -> "/status/when" (RFC 6901 escapes ~ and /)
const pathToPointer = (p: string) =>
  p
    .split(".")
    .filter(Boolean)
    .map((k) => `/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`)
    .join("");

/**
 * What a refused field accepts, from the zod issue: the values of an enum or literal, or
 * the list a schema gave with its own refusal (`params.accepted`, e.g. the timing kinds).
 */
function acceptedOf(params: unknown): string[] | undefined {
  const p = params as { values?: unknown[]; params?: { accepted?: unknown } } | undefined;
  const own = p?.params?.accepted;
  if (Array.isArray(own)) return own.map(String);
  if (Array.isArray(p?.values)) return p.values.map(String);
  return undefined;
}

/** What an error becomes as a problem: AppErrors by code, Fastify's own by status, the rest 500. */
export function toProblem(error: unknown): ProblemInit | null {
  const err = unavailableIfDbDown(error);
  if (isAppError(err)) {
    return {
      status: ERROR_TABLE[err.code].status,
      code: err.code,
      detail: err.message,
      errors: err.details.map((d) => ({
        ...(d.path !== undefined ? { path: d.path } : {}),
        ...(d.path !== undefined && d.line === undefined && err.code === "invalid_input"
          ? { pointer: pathToPointer(d.path) }
          : {}),
        ...(d.line !== undefined ? { line: d.line } : {}),
        message: d.message,
        ...(d.accepted ? { accepted: [...d.accepted] } : {}),
      })),
      limit: err.limit,
      retryAfterSeconds: err.retryAfterSeconds,
    };
  }
  const e = err as FastifyError & { validationContext?: string };
  if (hasZodFastifySchemaValidationErrors(e)) {
    const where = IN_BY_CONTEXT[e.validationContext ?? ""] ?? "body";
    return {
      status: 400,
      code: "invalid_input",
      detail: `The request's ${WHAT_IS_INVALID[where]} not valid.`,
      errors: e.validation.map((v) => {
        const accepted = acceptedOf(v.params);
        return {
          path: pointerToPath(v.instancePath),
          pointer: v.instancePath === "/" ? "" : v.instancePath,
          in: where,
          message: v.message ?? "invalid",
          ...(accepted ? { accepted } : {}),
        };
      }),
    };
  }
  switch (e?.code) {
    case "FST_ERR_BAD_URL":
      return {
        status: 400,
        code: "invalid_input",
        detail: "The URL is not valid: it has a malformed %-escape.",
      };
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return {
        status: 413,
        code: "payload_too_large",
        detail: "The request body is over the limit of its size (request_body_bytes).",
        limit: { name: "request_body_bytes", max: LIMITS.request_body_bytes },
      };
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return {
        status: 415,
        code: "unsupported_media_type",
        detail: "This content type is not accepted here.",
      };
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return { status: 400, code: "invalid_input", detail: e.message };
  }
  if (e instanceof SyntaxError && (e as { statusCode?: number }).statusCode === 400) {
    return { status: 400, code: "invalid_input", detail: "The body is not valid JSON." };
  }
  const status = (e as { statusCode?: number })?.statusCode;
  if (typeof status === "number" && status >= 400 && status < 500) {
    const code =
      status === 404
        ? "not_found"
        : status === 429
          ? "rate_limited"
          : status === 413
            ? "payload_too_large"
            : "invalid_input";
    return { status, code, detail: e.message };
  }
  return null;
}

/** Answers an error outside /api as an HTML page (the portal sets one). */
export type PageErrorHandler = (
  err: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
) => unknown;

/**
 * For Fastify's `frameworkErrors`: what fails before routing (a malformed URL) gets the
 * answer any other error gets, a problem under /api and the portal's page elsewhere, not
 * Fastify's own JSON. Before routing no hook has run, so cookies are parsed here.
 */
export function frameworkErrorHandler(app: FastifyInstance, pages: () => PageErrorHandler | null) {
  return (err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const page = pages();
    if (page && !/^\/api(?:[/?]|$)/.test(request.url)) {
      if (!request.cookies && app.hasDecorator("parseCookie")) {
        request.cookies = app.parseCookie(request.headers.cookie ?? "");
      }
      return page(err, request, reply);
    }
    return answerError(err, request, reply);
  };
}

function answerError(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const problem = toProblem(err);
  if (problem) {
    if (problem.status === 401) reply.header("www-authenticate", 'Bearer realm="workplan"');
    // The body limit configured for the route, which may differ from the default.
    if (problem.limit?.name === "request_body_bytes" && request.routeOptions.bodyLimit) {
      problem.limit = { ...problem.limit, max: request.routeOptions.bodyLimit };
    }
    if (problem.status >= 500) request.log.error({ err }, "request failed");
    return sendProblem(request, reply, problem);
  }
  // Never leak internals: the log has the error, the client has the request id to quote.
  request.log.error({ err }, "unhandled error");
  return sendProblem(request, reply, {
    status: 500,
    code: "internal",
    detail: `Something went wrong on our side. Quote request id ${request.id} when reporting it.`,
  });
}

/** Installs the one error handler and the not-found handler: nothing but problems leave the app. */
export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler(answerError);
  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, {
      status: 404,
      code: "not_found",
      detail: `No resource at ${request.method} ${request.url.split("?")[0]}.`,
    }),
  );
}

/** Shorthand for use in routes: `throw notFound("plan 2023")`. */
export const notFound = (what: string) => new AppError("not_found", `${what} was not found`);
