import type { Kysely } from "kysely";
import type {
  Activity,
  Language,
  Location,
  Occurrence,
  Relation,
  Status,
  Timing,
} from "../core/plan.ts";
import { setCitations, sourceIdOf, sourceIdsByNumber } from "./citations.ts";
import { newId } from "./ids.ts";
import { type PlanRecord, staleOrMissing } from "./plan.repository.ts";
import { activityCols, addActivityTexts, relationRows } from "./plan-document.rows.ts";
import { readActivities, type StoredActivity } from "./plan-document-read.repository.ts";
import type { DB } from "./schema.ts";
import { setText, TextRows, writeTextRows } from "./texts.ts";
import { timingColumns } from "./timing.ts";

export type { StoredActivity };

/** The plan's activity with this code (wordings in `lang`, with fallback), or null. */
export async function findActivity(
  db: Kysely<DB>,
  plan: PlanRecord,
  code: string,
  lang: Language,
): Promise<StoredActivity | null> {
  const row = await db
    .selectFrom("activities")
    .select("id")
    .where("plan_id", "=", plan.id)
    .where("code", "=", code)
    .executeTakeFirst();
  if (!row) return null;
  return (await readActivities(db, plan, lang, [row.id]))[0] ?? null;
}

/** Adds an activity (with its occurrences, relations and citations) at the end of an area. */
export async function insertActivity(
  db: Kysely<DB>,
  plan: PlanRecord,
  areaId: string,
  a: Activity,
  lang: Language,
  now: string,
): Promise<string> {
  const last = await db
    .selectFrom("activities")
    .select("position")
    .where("area_id", "=", areaId)
    .orderBy("position", "desc")
    .executeTakeFirst();
  const id = newId();
  await db
    .insertInto("activities")
    .values({
      ...activityCols(a),
      id,
      plan_id: plan.id,
      area_id: areaId,
      position: (last?.position ?? -1) + 1,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const texts = new TextRows(plan.id, lang);
  addActivityTexts(texts, id, a);
  await writeTextRows(db, texts);
  await setCitations(db, plan.id, "activity", id, a.sources, "activity.sources");
  await setCitations(db, plan.id, "status", id, a.status.sources, "activity.status.sources");
  await replaceRelations(db, plan.id, id, a.relations);
  for (const o of a.occurrences) await insertOccurrence(db, plan, id, o, lang, now);
  return id;
}

export type ActivityPatch = {
  code?: string;
  title?: string;
  location?: Location;
  planned?: Timing;
  status?: Status;
  /** Every source the activity cites, in order. */
  sources?: number[];
};

/**
 * Changes an activity if still at `expectedVersion` (columns and version in one statement,
 * so a concurrent writer cannot slip between); wordings go in `lang`. Returns the new version.
 */
export async function updateActivityRow(
  db: Kysely<DB>,
  plan: PlanRecord,
  id: string,
  expectedVersion: number,
  patch: ActivityPatch,
  lang: Language,
  now: string,
): Promise<number> {
  const s = patch.status;
  const res = await db
    .updateTable("activities")
    .set((eb) => ({
      ...(patch.code !== undefined ? { code: patch.code } : {}),
      ...(patch.location
        ? {
            location_kind: patch.location.kind,
            location_city: patch.location.city,
            location_country: patch.location.country,
          }
        : {}),
      ...(patch.planned ? timingColumns("planned", patch.planned) : {}),
      ...(s ? { status_code: s.code, ...timingColumns("status_when", s.when) } : {}),
      version: eb("version", "+", 1),
      updated_at: now,
    }))
    .where("id", "=", id)
    .where("version", "=", expectedVersion)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) await staleOrMissing(db, "activities", id, expectedVersion);
  const text = (field: string, v: string | null) =>
    setText(db, plan.id, "activity", id, field, lang, v);
  if (patch.title !== undefined) await text("title", patch.title);
  if (patch.location) await text("location", patch.location.text);
  if (patch.planned) await text("planned", patch.planned.text);
  if (s) {
    await text("status_when", s.when?.text ?? null);
    await text("status_note", s.note);
    await text("status_text", s.text);
    await setCitations(db, plan.id, "status", id, s.sources, "status.sources");
  }
  if (patch.sources) await setCitations(db, plan.id, "activity", id, patch.sources, "sources");
  return expectedVersion + 1;
}

/** Replaces an activity's relations. */
export async function replaceRelations(
  db: Kysely<DB>,
  planId: string,
  activityId: string,
  relations: readonly Relation[],
): Promise<void> {
  await db.deleteFrom("relations").where("activity_id", "=", activityId).execute();
  if (relations.length === 0) return;
  const ids = await sourceIdsByNumber(db, planId);
  const rows = relationRows(activityId, relations, (n, i) =>
    sourceIdOf(ids, n, `relations.${i}.source`),
  );
  await db.insertInto("relations").values(rows).execute();
}

/** Appends an occurrence to an activity; its wording in `lang`. */
export async function insertOccurrence(
  db: Kysely<DB>,
  plan: PlanRecord,
  activityId: string,
  o: Occurrence,
  lang: Language,
  now: string,
): Promise<string> {
  const last = await db
    .selectFrom("occurrences")
    .select("position")
    .where("activity_id", "=", activityId)
    .orderBy("position", "desc")
    .executeTakeFirst();
  const id = newId();
  await db
    .insertInto("occurrences")
    .values({
      id,
      plan_id: plan.id,
      activity_id: activityId,
      position: (last?.position ?? -1) + 1,
      ...timingColumns("when", o.when),
      created_at: now,
    })
    .execute();
  await setText(db, plan.id, "occurrence", id, "when", lang, o.when.text);
  await setCitations(db, plan.id, "occurrence", id, o.sources, "sources");
  return id;
}
