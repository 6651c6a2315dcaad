import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { type Insertable, type Kysely, sql } from "kysely";
import { type EditionSummary, editionSummary } from "../core/edition-summary.ts";
import type { Language, PlanDocument } from "../core/plan.ts";
import { memoRows } from "./compiled.ts";
import { newId } from "./ids.ts";
import { inChunks } from "./in-chunks.ts";
import { documentChunks, insertChunks } from "./plan-document-write.repository.ts";
import type { DB, ReportEditionRow } from "./schema.ts";

/** One edition of a plan's published report, without its documents. */
export type EditionRecord = {
  id: string;
  planId: string;
  number: number;
  publishedAt: string;
  dataAsOf: string;
  approval: { body: string; date: string | null; place: string | null } | null;
  corrections: string | null;
  /** The generated list of changes since the previous edition (JSON the use case reads). */
  changes: unknown;
  /** The languages it was published in. */
  languages: Language[];
};

/** A stored file of an edition: bytes exactly as first rendered. */
export type EditionFile = {
  body: Buffer;
  contentType: string;
  fileName: string;
  sha256: string;
};

export const sha256 = (bytes: string | Uint8Array): string =>
  createHash("sha256").update(bytes).digest("hex");

export const editionRecord = (r: ReportEditionRow, languages: Language[]): EditionRecord => ({
  id: r.id,
  planId: r.plan_id,
  number: r.number,
  publishedAt: r.published_at,
  dataAsOf: r.data_as_of,
  approval: r.approved_by
    ? { body: r.approved_by, date: r.approved_on, place: r.approved_place }
    : null,
  corrections: r.corrections,
  changes: JSON.parse(r.changes),
  languages,
});

async function languagesOf(db: Kysely<DB>, ids: string[]): Promise<Map<string, Language[]>> {
  const out = new Map<string, Language[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom("report_edition_documents")
    .select(["edition_id", "lang"])
    .where("edition_id", "in", ids)
    .orderBy("lang")
    .execute();
  for (const r of rows) out.get(r.edition_id)?.push(r.lang as Language);
  return out;
}

/** A plan's editions, oldest first. */
export async function listEditions(db: Kysely<DB>, planId: string): Promise<EditionRecord[]> {
  const rows = await db
    .selectFrom("report_editions")
    .selectAll()
    .where("plan_id", "=", planId)
    .orderBy("number")
    .execute();
  const langs = await languagesOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => editionRecord(r, langs.get(r.id) ?? []));
}

/** Edition `number` of a plan, or the latest when `number` is undefined; null when none. */
export async function findEdition(
  db: Kysely<DB>,
  planId: string,
  number?: number,
): Promise<EditionRecord | null> {
  // One statement: the edition with its languages (a row each; every edition holds one or
  // more), the latest found by its number. A read of any edition starts here.
  const rows = await db
    .selectFrom("report_editions as e")
    .innerJoin("report_edition_documents as d", "d.edition_id", "e.id")
    .selectAll("e")
    .select("d.lang as edition_lang")
    .where("e.plan_id", "=", planId)
    .where(
      "e.number",
      "=",
      number ??
        ((eb) =>
          eb
            .selectFrom("report_editions as l")
            .select((l) => l.fn.max("l.number").as("n"))
            .where("l.plan_id", "=", planId)),
    )
    .orderBy("d.lang")
    .execute();
  const [first] = rows;
  if (!first) return null;
  const { edition_lang: _, ...row } = first;
  return editionRecord(
    row,
    rows.map((r) => r.edition_lang as Language),
  );
}

/**
 * The latest edition of each of `planIds` that has one (what findEdition gives, in bulk), in
 * one statement per thousand plans: a row per edition and language.
 */
export async function findLatestEditions(
  db: Kysely<DB>,
  planIds: readonly string[],
): Promise<Map<string, EditionRecord>> {
  const out = new Map<string, EditionRecord>();
  if (planIds.length === 0) return out;
  const rows = await inChunks(planIds, (part) =>
    db
      .selectFrom("report_editions as e")
      .innerJoin("report_edition_documents as d", "d.edition_id", "e.id")
      .selectAll("e")
      .select("d.lang as edition_lang")
      .where("e.plan_id", "in", part)
      .where("e.number", "=", (eb) =>
        eb
          .selectFrom("report_editions as l")
          .select((l) => l.fn.max("l.number").as("n"))
          .whereRef("l.plan_id", "=", "e.plan_id"),
      )
      .orderBy("d.lang")
      .execute(),
  );
  const editions = new Map<string, { row: ReportEditionRow; languages: Language[] }>();
  for (const { edition_lang, ...row } of rows) {
    const held = editions.get(row.id) ?? { row, languages: [] };
    held.languages.push(edition_lang as Language);
    editions.set(row.id, held);
  }
  for (const { row, languages } of editions.values()) {
    out.set(row.plan_id, editionRecord(row, languages));
  }
  return out;
}

/** An edition to write with its documents (one per language). */
export type EditionInput = Omit<EditionRecord, "id" | "languages"> & {
  publishedBy: string | null;
  documents: ReadonlyMap<Language, PlanDocument>;
};

/** Writes edition `number` with its documents (one per language); returns its id. */
export async function insertEdition(db: Kysely<DB>, e: EditionInput): Promise<string> {
  return (await insertEditions(db, [e]))[0] as string;
}

/**
 * Writes editions (of any plans) with their documents, gzipped documents and summaries,
 * four multi-row INSERTs for a few: what insertEdition does, in bulk. Returns their ids, in order.
 */
export async function insertEditions(
  db: Kysely<DB>,
  editions: readonly EditionInput[],
): Promise<string[]> {
  const ids = editions.map(() => newId());
  const documents: Insertable<DB["report_edition_documents"]>[] = [];
  const gzips: Insertable<DB["report_edition_gzips"]>[] = [];
  const summaries: Insertable<DB["report_edition_summaries"]>[] = [];
  const rows = editions.map((e, i) => {
    const id = ids[i] as string;
    for (const [lang, document] of e.documents) {
      const json = JSON.stringify(document);
      documents.push({ edition_id: id, lang, document: json, sha256: sha256(json) });
      gzips.push({ edition_id: id, lang, body: gzipSync(json) });
      summaries.push({
        edition_id: id,
        lang,
        summary: JSON.stringify(editionSummary(document, e.dataAsOf)),
      });
    }
    return {
      id,
      plan_id: e.planId,
      number: e.number,
      published_at: e.publishedAt,
      published_by: e.publishedBy,
      data_as_of: e.dataAsOf,
      approved_by: e.approval?.body ?? null,
      approved_on: e.approval?.date ?? null,
      approved_place: e.approval?.place ?? null,
      corrections: e.corrections,
      changes: JSON.stringify(e.changes),
    };
  });
  for (const part of insertChunks(rows)) {
    await db.insertInto("report_editions").values(part).execute();
  }
  for (const part of documentChunks(documents)) {
    await db.insertInto("report_edition_documents").values(part).execute();
  }
  for (const part of documentChunks(gzips)) {
    await db.insertInto("report_edition_gzips").values(part).execute();
  }
  for (const part of insertChunks(summaries)) {
    await db.insertInto("report_edition_summaries").values(part).execute();
  }
  return ids;
}

/**
 * The stored summaries of `editions` (edition id and language), keyed
 * `${editionId}\u0000${lang}`: what the execution page shows of them, without their documents.
 */
export async function findEditionSummaries(
  db: Kysely<DB>,
  editions: readonly { editionId: string; lang: Language }[],
): Promise<Map<string, EditionSummary>> {
  const out = new Map<string, EditionSummary>();
  if (editions.length === 0) return out;
  const wanted = new Set(editions.map((e) => `${e.editionId}\u0000${e.lang}`));
  const rows = await inChunks([...new Set(editions.map((e) => e.editionId))], (part) =>
    db
      .selectFrom("report_edition_summaries")
      .select(["edition_id", "lang", "summary"])
      .where("edition_id", "in", part)
      .execute(),
  );
  for (const r of rows) {
    const key = `${r.edition_id}\u0000${r.lang}`;
    if (wanted.has(key)) out.set(key, JSON.parse(r.summary) as EditionSummary);
  }
  return out;
}

/** Editions whose documents are read at once when what derives from them is filled (~50 KB each). */
const FILL_BATCH = 100;

/** A stored edition document, with its edition's as-of date. */
type StoredDocument = { edition_id: string; lang: string; document: string; data_as_of: string };

/**
 * Stores in `table` what derives from every edition document that has no row there yet
 * (editions written before the table existed), `make` computing it from the stored document,
 * FILL_BATCH editions at a time so a large database is never all in memory. Idempotent and
 * safe to race (a row stored by another instance meanwhile is kept). Returns how many it stored.
 */
async function fillFromDocuments<T extends "report_edition_summaries" | "report_edition_gzips">(
  db: Kysely<DB>,
  table: T,
  make: (d: StoredDocument) => Insertable<DB[T]>,
): Promise<number> {
  const missing = await db
    .selectFrom("report_edition_documents as d")
    .innerJoin("report_editions as e", "e.id", "d.edition_id")
    .select(["d.edition_id", "d.lang", "e.data_as_of"])
    .where((eb) =>
      eb.not(
        eb.exists(
          sql`(select 1 from ${sql.table(table)} as f where f.edition_id = d.edition_id and f.lang = d.lang)`,
        ),
      ),
    )
    .orderBy("d.edition_id")
    .execute();
  const byEdition = new Map<string, { dataAsOf: string; langs: Set<string> }>();
  for (const m of missing) {
    const e = byEdition.get(m.edition_id) ?? { dataAsOf: m.data_as_of, langs: new Set() };
    byEdition.set(m.edition_id, e);
    e.langs.add(m.lang);
  }
  const ids = [...byEdition.keys()];
  let stored = 0;
  for (let i = 0; i < ids.length; i += FILL_BATCH) {
    const part = ids.slice(i, i + FILL_BATCH);
    const docs = await db
      .selectFrom("report_edition_documents")
      .select(["edition_id", "lang", "document"])
      .where("edition_id", "in", part)
      .execute();
    const rows = docs
      .filter((d) => byEdition.get(d.edition_id)?.langs.has(d.lang))
      .map((d) => make({ ...d, data_as_of: byEdition.get(d.edition_id)?.dataAsOf ?? "" }));
    if (rows.length === 0) continue;
    await db
      .insertInto(table as "report_edition_summaries")
      .values(rows as Insertable<DB["report_edition_summaries"]>[])
      .onConflict((oc) => oc.columns(["edition_id", "lang"]).doNothing())
      .execute();
    stored += rows.length;
  }
  return stored;
}

/**
 * Stores the summary of every edition document that has none (editions written before
 * migration 0016, or whose summary was stored before it carried the document's title),
 * computed by today's code. Runs after every migration run, like
 * freezeUnfrozenPlans. Returns how many it stored.
 */
export async function fillEditionSummaries(db: Kysely<DB>): Promise<number> {
  // Summaries stored before they carried the document's title are made anew (a key, in
  // JSON, is the only place its name stands between unescaped quotes).
  await db
    .deleteFrom("report_edition_summaries")
    .where("summary", "not like", '%"documentTitle":%')
    .execute();
  return fillFromDocuments(db, "report_edition_summaries", (d) => ({
    edition_id: d.edition_id,
    lang: d.lang,
    summary: JSON.stringify(editionSummary(JSON.parse(d.document) as PlanDocument, d.data_as_of)),
  }));
}

/**
 * Stores the gzip-compressed text of every edition document that has none (editions
 * written before migration 0017). Runs after every migration run. Returns how many it stored.
 */
export function fillEditionGzips(db: Kysely<DB>): Promise<number> {
  return fillFromDocuments(db, "report_edition_gzips", (d) => ({
    edition_id: d.edition_id,
    lang: d.lang,
    body: gzipSync(d.document),
  }));
}

/**
 * An edition's document in `lang` gzip-compressed, exactly as stored when decompressed
 * (what the API sends to clients that accept gzip), or null when it has none stored.
 */
export async function findEditionGzip(
  db: Kysely<DB>,
  editionId: string,
  lang: Language,
): Promise<Buffer | null> {
  const [row] = await memoRows(db, "findEditionGzip", [editionId, lang], () =>
    db
      .selectFrom("report_edition_gzips")
      .select("body")
      .where("edition_id", "=", editionId)
      .where("lang", "=", lang),
  );
  return row ? Buffer.from(row.body.buffer, row.body.byteOffset, row.body.byteLength) : null;
}

/** An edition's document in `lang` as stored (its JSON text and SHA-256), or null. */
export async function findEditionDocument(
  db: Kysely<DB>,
  editionId: string,
  lang: Language,
): Promise<{ json: string; sha256: string } | null> {
  const [row] = await memoRows(db, "findEditionDocument", [editionId, lang], () =>
    db
      .selectFrom("report_edition_documents")
      .select(["document", "sha256"])
      .where("edition_id", "=", editionId)
      .where("lang", "=", lang),
  );
  return row ? { json: row.document, sha256: row.sha256 } : null;
}

/** Documents (~50 KB each) read by one statement of findEditionDocuments at most. */
const DOCUMENTS_AT_ONCE = 20;

/**
 * Stored edition documents, each of an edition in a language (findEditionDocument for
 * several, in one statement for a few), by `${editionId}\u0000${lang}`; those not stored are
 * absent.
 */
export async function findEditionDocuments(
  db: Kysely<DB>,
  wanted: readonly { editionId: string; lang: Language }[],
): Promise<Map<string, { json: string; sha256: string }>> {
  const rows = await inChunks(
    wanted,
    (part) =>
      db
        .selectFrom("report_edition_documents")
        .select(["edition_id", "lang", "document", "sha256"])
        .where((eb) =>
          eb.or(
            part.map((k) => eb.and([eb("edition_id", "=", k.editionId), eb("lang", "=", k.lang)])),
          ),
        )
        .execute(),
    DOCUMENTS_AT_ONCE,
  );
  return new Map(
    rows.map((r) => [`${r.edition_id}\u0000${r.lang}`, { json: r.document, sha256: r.sha256 }]),
  );
}

/** A stored file of an edition, or null when it was never rendered. */
export async function findEditionFile(
  db: Kysely<DB>,
  editionId: string,
  variant: string,
): Promise<EditionFile | null> {
  const row = await db
    .selectFrom("report_edition_files")
    .selectAll()
    .where("edition_id", "=", editionId)
    .where("variant", "=", variant)
    .executeTakeFirst();
  return row
    ? {
        body: Buffer.from(row.body, "base64"),
        contentType: row.content_type,
        fileName: row.file_name,
        sha256: row.sha256,
      }
    : null;
}

/**
 * Stores a file of an edition unless one is stored already (two instances rendering it at
 * once: the first stored wins); returns the stored one, so every reader gets the same bytes.
 */
export async function storeEditionFile(
  db: Kysely<DB>,
  editionId: string,
  variant: string,
  file: { body: Uint8Array; contentType: string; fileName: string },
  now: string,
): Promise<EditionFile> {
  await db
    .insertInto("report_edition_files")
    .values({
      edition_id: editionId,
      variant,
      content_type: file.contentType,
      file_name: file.fileName,
      body: Buffer.from(file.body).toString("base64"),
      sha256: sha256(file.body),
      created_at: now,
    })
    .onConflict((oc) => oc.columns(["edition_id", "variant"]).doNothing())
    .execute();
  const stored = await findEditionFile(db, editionId, variant);
  if (!stored) throw new Error("an edition file was stored and is gone");
  return stored;
}
