import { AppError } from "./errors.ts";

/** Promises: precondition_failed unless the expected version is the current one. */
export function checkVersion(current: number, expected: number): void {
  if (current !== expected) {
    throw new AppError(
      "precondition_failed",
      `version ${expected} is stale: the current version is ${current}`,
    );
  }
}
