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
  "payload_too_large",
  "rate_limited",
  "unavailable", // a needed program (e.g. Chromium) is missing
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type ErrorDetail = {
  /** Where: a field path like "areas.0.activities.2.code", or a file name. */
  path?: string;
  /** 1-based line in an imported document. */
  line?: number;
  message: string;
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];
  constructor(code: ErrorCode, message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
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
