import type { Kysely } from "kysely";
import type { Language } from "../core/plan.ts";
import { newId } from "./ids.ts";
import type { DB } from "./schema.ts";
import { deleteTexts, setText } from "./texts.ts";

export type Section = "background" | "purpose";

/** The ids of a plan's paragraphs of a section, in order. */
export async function paragraphIds(
  db: Kysely<DB>,
  planId: string,
  section: Section,
): Promise<string[]> {
  const rows = await db
    .selectFrom("paragraphs")
    .select("id")
    .where("plan_id", "=", planId)
    .where("section", "=", section)
    .orderBy("position")
    .execute();
  return rows.map((r) => r.id);
}

/** Replaces a section's paragraphs (and every text of the old ones) with `texts` in `lang`. */
export async function replaceParagraphs(
  db: Kysely<DB>,
  planId: string,
  section: Section,
  texts: string[],
  lang: Language,
): Promise<void> {
  const old = await paragraphIds(db, planId, section);
  await deleteTexts(db, planId, "paragraph", old);
  if (old.length > 0) await db.deleteFrom("paragraphs").where("id", "in", old).execute();
  for (const [position, text] of texts.entries()) {
    const id = newId();
    await db.insertInto("paragraphs").values({ id, plan_id: planId, section, position }).execute();
    await setText(db, planId, "paragraph", id, "text", lang, text);
  }
}
