import type { Kysely } from "kysely";
import type { AnnexItem, Language } from "../core/plan.ts";
import { setCitations } from "./citations.ts";
import { newId } from "./ids.ts";
import type { PlanRecord } from "./plan.repository.ts";
import type { DB } from "./schema.ts";
import { setText } from "./texts.ts";
import { timingColumns } from "./timing.ts";

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
