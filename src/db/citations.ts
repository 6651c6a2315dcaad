import type { Kysely } from "kysely";
import { AppError } from "../core/errors.ts";
import type { CitationOwner, CitationRow, DB } from "./schema.ts";

// Ordered lists of cited sources. Rows point at sources by row id; documents speak of
// sources by their plan-local number, so these helpers translate both ways.

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
): Promise<CitationBag> {
  if (ownerIds && ownerIds.length === 0) return new CitationBag([]);
  let q = db
    .selectFrom("citations")
    .innerJoin("sources", "sources.id", "citations.source_id")
    .select(["citations.owner_kind", "citations.owner_id", "sources.number"])
    .where("citations.plan_id", "=", planId);
  if (ownerIds) q = q.where("citations.owner_id", "in", [...ownerIds]);
  return new CitationBag(await q.orderBy("citations.position").execute());
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

export function citationRows(
  planId: string,
  kind: CitationOwner,
  ownerId: string,
  numbers: readonly number[],
  ids: ReadonlyMap<number, string>,
  path: string,
): CitationRow[] {
  return numbers.map((n, i) => ({
    plan_id: planId,
    owner_kind: kind,
    owner_id: ownerId,
    position: i,
    source_id: sourceIdOf(ids, n, `${path}.${i}`),
  }));
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
  const rows = citationRows(planId, kind, ownerId, numbers, ids, path);
  await deleteCitations(db, planId, kind, [ownerId]);
  if (rows.length > 0) await db.insertInto("citations").values(rows).execute();
}

export async function deleteCitations(
  db: Kysely<DB>,
  planId: string,
  kind: CitationOwner,
  ownerIds: readonly string[],
): Promise<void> {
  if (ownerIds.length === 0) return;
  await db
    .deleteFrom("citations")
    .where("plan_id", "=", planId)
    .where("owner_kind", "=", kind)
    .where("owner_id", "in", [...ownerIds])
    .execute();
}
