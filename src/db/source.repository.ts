import type { Kysely } from "kysely";
import type { Language, Source } from "../core/plan.ts";
import { newId } from "./ids.ts";
import { type PlanRecord, staleOrMissing } from "./plan.repository.ts";
import { readSources, type StoredSource } from "./plan-document-read.repository.ts";
import type { DB } from "./schema.ts";
import { setText } from "./texts.ts";

export type { StoredSource };
export type SourceFields = Omit<Source, "id">;

export async function findSource(
  db: Kysely<DB>,
  plan: PlanRecord,
  number: number,
  lang: Language,
): Promise<StoredSource | null> {
  return (await readSources(db, plan, lang, [number]))[0] ?? null;
}

/** Adds a source numbered after the plan's highest; returns its number. */
export async function insertSource(
  db: Kysely<DB>,
  plan: PlanRecord,
  s: SourceFields,
  lang: Language,
  now: string,
): Promise<number> {
  const last = await db
    .selectFrom("sources")
    .select("number")
    .where("plan_id", "=", plan.id)
    .orderBy("number", "desc")
    .executeTakeFirst();
  const number = (last?.number ?? 0) + 1;
  const id = newId();
  await db
    .insertInto("sources")
    .values({
      id,
      plan_id: plan.id,
      number,
      url: s.url,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await setText(db, plan.id, "source", id, "label", lang, s.label);
  await setText(db, plan.id, "source", id, "note", lang, s.note);
  await setText(db, plan.id, "source", id, "text", lang, s.text);
  return number;
}

/** Changes a source if still at `expectedVersion`; returns the new version. */
export async function updateSourceRow(
  db: Kysely<DB>,
  plan: PlanRecord,
  id: string,
  expectedVersion: number,
  patch: Partial<SourceFields>,
  lang: Language,
  now: string,
): Promise<number> {
  const res = await db
    .updateTable("sources")
    .set((eb) => ({
      ...(patch.url !== undefined ? { url: patch.url } : {}),
      version: eb("version", "+", 1),
      updated_at: now,
    }))
    .where("id", "=", id)
    .where("version", "=", expectedVersion)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) await staleOrMissing(db, "sources", id, expectedVersion);
  for (const field of ["label", "note", "text"] as const) {
    const v = patch[field];
    if (v !== undefined) await setText(db, plan.id, "source", id, field, lang, v);
  }
  return expectedVersion + 1;
}

/** The areas whose activities cite a source (in text, status, occurrences or relations). */
export async function sourceAreaIds(db: Kysely<DB>, sourceId: string): Promise<string[]> {
  const viaCitations = await db
    .selectFrom("citations")
    .innerJoin("activities", (j) =>
      j.on((eb) =>
        eb.or([
          eb.and([
            eb("citations.owner_kind", "in", ["activity", "status"]),
            eb("activities.id", "=", eb.ref("citations.owner_id")),
          ]),
          eb.and([
            eb("citations.owner_kind", "=", "occurrence"),
            eb(
              "activities.id",
              "in",
              eb
                .selectFrom("occurrences")
                .select("occurrences.activity_id")
                .whereRef("occurrences.id", "=", "citations.owner_id"),
            ),
          ]),
        ]),
      ),
    )
    .select("activities.area_id")
    .where("citations.source_id", "=", sourceId)
    .execute();
  const viaRelations = await db
    .selectFrom("relations")
    .innerJoin("activities", "activities.id", "relations.activity_id")
    .select("activities.area_id")
    .where("relations.source_id", "=", sourceId)
    .execute();
  return [...new Set([...viaCitations, ...viaRelations].map((r) => r.area_id))].sort();
}
