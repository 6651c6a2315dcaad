import { AppError } from "./errors.ts";

/**
 * Promises: precondition_failed unless the expected version is the current one. No
 * expected version (no If-Match) accepts any: the last writer wins.
 */
export function checkVersion(current: number, expected: number | undefined): void {
  if (expected !== undefined && current !== expected) {
    throw new AppError(
      "precondition_failed",
      `version ${expected} is stale: the current version is ${current}`,
    );
  }
}
