import { type Kysely, sql } from "kysely";
import type { Language } from "../core/plan.ts";
import { newId } from "./ids.ts";
import { type PlanRecord, staleOrMissing } from "./plan.repository.ts";
import type { DB } from "./schema.ts";
import { langOrder, loadTexts, setText } from "./texts.ts";

export type AreaRecord = {
  id: string;
  planId: string;
  code: string;
  position: number;
  title: string;
  objective: string;
  version: number;
  updatedAt: string;
};

/** The plan's area with this code, its wordings in `lang` (with fallback), or null. */
export async function findArea(
  db: Kysely<DB>,
  plan: PlanRecord,
  code: string,
  lang: Language,
): Promise<AreaRecord | null> {
  const row = await db
    .selectFrom("areas")
    .selectAll()
    .where("plan_id", "=", plan.id)
    .where("code", "=", code)
    .executeTakeFirst();
  if (!row) return null;
  const texts = await loadTexts(db, plan.id, langOrder(lang, plan), [row.id], ["area"]);
  return {
    id: row.id,
    planId: row.plan_id,
    code: row.code,
    position: row.position,
    title: texts.str("area", row.id, "title"),
    objective: texts.str("area", row.id, "objective"),
    version: row.version,
    updatedAt: row.updated_at,
  };
}

/** Row ids and codes of a plan's areas, in order. */
/** Area code -> area id of a plan. */
export async function areaIdsByCode(db: Kysely<DB>, planId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom("areas")
    .select(["id", "code"])
    .where("plan_id", "=", planId)
    .execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}

/** The id of a plan's area or activity by code, with the area it belongs to (itself for an area). */
export async function findItemIds(
  db: Kysely<DB>,
  planId: string,
  kind: "area" | "activity",
  code: string,
): Promise<{ id: string; areaId: string } | null> {
  if (kind === "area") {
    const row = await db
      .selectFrom("areas")
      .select("id")
      .where("plan_id", "=", planId)
      .where("code", "=", code)
      .executeTakeFirst();
    return row ? { id: row.id, areaId: row.id } : null;
  }
  const row = await db
    .selectFrom("activities")
    .select(["id", "area_id"])
    .where("plan_id", "=", planId)
    .where("code", "=", code)
    .executeTakeFirst();
  return row ? { id: row.id, areaId: row.area_id } : null;
}

export async function listAreaRefs(
  db: Kysely<DB>,
  planId: string,
): Promise<{ id: string; code: string }[]> {
  return db
    .selectFrom("areas")
    .select(["id", "code"])
    .where("plan_id", "=", planId)
    .orderBy("position")
    .execute();
}

/** Adds an area after the plan's last one; its wordings in `lang`. */
export async function insertArea(
  db: Kysely<DB>,
  plan: PlanRecord,
  area: { code: string; title: string; objective: string },
  lang: Language,
  now: string,
): Promise<string> {
  const last = await db
    .selectFrom("areas")
    .select("position")
    .where("plan_id", "=", plan.id)
    .orderBy("position", "desc")
    .executeTakeFirst();
  const id = newId();
  await db
    .insertInto("areas")
    .values({
      id,
      plan_id: plan.id,
      code: area.code,
      position: (last?.position ?? -1) + 1,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await setText(db, plan.id, "area", id, "title", lang, area.title);
  await setText(db, plan.id, "area", id, "objective", lang, area.objective);
  return id;
}

/** Changes an area if still at `expectedVersion`; returns the new version. */
export async function updateAreaRow(
  db: Kysely<DB>,
  plan: PlanRecord,
  id: string,
  expectedVersion: number,
  patch: { code?: string; title?: string; objective?: string },
  lang: Language,
  now: string,
): Promise<number> {
  const res = await db
    .updateTable("areas")
    .set((eb) => ({
      ...(patch.code !== undefined ? { code: patch.code } : {}),
      version: eb("version", "+", 1),
      updated_at: now,
    }))
    .where("id", "=", id)
    .where("version", "=", expectedVersion)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) await staleOrMissing(db, "areas", id, expectedVersion);
  if (patch.title !== undefined) await setText(db, plan.id, "area", id, "title", lang, patch.title);
  if (patch.objective !== undefined) {
    await setText(db, plan.id, "area", id, "objective", lang, patch.objective);
  }
  return expectedVersion + 1;
}

/**
 * Moves an area's activities to its new code ("3.6.4" -> "3.11.4" when 3.6 becomes 3.11),
 * and the plan's relations that point at them, so every activity stays inside its area.
 */
export async function renumberAreaActivities(
  db: Kysely<DB>,
  plan: PlanRecord,
  areaId: string,
  from: string,
  to: string,
  now: string,
): Promise<void> {
  const old = `${from}.`;
  const moved = sql<string>`cast(${`${to}.`} as text) || substr(code, cast(${old.length + 1} as integer))`;
  await db
    .updateTable("activities")
    .set((eb) => ({ code: moved, version: eb("version", "+", 1), updated_at: now }))
    .where("area_id", "=", areaId)
    .where("code", "like", `${old}%`)
    .execute();
  await db
    .updateTable("relations")
    .set({
      target: sql<string>`cast(${`${to}.`} as text) || substr(target, cast(${old.length + 1} as integer))`,
    })
    .where("target", "like", `${old}%`)
    .where(
      "activity_id",
      "in",
      db.selectFrom("activities").select("id").where("plan_id", "=", plan.id),
    )
    .execute();
}
