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

/**
 * What cites a source, one entry per citing owner: the area of an activity citing it (in
 * its text, status, occurrences or relations), or null for anything outside an activity
 * (a background or purpose paragraph, an area's title or objective, the plan's texts, the
 * annex). Markers `[^N]` written in any language's wording count, as do citation lists.
 */
export async function sourceCiters(
  db: Kysely<DB>,
  planId: string,
  source: { id: string; number: number },
): Promise<(string | null)[]> {
  const areas = await sourceAreaIds(db, source.id);
  const annex = await db
    .selectFrom("citations")
    .select("owner_id")
    .where("source_id", "=", source.id)
    .where("owner_kind", "=", "annex_item")
    .execute();
  const marked = await db
    .selectFrom("texts")
    .select(["owner_kind", "owner_id"])
    .where("plan_id", "=", planId)
    .where("owner_kind", "<>", "source")
    .where("value", "like", `%[^${source.number}]%`)
    .execute();
  const activityIds = marked.filter((t) => t.owner_kind === "activity").map((t) => t.owner_id);
  const occurrenceIds = marked.filter((t) => t.owner_kind === "occurrence").map((t) => t.owner_id);
  const viaActivities =
    activityIds.length === 0
      ? []
      : await db
          .selectFrom("activities")
          .select("area_id")
          .where("id", "in", activityIds)
          .execute();
  const viaOccurrences =
    occurrenceIds.length === 0
      ? []
      : await db
          .selectFrom("occurrences")
          .innerJoin("activities", "activities.id", "occurrences.activity_id")
          .select("activities.area_id")
          .where("occurrences.id", "in", occurrenceIds)
          .execute();
  const outside = new Set([
    ...annex.map((r) => `annex_item ${r.owner_id}`),
    ...marked
      .filter((t) => t.owner_kind !== "activity" && t.owner_kind !== "occurrence")
      .map((t) => `${t.owner_kind} ${t.owner_id}`),
  ]);
  const inside = new Set([
    ...areas,
    ...[...viaActivities, ...viaOccurrences].map((r) => r.area_id),
  ]);
  return [...[...inside].sort(), ...[...outside].map(() => null)];
}
