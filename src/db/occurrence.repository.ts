import type { Kysely } from "kysely";
import type { Language, Occurrence } from "../core/plan.ts";
import { insertOccurrence } from "./activity.repository.ts";
import { deleteCitations, setCitations } from "./citations.ts";
import type { PlanRecord } from "./plan.repository.ts";
import type { DB } from "./schema.ts";
import { deleteTexts, setText } from "./texts.ts";
import { timingColumns } from "./timing.ts";

// An activity's occurrences are addressed by their place in its list (0-based), as the
// plan document lists them; their version is the activity's.

/** Row ids of an activity's occurrences, in order. */
export async function occurrenceIds(db: Kysely<DB>, activityId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("occurrences")
    .select("id")
    .where("activity_id", "=", activityId)
    .orderBy("position")
    .execute();
  return rows.map((r) => r.id);
}

/** Rewrites one occurrence (time, its wording in `lang`, its cited sources). */
export async function updateOccurrenceRow(
  db: Kysely<DB>,
  plan: PlanRecord,
  id: string,
  o: Occurrence,
  lang: Language,
): Promise<void> {
  await db
    .updateTable("occurrences")
    .set(timingColumns("when", o.when))
    .where("id", "=", id)
    .execute();
  await setText(db, plan.id, "occurrence", id, "when", lang, o.when.text);
  await setCitations(db, plan.id, "occurrence", id, o.sources, "sources");
}

/** Removes occurrences with their wordings and citations; the others keep their order. */
export async function deleteOccurrenceRows(
  db: Kysely<DB>,
  planId: string,
  activityId: string,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  await deleteTexts(db, planId, "occurrence", ids);
  await deleteCitations(db, planId, "occurrence", ids);
  await db
    .deleteFrom("occurrences")
    .where("id", "in", [...ids])
    .execute();
  const rest = await occurrenceIds(db, activityId);
  for (const [position, id] of rest.entries()) {
    await db.updateTable("occurrences").set({ position }).where("id", "=", id).execute();
  }
}

/** Puts back an activity's whole list of occurrences (as when an earlier version is restored). */
export async function replaceOccurrences(
  db: Kysely<DB>,
  plan: PlanRecord,
  activityId: string,
  list: readonly Occurrence[],
  lang: Language,
  now: string,
): Promise<void> {
  await deleteOccurrenceRows(db, plan.id, activityId, await occurrenceIds(db, activityId));
  for (const o of list) await insertOccurrence(db, plan, activityId, o, lang, now);
}

/** Code of the plan's activity with this row id, or null. */
export async function activityCodeOf(
  db: Kysely<DB>,
  planId: string,
  id: string,
): Promise<string | null> {
  const row = await db
    .selectFrom("activities")
    .select("code")
    .where("plan_id", "=", planId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row?.code ?? null;
}
