import { type Kysely, PostgresAdapter, sql } from "kysely";

// The public pages of a published edition, rendered once per build and kept with the edition
// (gzip-compressed HTML, as the portal sends it): a page of a published edition is a pure
// function of the edition, the page, its language and the code that renders it, so a server
// that never rendered it (a fresh one, another instance) reads it with one statement. A
// cache of the database's own: `build_id` says which code rendered it, `key` what it was
// rendered under (the public identity, the page's path and language); a row whose key is not
// the one a request asks under is rendered again and replaced.

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the database as it was then
type Db = Kysely<any>;

const isPostgres = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable("public_pages")
    .addColumn("edition_id", "text", (c) =>
      c.notNull().references("report_editions.id").onDelete("cascade"),
    )
    /** Which page of the edition: "plan" (its plan page). */
    .addColumn("page", "text", (c) => c.notNull())
    .addColumn("lang", "text", (c) => c.notNull())
    .addColumn("build_id", "text", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    /** The page's HTML, gzip-compressed (RFC 1952). */
    .addColumn("body", sql.raw(isPostgres(db) ? "bytea" : "blob"), (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("public_pages_pk", ["edition_id", "page", "lang"])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable("public_pages").execute();
}
