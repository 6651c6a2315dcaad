/**
 * A database that cannot be reached, as both edges answer it: the API's problem and the
 * portal's page are a 503 with Retry-After, not a 500 (the request was fine).
 */
import { AppError, isAppError } from "../core/errors.ts";
import { isConnectionFailure } from "../db/errors.ts";

/** Seconds a client should wait when the database could not be reached. */
export const DB_RETRY_AFTER_SECONDS = 2;

/**
 * A lost or refused database connection as the 503 it is (the request was fine; the pool
 * connects anew for the next one), else the error itself.
 */
export function unavailableIfDbDown(err: unknown): unknown {
  if (isAppError(err) || !isConnectionFailure(err)) return err;
  return new AppError(
    "unavailable",
    "The database cannot be reached right now: retry shortly.",
    [],
    {
      retryAfterSeconds: DB_RETRY_AFTER_SECONDS,
    },
  );
}
