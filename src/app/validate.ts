import type { z } from "zod";
import { AppError } from "../core/errors.ts";

/** The input parsed by `schema`, or invalid_input naming each wrong field's path. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const details = r.error.issues.map((i) => ({
    path: i.path.map(String).join("."),
    message: i.message,
  }));
  const first = details[0];
  throw new AppError(
    "invalid_input",
    first ? `${first.path || "input"}: ${first.message}` : "invalid input",
    details,
  );
}
