import { isAppError } from "../core/errors.ts";
import { ERROR_TABLE } from "../edge/error-table.ts";
import type { Io } from "./io.ts";

/** A command line that does not make sense: exit code 2, with the usage. */
export class UsageError extends Error {}

/** Prints an error the way a user should see it (never a stack trace) and returns the exit code. */
export function reportError(e: unknown, usage: string, io: Pick<Io, "stderr" | "env">): number {
  const write = (s: string) => io.stderr.write(s);
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
  if (io.env.WORKPLAN_DEBUG) write(`${err?.stack ?? ""}\n`);
  return 70;
}
