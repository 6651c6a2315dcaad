import type { Kysely } from "kysely";
import type { AnnexItem, Language } from "../core/plan.ts";
import { deleteCitations, loadCitations, setCitations } from "./citations.ts";
import { newId } from "./ids.ts";
import { type PlanRecord, staleOrMissing } from "./plan.repository.ts";
import type { DB } from "./schema.ts";
import { deleteTexts, langOrder, loadTexts, setText } from "./texts.ts";
import { timingColumns, timingFrom } from "./timing.ts";

/** Appends an item to the plan's annex of unplanned activities; returns its row id and index. */
export async function insertAnnexItem(
  db: Kysely<DB>,
  plan: PlanRecord,
  item: AnnexItem,
  lang: Language,
  now: string,
): Promise<{ id: string; index: number }> {
  const last = await db
    .selectFrom("annex_items")
    .select("position")
    .where("plan_id", "=", plan.id)
    .orderBy("position", "desc")
    .executeTakeFirst();
  const id = newId();
  const index = (last?.position ?? -1) + 1;
  await db
    .insertInto("annex_items")
    .values({
      id,
      plan_id: plan.id,
      position: index,
      ...timingColumns("when", item.when),
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await setText(db, plan.id, "annex_item", id, "title", lang, item.title);
  await setText(db, plan.id, "annex_item", id, "when", lang, item.when.text);
  await setCitations(db, plan.id, "annex_item", id, item.sources, "sources");
  return { id, index };
}

export type StoredAnnexItem = { id: string; version: number; index: number; item: AnnexItem };

/** The annex item at `index` (0-based, in annex order), wordings in `lang` with fallback. */
export async function findAnnexItem(
  db: Kysely<DB>,
  plan: PlanRecord,
  index: number,
  lang: Language,
): Promise<StoredAnnexItem | null> {
  const rows = await db
    .selectFrom("annex_items")
    .selectAll()
    .where("plan_id", "=", plan.id)
    .orderBy("position")
    .execute();
  const row = rows[index];
  if (!row) return null;
  const texts = await loadTexts(db, plan.id, langOrder(lang, plan), [row.id], ["annex_item"]);
  const citations = await loadCitations(db, plan.id, [row.id], ["annex_item"]);
  return {
    id: row.id,
    version: row.version,
    index,
    item: {
      when: timingFrom("when", row, texts.str("annex_item", row.id, "when")),
      title: texts.str("annex_item", row.id, "title"),
      sources: citations.get("annex_item", row.id),
    },
  };
}

/** Rewrites an annex item if still at `expectedVersion`; returns the new version. */
export async function updateAnnexItemRow(
  db: Kysely<DB>,
  plan: PlanRecord,
  id: string,
  expectedVersion: number,
  item: AnnexItem,
  lang: Language,
  now: string,
): Promise<number> {
  const res = await db
    .updateTable("annex_items")
    .set((eb) => ({
      ...timingColumns("when", item.when),
      version: eb("version", "+", 1),
      updated_at: now,
    }))
    .where("id", "=", id)
    .where("version", "=", expectedVersion)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) {
    await staleOrMissing(db, "annex_items", id, expectedVersion);
  }
  await setText(db, plan.id, "annex_item", id, "title", lang, item.title);
  await setText(db, plan.id, "annex_item", id, "when", lang, item.when.text);
  await setCitations(db, plan.id, "annex_item", id, item.sources, "sources");
  return expectedVersion + 1;
}

/** Removes an annex item if still at `expectedVersion` (wordings, citations); the rest keep their order. */
export async function deleteAnnexItemRow(
  db: Kysely<DB>,
  plan: PlanRecord,
  id: string,
  expectedVersion: number,
): Promise<void> {
  await deleteTexts(db, plan.id, "annex_item", [id]);
  await deleteCitations(db, plan.id, "annex_item", [id]);
  const res = await db
    .deleteFrom("annex_items")
    .where("id", "=", id)
    .where("version", "=", expectedVersion)
    .executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) {
    await staleOrMissing(db, "annex_items", id, expectedVersion);
  }
  const rest = await db
    .selectFrom("annex_items")
    .select("id")
    .where("plan_id", "=", plan.id)
    .orderBy("position")
    .execute();
  for (const [position, r] of rest.entries()) {
    await db.updateTable("annex_items").set({ position }).where("id", "=", r.id).execute();
  }
}

/** The place in the annex (from 0) of the plan's item with this row id, or null. */
export async function annexIndexOf(
  db: Kysely<DB>,
  planId: string,
  id: string,
): Promise<number | null> {
  const rows = await db
    .selectFrom("annex_items")
    .select("id")
    .where("plan_id", "=", planId)
    .orderBy("position")
    .execute();
  const at = rows.findIndex((r) => r.id === id);
  return at < 0 ? null : at;
}
