import { type Kysely, PostgresAdapter, sql } from "kysely";

// An edition's document in one language as the API sends it to clients that accept gzip
// (every browser and proxy): its stored JSON text gzip-compressed once, when the edition is
// written, so a request for it neither reads ~50 KB of text nor compresses it again. A table
// of its own (like the summaries), so neither read walks past the other's bytes. Editions
// written before this migration get theirs after it (fillEditionGzips, run after every
// migration run).

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the database as it was then
type Db = Kysely<any>;

const isPostgres = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable("report_edition_gzips")
    .addColumn("edition_id", "text", (c) =>
      c.notNull().references("report_editions.id").onDelete("cascade"),
    )
    .addColumn("lang", "text", (c) => c.notNull())
    /** The document's stored JSON text, gzip-compressed (RFC 1952): decompressed, byte-identical. */
    .addColumn("body", sql.raw(isPostgres(db) ? "bytea" : "blob"), (c) => c.notNull())
    .addPrimaryKeyConstraint("report_edition_gzips_pk", ["edition_id", "lang"])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable("report_edition_gzips").execute();
}
