import type { Insertable, Kysely } from "kysely";
import type { Activity, Area, Language, Source } from "../core/plan.ts";
import { CitationLists, writeCitationLists } from "./citations.ts";
import { newId } from "./ids.ts";
import { touchPlan } from "./plan.repository.ts";
import { activityCols, addActivityTexts, relationRows } from "./plan-document.rows.ts";
import type { DB } from "./schema.ts";
import { TextRows, writeTextRows } from "./texts.ts";

export type PlanAdditions = {
  /** New areas (their activities go in `activities`). */
  areas: readonly Pick<Area, "code" | "title" | "objective">[];
  /** New activities, each in an area of the plan or of `areas`, after the area's last one. */
  activities: readonly { areaCode: string; activity: Activity }[];
  /** New sources (numbers not used in the plan yet). */
  sources: readonly Source[];
};

/**
 * Adds areas, activities (without occurrences) and sources to a stored plan, leaving what
 * is there untouched; wordings are stored in `lang`. Call inside a transaction.
 */
export async function appendToPlan(
  db: Kysely<DB>,
  planId: string,
  lang: Language,
  add: PlanAdditions,
  now: string,
): Promise<void> {
  const texts = new TextRows(planId, lang);
  const stamps = { version: 1, created_at: now, updated_at: now };

  const sourceRows = add.sources.map((s) => {
    const id = newId();
    texts.add("source", id, "label", s.label);
    texts.add("source", id, "note", s.note);
    texts.add("source", id, "text", s.text);
    return { id, plan_id: planId, number: s.id, url: s.url, ...stamps };
  });
  if (sourceRows.length > 0) await db.insertInto("sources").values(sourceRows).execute();
  const existingSources = await db
    .selectFrom("sources")
    .select(["id", "number"])
    .where("plan_id", "=", planId)
    .execute();
  const sourceIds = new Map(existingSources.map((r) => [r.number, r.id]));

  const areaRows = await db
    .selectFrom("areas")
    .select(["id", "code", "position"])
    .where("plan_id", "=", planId)
    .execute();
  const areaIds = new Map(areaRows.map((a) => [a.code, a.id]));
  let areaPos = areaRows.reduce((m, a) => Math.max(m, a.position), -1);
  const newAreas = add.areas.map((a) => {
    const id = newId();
    areaIds.set(a.code, id);
    texts.add("area", id, "title", a.title);
    texts.add("area", id, "objective", a.objective);
    return { id, plan_id: planId, code: a.code, position: ++areaPos, ...stamps };
  });
  if (newAreas.length > 0) await db.insertInto("areas").values(newAreas).execute();

  const positions = new Map<string, number>();
  for (const r of await db
    .selectFrom("activities")
    .select(["area_id", "position"])
    .where("plan_id", "=", planId)
    .execute()) {
    positions.set(r.area_id, Math.max(positions.get(r.area_id) ?? -1, r.position));
  }
  const activities: Insertable<DB["activities"]>[] = [];
  const relations: Insertable<DB["relations"]>[] = [];
  const citations = new CitationLists(planId);
  add.activities.forEach(({ areaCode, activity: a }, i) => {
    const areaId = areaIds.get(areaCode);
    if (!areaId) throw new Error(`appendToPlan: no area ${areaCode} in plan ${planId}`);
    const id = newId();
    const position = (positions.get(areaId) ?? -1) + 1;
    positions.set(areaId, position);
    activities.push({
      ...activityCols(a),
      id,
      plan_id: planId,
      area_id: areaId,
      position,
      ...stamps,
    });
    addActivityTexts(texts, id, a);
    const path = `activities.${i}`;
    citations.add("activity", id, a.sources, sourceIds, `${path}.sources`);
    citations.add("status", id, a.status.sources, sourceIds, `${path}.status.sources`);
    relations.push(...relationRows(id, a.relations, (n) => sourceIds.get(n) ?? null));
  });
  if (activities.length > 0) await db.insertInto("activities").values(activities).execute();
  if (relations.length > 0) await db.insertInto("relations").values(relations).execute();
  await writeCitationLists(db, citations);
  await writeTextRows(db, texts);
  await touchPlan(db, planId, now);
}
