import type { Kysely } from "kysely";
import { renumberCitations } from "../core/citations.ts";
import type { Language, Source } from "../core/plan.ts";
import { loadCitations, setCitations } from "./citations.ts";
import { newId } from "./ids.ts";
import { type PlanRecord, staleOrMissing } from "./plan.repository.ts";
import { readSources, type StoredSource } from "./plan-document-read.repository.ts";
import type { CitationOwner, DB } from "./schema.ts";
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

/**
 * Adds a source numbered after the plan's highest (or `number`, when given and free, as
 * when a deleted source is restored); returns its number.
 */
export async function insertSource(
  db: Kysely<DB>,
  plan: PlanRecord,
  s: SourceFields,
  lang: Language,
  now: string,
  wanted?: number,
): Promise<number> {
  const last = await db
    .selectFrom("sources")
    .select("number")
    .where("plan_id", "=", plan.id)
    .orderBy("number", "desc")
    .executeTakeFirst();
  const taken =
    wanted === undefined ||
    (await db
      .selectFrom("sources")
      .select("id")
      .where("plan_id", "=", plan.id)
      .where("number", "=", wanted)
      .executeTakeFirst()) !== undefined;
  const number = taken ? (last?.number ?? 0) + 1 : (wanted as number);
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
export async function sourceAreaIds(
  db: Kysely<DB>,
  planId: string,
  sourceId: string,
): Promise<string[]> {
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
    .where("citations.plan_id", "=", planId)
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

/** The number of the plan's source with this URL (the lowest, if several), or null. */
export async function findSourceByUrl(
  db: Kysely<DB>,
  planId: string,
  url: string,
): Promise<number | null> {
  const row = await db
    .selectFrom("sources")
    .select("number")
    .where("plan_id", "=", planId)
    .where("url", "=", url)
    .orderBy("number")
    .executeTakeFirst();
  return row?.number ?? null;
}

/** What cites a source: owners of citation lists and relations declaring themselves by it. */
export async function sourceCitationCounts(
  db: Kysely<DB>,
  planId: string,
  sourceId: string,
): Promise<{ citations: number; relations: number }> {
  const c = await db
    .selectFrom("citations")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("plan_id", "=", planId)
    .where("source_id", "=", sourceId)
    .executeTakeFirst();
  const r = await db
    .selectFrom("relations")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("source_id", "=", sourceId)
    .executeTakeFirst();
  return { citations: Number(c?.n ?? 0), relations: Number(r?.n ?? 0) };
}

/** Numbers of the plan's sources nothing cites (kept from an import, say). */
export async function uncitedSourceNumbers(db: Kysely<DB>, planId: string): Promise<number[]> {
  const rows = await db
    .selectFrom("sources")
    .select("number")
    .where("plan_id", "=", planId)
    .where((eb) =>
      eb.and([
        eb.not(
          eb.exists(
            eb
              .selectFrom("citations")
              .select("citations.source_id")
              .where("citations.plan_id", "=", planId)
              .whereRef("citations.source_id", "=", "sources.id"),
          ),
        ),
        eb.not(
          eb.exists(
            eb
              .selectFrom("relations")
              .select("relations.source_id")
              .whereRef("relations.source_id", "=", "sources.id"),
          ),
        ),
      ]),
    )
    .orderBy("number")
    .execute();
  return rows.map((r) => r.number);
}

/**
 * Removes source `number` (row `id`) if still at `expectedVersion`. What cited it cites
 * `replacement` instead (a number of the plan), or nothing when null: citation lists,
 * relations and the `[^N]` markers written in every wording of the plan.
 */
export async function deleteSourceRow(
  db: Kysely<DB>,
  plan: PlanRecord,
  id: string,
  number: number,
  expectedVersion: number,
  replacement: number | null,
): Promise<void> {
  const replacementId =
    replacement === null
      ? null
      : ((
          await db
            .selectFrom("sources")
            .select("id")
            .where("plan_id", "=", plan.id)
            .where("number", "=", replacement)
            .executeTakeFirst()
        )?.id ?? null);
  const owners = await db
    .selectFrom("citations")
    .select(["owner_kind", "owner_id"])
    .where("plan_id", "=", plan.id)
    .where("source_id", "=", id)
    .execute();
  const bag = await loadCitations(
    db,
    plan.id,
    owners.map((o) => o.owner_id),
  );
  for (const o of owners) {
    const kind = o.owner_kind as CitationOwner;
    const list = bag
      .get(kind, o.owner_id)
      .flatMap((n) => (n !== number ? [n] : replacementId === null ? [] : [replacement as number]));
    const unique = list.filter((n, i) => list.indexOf(n) === i);
    await setCitations(db, plan.id, kind, o.owner_id, unique, "sources");
  }
  await db
    .updateTable("relations")
    .set({ source_id: replacementId })
    .where("source_id", "=", id)
    .execute();
  const marked = await db
    .selectFrom("texts")
    .selectAll()
    .where("plan_id", "=", plan.id)
    .where("value", "like", `%[^${number}]%`)
    .execute();
  const map = new Map([[number, replacement ?? 0]]);
  for (const t of marked) {
    const value = renumberCitations(t.value, map).replaceAll("[^0]", "");
    if (value === t.value) continue;
    await db
      .updateTable("texts")
      .set({ value })
      .where("plan_id", "=", plan.id)
      .where("owner_kind", "=", t.owner_kind)
      .where("owner_id", "=", t.owner_id)
      .where("field", "=", t.field)
      .where("lang", "=", t.lang)
      .execute();
  }
  await db
    .deleteFrom("texts")
    .where("plan_id", "=", plan.id)
    .where("owner_kind", "=", "source")
    .where("owner_id", "=", id)
    .execute();
  await db
    .withTables<{ link_checks: { source_id: string } }>()
    .deleteFrom("link_checks")
    .where("source_id", "=", id)
    .execute();
  const res = await db
    .deleteFrom("sources")
    .where("id", "=", id)
    .where("version", "=", expectedVersion)
    .executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) await staleOrMissing(db, "sources", id, expectedVersion);
}

/** The number of the plan's source with this row id, or null. */
export async function sourceNumberOf(
  db: Kysely<DB>,
  planId: string,
  id: string,
): Promise<number | null> {
  const row = await db
    .selectFrom("sources")
    .select("number")
    .where("plan_id", "=", planId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row?.number ?? null;
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
  const areas = await sourceAreaIds(db, planId, source.id);
  const annex = await db
    .selectFrom("citations")
    .select("owner_id")
    .where("plan_id", "=", planId)
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
