import type { Kysely } from "kysely";
import type { DB } from "./schema.ts";

/** The last check of one source's link (migration 0002-link-checks). */
export type LinkCheckRow = {
  source_id: string;
  plan_id: string;
  url: string;
  /** 1 for a final 2xx answer, else 0. */
  ok: number;
  status_code: number | null;
  error: string | null;
  final_url: string | null;
  redirects: number;
  checked_at: string;
};

type LinkTables = { link_checks: LinkCheckRow };
const linkDb = (db: Kysely<DB>) => db.withTables<LinkTables>();

export type LinkCheckRecord = {
  /** The source's number in its plan (its footnote id). */
  source: number;
  url: string;
  ok: boolean;
  status: number | null;
  error: string | null;
  finalUrl: string | null;
  redirects: number;
  checkedAt: string;
  /** False when the source's URL changed since: the check no longer says anything. */
  current: boolean;
};

export type LinkCheckInput = Omit<LinkCheckRecord, "source" | "current"> & {
  sourceId: string;
  planId: string;
};

/** Records (replaces) the last check of a source's link. */
export async function saveLinkCheck(db: Kysely<DB>, c: LinkCheckInput): Promise<void> {
  const row: LinkCheckRow = {
    source_id: c.sourceId,
    plan_id: c.planId,
    url: c.url,
    ok: c.ok ? 1 : 0,
    status_code: c.status,
    error: c.error,
    final_url: c.finalUrl,
    redirects: c.redirects,
    checked_at: c.checkedAt,
  };
  const { source_id: _key, ...rest } = row;
  await linkDb(db)
    .insertInto("link_checks")
    .values(row)
    .onConflict((oc) => oc.column("source_id").doUpdateSet(rest))
    .execute();
}

/** The last checks of a plan's links, by source number. */
export async function listLinkChecks(
  db: Kysely<DB>,
  planId: string,
  opts: { brokenOnly?: boolean } = {},
): Promise<LinkCheckRecord[]> {
  let q = linkDb(db)
    .selectFrom("link_checks")
    .innerJoin("sources", "sources.id", "link_checks.source_id")
    .selectAll("link_checks")
    .select(["sources.number", "sources.url as source_url"])
    .where("link_checks.plan_id", "=", planId);
  if (opts.brokenOnly) q = q.where("link_checks.ok", "=", 0);
  const rows = await q.orderBy("sources.number").execute();
  return rows.map((r) => ({
    source: r.number,
    url: r.url,
    ok: r.ok === 1,
    status: r.status_code,
    error: r.error,
    finalUrl: r.final_url,
    redirects: r.redirects,
    checkedAt: r.checked_at,
    current: r.source_url === r.url,
  }));
}
