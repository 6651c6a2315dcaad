/**
 * The one password rule, for every path that sets a password (command line, admin page,
 * invitation, reset): at least 12 characters, not all whitespace, and not on the
 * common-password list of @zxcvbn-ts/language-common (MIT, maintained with zxcvbn-ts).
 */
import { createRequire } from "node:module";
import type * as Common from "@zxcvbn-ts/language-common";
import { z } from "zod";

export const PASSWORD_MIN_LENGTH = 12;

// The list is loaded when a password is first checked, not by every process that imports
// this module: its package holds some 3 MB of dictionaries.
const require = createRequire(import.meta.url);
let common: ReadonlySet<string> | undefined;
const commonPasswords = (): ReadonlySet<string> => {
  if (!common) {
    const { dictionary } = require("@zxcvbn-ts/language-common") as typeof Common;
    common = new Set((dictionary["passwords-common"] as string[]).map((p) => p.toLowerCase()));
  }
  return common;
};

export type PasswordProblem = "too_short" | "blank" | "common";

/** Why `password` may not be used, or null when it may. Length counts characters, not bytes. */
export function passwordProblem(password: string): PasswordProblem | null {
  if (password.trim() === "") return "blank";
  if ([...password].length < PASSWORD_MIN_LENGTH) return "too_short";
  if (commonPasswords().has(password.toLowerCase())) return "common";
  return null;
}

/** The rule's message in English (the API and CLI's wording; the portal has its own). */
export const PASSWORD_MESSAGES: Record<PasswordProblem, string> = {
  too_short: `at least ${PASSWORD_MIN_LENGTH} characters`,
  blank: "not only spaces",
  common: "too common: it is on a list of passwords attackers try first",
};

/** A password as an input field: the rule above, its English message on the field. */
export const Password = z.string().superRefine((p, ctx) => {
  const problem = passwordProblem(p);
  if (problem) ctx.addIssue({ code: "custom", message: PASSWORD_MESSAGES[problem] });
});
