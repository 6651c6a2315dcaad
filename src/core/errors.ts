/**
 * One error type for everything a user can get wrong or be refused. Each code maps once
 * to an HTTP status, a title and a CLI exit code (src/edge/error-table.ts).
 */

export const ERROR_CODES = [
  "invalid_input", // a field is wrong: `path` says which
  "parse_error", // an imported document is wrong: `line` says where
  "unauthenticated",
  "forbidden",
  "not_found",
  "conflict", // the thing exists already, or the request contradicts its state
  "precondition_failed", // a stale If-Match / version
  "payload_too_large", // a body, upload or decompressed file over its size limit
  "limit_exceeded", // a count or length over one of the limits (LIMITS names which)
  "rate_limited",
  "unavailable", // a needed program (e.g. Chromium) or the database is not there right now
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type ErrorDetail = {
  /** Where: a field path like "areas.0.activities.2.code", or a file name. */
  path?: string;
  /** 1-based line in an imported document. */
  line?: number;
  message: string;
  /** What the field would accept (codes, labels, kinds), when a list says it best. */
  accepted?: readonly string[];
};

/** What some errors say beyond their message. */
export type ErrorExtras = {
  /** When to try again (unavailable, rate_limited): seconds. */
  retryAfterSeconds?: number;
  /** The limit refused (limit_exceeded, payload_too_large): its name and number. */
  limit?: { name: string; max: number };
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];
  readonly retryAfterSeconds: number | undefined;
  readonly limit: ErrorExtras["limit"];
  constructor(
    code: ErrorCode,
    message: string,
    details: ErrorDetail[] = [],
    extras: ErrorExtras = {},
  ) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = extras.retryAfterSeconds;
    this.limit = extras.limit;
  }
}

/** An error in an imported document, at a line (1-based) of a file. */
export function parseError(file: string, line: number, message: string): AppError {
  return new AppError("parse_error", `${file}:${line}: ${message}`, [
    { path: file, line, message },
  ]);
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
