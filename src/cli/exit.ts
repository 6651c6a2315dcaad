import { isAppError } from "../core/errors.ts";
import { ERROR_TABLE } from "../edge/error-table.ts";

/** A command line that does not make sense: exit code 2, with the usage. */
export class UsageError extends Error {}

/** Prints an error the way a user should see it (never a stack trace) and returns the exit code. */
export function reportError(
  e: unknown,
  usage: string,
  write = (s: string) => process.stderr.write(s),
): number {
  if (e instanceof UsageError) {
    write(`workplan: ${e.message}\n\n${usage}\n`);
    return 2;
  }
  if (isAppError(e)) {
    write(`${e.message}\n`);
    for (const d of e.details.slice(1)) {
      write(`${d.path ?? ""}${d.line ? `:${d.line}` : ""}: ${d.message}\n`);
    }
    return ERROR_TABLE[e.code].exit;
  }
  const err = e as NodeJS.ErrnoException;
  if (err?.code === "ENOENT" && err.path) {
    write(`${err.path}: no such file\n`);
    return 1;
  }
  write(`workplan: internal error: ${err?.message ?? String(e)}\n`);
  if (process.env.WORKPLAN_DEBUG) write(`${err?.stack ?? ""}\n`);
  return 70;
}
