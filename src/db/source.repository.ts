import type { Kysely } from "kysely";
import { renumberCitations } from "../core/citations.ts";
import type { Language, Source } from "../core/plan.ts";
import { loadCitationDocuments, saveCitationDocument } from "./citations.ts";
import { newId } from "./ids.ts";
import { type PlanRecord, staleOrMissing } from "./plan.repository.ts";
import { readSources, type StoredSource } from "./plan-document-read.repository.ts";
import type { CitationOwner, DB } from "./schema.ts";
import { loadTextDocuments, saveTextDocument, setTexts } from "./texts.ts";

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
  await setTexts(db, plan.id, lang, [
    { kind: "source", id, field: "label", value: s.label },
    { kind: "source", id, field: "note", value: s.note },
    { kind: "source", id, field: "text", value: s.text },
  ]);
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
  await setTexts(
    db,
    plan.id,
    lang,
    (["label", "note", "text"] as const).flatMap((field) => {
      const value = patch[field];
      return value === undefined ? [] : [{ kind: "source" as const, id, field, value }];
    }),
  );
  return expectedVersion + 1;
}

/** The owners whose citation lists name a source, by kind, with how many times each does. */
async function citingOwners(
  db: Kysely<DB>,
  planId: string,
  sourceId: string,
  kinds?: readonly CitationOwner[],
): Promise<{ kind: CitationOwner; id: string; times: number }[]> {
  const out: { kind: CitationOwner; id: string; times: number }[] = [];
  for (const d of await loadCitationDocuments(db, planId, kinds)) {
    for (const id in d.doc) {
      const times = (d.doc[id] as string[]).filter((s) => s === sourceId).length;
      if (times > 0) out.push({ kind: d.kind, id, times });
    }
  }
  return out;
}

/** The areas of some activities and of the activities of some occurrences. */
async function areasOf(
  db: Kysely<DB>,
  activityIds: readonly string[],
  occurrenceIds: readonly string[],
): Promise<string[]> {
  const viaActivities =
    activityIds.length === 0
      ? []
      : await db
          .selectFrom("activities")
          .select("area_id")
          .where("id", "in", [...activityIds])
          .execute();
  const viaOccurrences =
    occurrenceIds.length === 0
      ? []
      : await db
          .selectFrom("occurrences")
          .innerJoin("activities", "activities.id", "occurrences.activity_id")
          .select("activities.area_id")
          .where("occurrences.id", "in", [...occurrenceIds])
          .execute();
  return [...viaActivities, ...viaOccurrences].map((r) => r.area_id);
}

/** The areas whose activities cite a source (in text, status, occurrences or relations). */
export async function sourceAreaIds(
  db: Kysely<DB>,
  planId: string,
  sourceId: string,
): Promise<string[]> {
  const owners = await citingOwners(db, planId, sourceId, ["activity", "status", "occurrence"]);
  const viaCitations = await areasOf(
    db,
    owners.filter((o) => o.kind !== "occurrence").map((o) => o.id),
    owners.filter((o) => o.kind === "occurrence").map((o) => o.id),
  );
  const viaRelations = await db
    .selectFrom("relations")
    .innerJoin("activities", "activities.id", "relations.activity_id")
    .select("activities.area_id")
    .where("relations.source_id", "=", sourceId)
    .execute();
  return [...new Set([...viaCitations, ...viaRelations.map((r) => r.area_id)])].sort();
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
  const owners = await citingOwners(db, planId, sourceId);
  const r = await db
    .selectFrom("relations")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("source_id", "=", sourceId)
    .executeTakeFirst();
  return { citations: owners.reduce((n, o) => n + o.times, 0), relations: Number(r?.n ?? 0) };
}

/** Numbers of the plan's sources nothing cites (kept from an import, say). */
export async function uncitedSourceNumbers(db: Kysely<DB>, planId: string): Promise<number[]> {
  const cited = new Set<string>();
  for (const d of await loadCitationDocuments(db, planId)) {
    for (const id in d.doc) for (const s of d.doc[id] as string[]) cited.add(s);
  }
  const rows = await db
    .selectFrom("sources")
    .select(["id", "number"])
    .where("plan_id", "=", planId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("relations")
            .select("relations.source_id")
            .whereRef("relations.source_id", "=", "sources.id"),
        ),
      ),
    )
    .orderBy("number")
    .execute();
  return rows.filter((r) => !cited.has(r.id)).map((r) => r.number);
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
  for (const d of await loadCitationDocuments(db, plan.id)) {
    let changed = false;
    for (const owner in d.doc) {
      const old = d.doc[owner] as string[];
      if (!old.includes(id)) continue;
      const list = old.flatMap((s) =>
        s !== id ? [s] : replacementId === null ? [] : [replacementId],
      );
      const unique = list.filter((s, i) => list.indexOf(s) === i);
      if (unique.length > 0) d.doc[owner] = unique;
      else delete d.doc[owner];
      changed = true;
    }
    if (changed) await saveCitationDocument(db, plan.id, d, true);
  }
  await db
    .updateTable("relations")
    .set({ source_id: replacementId })
    .where("source_id", "=", id)
    .execute();
  // The `[^N]` markers in every wording of the plan, and the source's own wordings.
  const marker = `[^${number}]`;
  const map = new Map([[number, replacement ?? 0]]);
  for (const d of await loadTextDocuments(db, plan.id)) {
    let changed = false;
    if (d.kind === "source" && id in d.doc) {
      delete d.doc[id];
      changed = true;
    }
    for (const owner in d.doc) {
      const fields = d.doc[owner] as Record<string, string>;
      for (const field in fields) {
        const old = fields[field] as string;
        if (!old.includes(marker)) continue;
        const value = renumberCitations(old, map).replaceAll("[^0]", "");
        if (value === old) continue;
        fields[field] = value;
        changed = true;
      }
    }
    if (changed) await saveTextDocument(db, plan.id, d, true);
  }
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
  const annex = (await citingOwners(db, planId, source.id, ["annex_item"])).map((o) => ({
    owner_id: o.id,
  }));
  const marker = `[^${source.number}]`;
  const marked: { owner_kind: string; owner_id: string }[] = [];
  for (const d of await loadTextDocuments(db, planId)) {
    if (d.kind === "source") continue;
    for (const owner in d.doc) {
      if (Object.values(d.doc[owner] as Record<string, string>).some((v) => v.includes(marker))) {
        marked.push({ owner_kind: d.kind, owner_id: owner });
      }
    }
  }
  const activityIds = [
    ...new Set(marked.filter((t) => t.owner_kind === "activity").map((t) => t.owner_id)),
  ];
  const occurrenceIds = [
    ...new Set(marked.filter((t) => t.owner_kind === "occurrence").map((t) => t.owner_id)),
  ];
  const viaTexts = await areasOf(db, activityIds, occurrenceIds);
  const outside = new Set([
    ...annex.map((r) => `annex_item ${r.owner_id}`),
    ...marked
      .filter((t) => t.owner_kind !== "activity" && t.owner_kind !== "occurrence")
      .map((t) => `${t.owner_kind} ${t.owner_id}`),
  ]);
  const inside = new Set([...areas, ...viaTexts]);
  return [...[...inside].sort(), ...[...outside].map(() => null)];
}
