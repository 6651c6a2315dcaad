/**
 * The public pages of published editions as rendered (migration 0018): one row per (edition,
 * page, language), replaced when another build or key renders it again.
 */
import type { Kysely } from "kysely";
import { memoRows } from "./compiled.ts";
import type { DB } from "./schema.ts";

/** A stored page: what it was rendered under, and its HTML gzip-compressed. */
export type StoredPage = { buildId: string; key: string; body: Buffer };

export async function findPublicPage(
  db: Kysely<DB>,
  editionId: string,
  page: string,
  lang: string,
): Promise<StoredPage | null> {
  const [row] = await memoRows(db, "findPublicPage", [editionId, page, lang], () =>
    db
      .selectFrom("public_pages")
      .select(["build_id", "key", "body"])
      .where("edition_id", "=", editionId)
      .where("page", "=", page)
      .where("lang", "=", lang),
  );
  return row
    ? {
        buildId: row.build_id,
        key: row.key,
        body: Buffer.from(row.body.buffer, row.body.byteOffset, row.body.byteLength),
      }
    : null;
}

/** Stores the page, replacing what another build (or key) stored for it. */
export async function savePublicPage(
  db: Kysely<DB>,
  row: { editionId: string; page: string; lang: string; now: string } & StoredPage,
): Promise<void> {
  const values = {
    edition_id: row.editionId,
    page: row.page,
    lang: row.lang,
    build_id: row.buildId,
    key: row.key,
    body: row.body,
    created_at: row.now,
  };
  await db
    .insertInto("public_pages")
    .values(values)
    .onConflict((oc) =>
      oc.columns(["edition_id", "page", "lang"]).doUpdateSet({
        build_id: values.build_id,
        key: values.key,
        body: values.body,
        created_at: values.created_at,
      }),
    )
    .execute();
}

/** A published plan's latest edition, by its network and year. */
export type PublishedPlan = { planId: string; editionId: string; network: string; year: number };

/**
 * Plans whose latest edition has fewer than `langs` pages `page` stored by `buildId`, after
 * plan `after` in id order, at most `limit`: what a server warms after a deploy.
 */
export async function listPlansLackingPages(
  db: Kysely<DB>,
  input: { page: string; buildId: string; langs: number; after: string; limit: number },
): Promise<PublishedPlan[]> {
  const rows = await db
    .selectFrom("report_editions as e")
    .innerJoin("plans as p", "p.id", "e.plan_id")
    .innerJoin("networks as n", "n.id", "p.network_id")
    .select(["p.id as planId", "e.id as editionId", "n.slug as network", "p.year as year"])
    .where("p.id", ">", input.after)
    .where((eb) =>
      eb(
        "e.number",
        "=",
        eb
          .selectFrom("report_editions as l")
          .select((l) => l.fn.max("l.number").as("n"))
          .whereRef("l.plan_id", "=", "p.id"),
      ),
    )
    .where((eb) =>
      eb(
        eb
          .selectFrom("public_pages as pp")
          .select((s) => s.fn.countAll().as("c"))
          .whereRef("pp.edition_id", "=", "e.id")
          .where("pp.page", "=", input.page)
          .where("pp.build_id", "=", input.buildId),
        "<",
        input.langs,
      ),
    )
    .orderBy("p.id")
    .limit(input.limit)
    .execute();
  return rows.map((r) => ({ ...r, year: Number(r.year) }));
}
