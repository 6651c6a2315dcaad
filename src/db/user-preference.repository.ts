import type { Kysely } from "kysely";
import { LANGUAGES, type Language } from "../core/plan.ts";
import type { DB } from "./schema.ts";

/** A user's mail preferences (migration 0003-user-preferences). */
export type UserPreferenceRow = {
  user_id: string;
  language: string | null;
  reminders: number;
  updated_at: string;
};

const prefDb = (db: Kysely<DB>) => db.withTables<{ user_preferences: UserPreferenceRow }>();

export type UserPreferences = {
  /** Null: none chosen (reminders then use the plan's original language). */
  language: Language | null;
  reminders: boolean;
};

export const DEFAULT_PREFERENCES: UserPreferences = { language: null, reminders: true };

const asLanguage = (v: string | null): Language | null =>
  (LANGUAGES as readonly string[]).includes(v ?? "") ? (v as Language) : null;

/** Every user's preferences that differ from the defaults, by user id. */
export async function listUserPreferences(db: Kysely<DB>): Promise<Map<string, UserPreferences>> {
  const rows = await prefDb(db).selectFrom("user_preferences").selectAll().execute();
  return new Map(
    rows.map((r) => [
      r.user_id,
      { language: asLanguage(r.language), reminders: r.reminders === 1 },
    ]),
  );
}

/** Sets (creates or replaces) a user's preferences. */
export async function saveUserPreferences(
  db: Kysely<DB>,
  userId: string,
  p: UserPreferences,
  now: string,
): Promise<void> {
  const row = { language: p.language, reminders: p.reminders ? 1 : 0, updated_at: now };
  await prefDb(db)
    .insertInto("user_preferences")
    .values({ user_id: userId, ...row })
    .onConflict((oc) => oc.column("user_id").doUpdateSet(row))
    .execute();
}
