/**
 * What each AppError code means at the edges: its HTTP status (API problems and the portal's
 * error pages), its English title (problem documents, the API's problem docs) and its exit
 * code (the command line). Typed Record<ErrorCode, …>: a new code in core does not compile
 * until it has a row here. Codes live in core; statuses and exit codes only here.
 */
import type { ErrorCode } from "../core/errors.ts";

export type ErrorAnswer = {
  status: number;
  title: string;
  /** sysexits.h-like, so scripts can tell a refusal from bad input. */
  exit: number;
};

export const ERROR_TABLE: Readonly<Record<ErrorCode, ErrorAnswer>> = {
  invalid_input: { status: 400, title: "Invalid input", exit: 1 },
  parse_error: { status: 422, title: "The document could not be read", exit: 1 },
  unauthenticated: { status: 401, title: "Authentication required", exit: 77 },
  forbidden: { status: 403, title: "Forbidden", exit: 77 },
  not_found: { status: 404, title: "Not found", exit: 1 },
  conflict: { status: 409, title: "Conflict", exit: 1 },
  precondition_failed: { status: 412, title: "Precondition failed", exit: 1 },
  payload_too_large: { status: 413, title: "Payload too large", exit: 1 },
  limit_exceeded: { status: 422, title: "Over a limit", exit: 1 },
  rate_limited: { status: 429, title: "Too many requests", exit: 75 },
  unavailable: { status: 503, title: "Service unavailable", exit: 69 },
};

/** Codes only the HTTP edge answers with (not AppErrors: the framework's own refusals). */
export const HTTP_ONLY_TITLES = {
  method_not_allowed: "Method not allowed",
  unsupported_media_type: "Unsupported media type",
  not_acceptable: "Not acceptable",
  internal: "Internal server error",
} as const;

/** Every code a problem document may carry: the AppError codes, then the HTTP edge's own. */
export type ProblemCode = ErrorCode | keyof typeof HTTP_ONLY_TITLES;
export const PROBLEM_CODES = [
  ...(Object.keys(ERROR_TABLE) as ErrorCode[]),
  ...(Object.keys(HTTP_ONLY_TITLES) as (keyof typeof HTTP_ONLY_TITLES)[]),
] as [ProblemCode, ...ProblemCode[]];

/** The title of any code a problem document may carry. */
export function titleOf(code: string): string {
  return (
    (ERROR_TABLE as Record<string, ErrorAnswer>)[code]?.title ??
    (HTTP_ONLY_TITLES as Record<string, string>)[code] ??
    "Error"
  );
}
