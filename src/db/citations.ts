import type { Kysely } from "kysely";
import { AppError } from "../core/errors.ts";
import type { CitationOwner, DB } from "./schema.ts";
import { packDocument, unpackDocument } from "./texts.ts";

// Ordered lists of cited sources, one document per (plan, owner kind) in `citations`:
// `{ownerId: [sourceId, …]}` (deflated JSON, as texts). Lists point at sources by row id;
// documents speak of sources by their plan-local number, so these helpers translate both
// ways. Writes read, change and write back the one document inside the transaction that
// holds the plan (lockPlan).

const key = (kind: CitationOwner, id: string) => `${kind}\u0000${id}`;

/** Source numbers cited by each owner, in order. */
export class CitationBag {
  readonly #lists = new Map<string, number[]>();
  constructor(rows: readonly { owner_kind: CitationOwner; owner_id: string; number: number }[]) {
    for (const r of rows) {
      const k = key(r.owner_kind, r.owner_id);
      const list = this.#lists.get(k);
      if (list) list.push(r.number);
      else this.#lists.set(k, [r.number]);
    }
  }
  get(kind: CitationOwner, id: string): number[] {
    return [...(this.#lists.get(key(kind, id)) ?? [])];
  }
}

export async function loadCitations(
  db: Kysely<DB>,
  planId: string,
  ownerIds?: readonly string[],
  kinds?: readonly CitationOwner[],
): Promise<CitationBag> {
  if (ownerIds && ownerIds.length === 0) return new CitationBag([]);
  const docs = await loadCitationDocuments(db, planId, kinds);
  if (docs.length === 0) return new CitationBag([]);
  const numbers = new Map<string, number>();
  for (const [n, id] of await sourceIdsByNumber(db, planId)) numbers.set(id, n);
  return citationBagOf(docs, numbers, ownerIds);
}

/**
 * The bag of a plan's citation documents, given its sources' numbers by row id (of the
 * owners in `ownerIds`, when given).
 */
export function citationBagOf(
  docs: readonly StoredCitationDocument[],
  numbers: ReadonlyMap<string, number>,
  ownerIds?: readonly string[],
): CitationBag {
  const only = ownerIds ? new Set(ownerIds) : undefined;
  const rows: { owner_kind: CitationOwner; owner_id: string; number: number }[] = [];
  for (const d of docs) {
    for (const id in d.doc) {
      if (only && !only.has(id)) continue;
      for (const sourceId of d.doc[id] as string[]) {
        const number = numbers.get(sourceId);
        if (number !== undefined) rows.push({ owner_kind: d.kind, owner_id: id, number });
      }
    }
  }
  return new CitationBag(rows);
}

/** One document of `citations`: owner id → the row ids of the sources it cites, in order. */
export type CitationDocument = Record<string, string[]>;
export type StoredCitationDocument = { kind: CitationOwner; doc: CitationDocument };

/** A plan's citation documents (of some owner kinds, when given). */
export async function loadCitationDocuments(
  db: Kysely<DB>,
  planId: string,
  kinds?: readonly CitationOwner[],
): Promise<StoredCitationDocument[]> {
  let q = db.selectFrom("citations").select(["owner_kind", "value"]).where("plan_id", "=", planId);
  if (kinds) q = q.where("owner_kind", "in", [...kinds]);
  const rows = await q.execute();
  return rows.map((r) => ({ kind: r.owner_kind, doc: unpackDocument<CitationDocument>(r.value) }));
}

/** Writes a citation document back (removed when empty); `existed`: the plan had it. */
export async function saveCitationDocument(
  db: Kysely<DB>,
  planId: string,
  d: StoredCitationDocument,
  existed: boolean,
): Promise<void> {
  if (Object.keys(d.doc).length === 0) {
    if (existed) {
      await db
        .deleteFrom("citations")
        .where("plan_id", "=", planId)
        .where("owner_kind", "=", d.kind)
        .execute();
    }
    return;
  }
  const value = packDocument(d.doc);
  if (existed) {
    await db
      .updateTable("citations")
      .set({ value })
      .where("plan_id", "=", planId)
      .where("owner_kind", "=", d.kind)
      .execute();
  } else {
    await db
      .insertInto("citations")
      .values({ plan_id: planId, owner_kind: d.kind, value })
      .execute();
  }
}

/** Row ids of a plan's sources, by number. */
export async function sourceIdsByNumber(
  db: Kysely<DB>,
  planId: string,
): Promise<Map<number, string>> {
  const rows = await db
    .selectFrom("sources")
    .select(["id", "number"])
    .where("plan_id", "=", planId)
    .execute();
  return new Map(rows.map((r) => [r.number, r.id]));
}

/** The row id of source `n`; an unknown number is the caller's mistake, at `path`. */
export function sourceIdOf(ids: ReadonlyMap<number, string>, n: number, path: string): string {
  const id = ids.get(n);
  if (id === undefined) {
    throw new AppError("invalid_input", `source ${n} is cited but the plan has no such source`, [
      { path, message: `no source ${n}` },
    ]);
  }
  return id;
}

/** Collects a plan's new citation lists, by owner kind. */
export class CitationLists {
  /** Owner kind → owner id → cited source ids (a Map: see packDocument). */
  readonly docs = new Map<CitationOwner, Map<string, string[]>>();
  readonly planId: string;
  constructor(planId: string) {
    this.planId = planId;
  }
  /** An owner's list, by source numbers translated through `ids` (an unknown one fails at `path`). */
  add(
    kind: CitationOwner,
    ownerId: string,
    numbers: readonly number[],
    ids: ReadonlyMap<number, string>,
    path: string,
  ): void {
    if (numbers.length === 0) return;
    const list = numbers.map((n, i) => sourceIdOf(ids, n, `${path}.${i}`));
    let doc = this.docs.get(kind);
    if (!doc) {
      doc = new Map();
      this.docs.set(kind, doc);
    }
    doc.set(ownerId, list);
  }
}

/** Stores collected lists over the plan's (`fresh`: a new plan, with none to read first). */
export async function writeCitationLists(
  db: Kysely<DB>,
  lists: CitationLists,
  opts: { fresh?: boolean } = {},
): Promise<void> {
  if (lists.docs.size === 0) return;
  const kinds = [...lists.docs.keys()];
  if (opts.fresh) {
    // A new plan: its documents in one statement.
    await db
      .insertInto("citations")
      .values(
        kinds.map((kind) => ({
          plan_id: lists.planId,
          owner_kind: kind,
          value: packDocument(lists.docs.get(kind)),
        })),
      )
      .execute();
    return;
  }
  const stored = await loadCitationDocuments(db, lists.planId, kinds);
  for (const kind of kinds) {
    const added = lists.docs.get(kind) as Map<string, string[]>;
    const old = stored.find((d) => d.kind === kind);
    const doc: CitationDocument = old?.doc ?? {};
    for (const [id, list] of added) doc[id] = list;
    await saveCitationDocument(db, lists.planId, { kind, doc }, old !== undefined);
  }
}

/** Replaces an owner's list of cited sources. */
export async function setCitations(
  db: Kysely<DB>,
  planId: string,
  kind: CitationOwner,
  ownerId: string,
  numbers: readonly number[],
  path: string,
): Promise<void> {
  const ids = await sourceIdsByNumber(db, planId);
  const list = numbers.map((n, i) => sourceIdOf(ids, n, `${path}.${i}`));
  const old = (await loadCitationDocuments(db, planId, [kind]))[0];
  const doc = old?.doc ?? {};
  if (list.length > 0) doc[ownerId] = list;
  else if (ownerId in doc) delete doc[ownerId];
  else return;
  await saveCitationDocument(db, planId, { kind, doc }, old !== undefined);
}

export async function deleteCitations(
  db: Kysely<DB>,
  planId: string,
  kind: CitationOwner,
  ownerIds: readonly string[],
): Promise<void> {
  if (ownerIds.length === 0) return;
  const old = (await loadCitationDocuments(db, planId, [kind]))[0];
  if (!old) return;
  let changed = false;
  for (const id of ownerIds) {
    if (id in old.doc) {
      delete old.doc[id];
      changed = true;
    }
  }
  if (changed) await saveCitationDocument(db, planId, old, true);
}
