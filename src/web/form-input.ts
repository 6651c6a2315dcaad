/**
 * Portal forms read like API bodies: a zod schema per form, and one place that turns its
 * issues into field errors in the page's language. A schema's messages are message keys
 * ("required", "dateInvalid"), so the wording stays in messages/.
 */
import { z } from "zod";
import { AppError } from "../core/errors.ts";
import type { MessageKey, Messages } from "./messages/index.ts";
import type { FieldErrors } from "./pages/forms.ts";

/** A form's text field: trimmed, "" when absent. */
export const text = () =>
  z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.string().trim().catch(""));
/** A text field that must not be empty. */
export const required = () => text().pipe(z.string().min(1, "required"));
/** The version an edit form was made from; an unreadable one is stale (0). */
export const version = () => z.coerce.number().int().nonnegative().catch(0);

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/** Reads a posted form with `schema`: its data, or its errors by field name. */
export function parseForm<S extends z.ZodType>(
  schema: S,
  body: unknown,
  t: Messages,
): FormResult<z.output<S>> {
  const got = schema.safeParse(body ?? {});
  if (got.success) return { ok: true, data: got.data };
  const errors: FieldErrors = {};
  for (const issue of got.error.issues) {
    const name = String(issue.path[0] ?? "_form");
    const wording = (t as Record<string, unknown>)[issue.message as MessageKey];
    errors[name] ??= typeof wording === "string" ? wording : t.badRequest;
  }
  return { ok: false, errors };
}

/** The action a lifecycle or report form asks for; any other is invalid_input. */
export function actionOf<const A extends readonly string[]>(actions: A, body: unknown): A[number] {
  const a = (body as { action?: unknown } | undefined)?.action;
  if (typeof a === "string" && actions.includes(a)) return a;
  throw new AppError("invalid_input", "unknown action");
}
