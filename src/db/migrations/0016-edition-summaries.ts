import type { Kysely } from "kysely";

// What the execution-by-year page shows of a published edition (its title and progress
// summary, per language) never changes once the edition is written: it is computed then
// and stored here, so the page reads ~0.5 KB per plan instead of parsing its ~50 KB
// document. A table of its own, not a column of report_edition_documents: on SQLite a
// column after a document of tens of kilobytes is reached only by walking the document's
// overflow pages. Editions written before this migration get theirs after it
// (fillEditionSummaries, run after every migration run): a migration is frozen in time,
// and the summary is computed by today's code.

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the database as it was then
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable("report_edition_summaries")
    .addColumn("edition_id", "text", (c) =>
      c.notNull().references("report_editions.id").onDelete("cascade"),
    )
    .addColumn("lang", "text", (c) => c.notNull())
    /** JSON: { title, summary } (see core/edition-summary.ts). */
    .addColumn("summary", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("report_edition_summaries_pk", ["edition_id", "lang"])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable("report_edition_summaries").execute();
}
