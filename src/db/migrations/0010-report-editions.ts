import type { Kysely } from "kysely";

// The published report as frozen editions. Approving a report records the body that approved
// it (its name, date and place) and, for a later edition, the summary of its corrections;
// publishing makes edition N: the plan document as published in every language (JSON, with
// its SHA-256), and each file rendered from it is stored once (base64, with its SHA-256) and
// served byte-identical from then on.

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the database as it was then
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema.alterTable("plans").addColumn("report_approved_by", "text").execute();
  await db.schema.alterTable("plans").addColumn("report_approved_on", "text").execute();
  await db.schema.alterTable("plans").addColumn("report_approved_place", "text").execute();
  await db.schema.alterTable("plans").addColumn("report_corrections", "text").execute();

  await db.schema
    .createTable("report_editions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("plan_id", "text", (c) => c.notNull().references("plans.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("published_at", "text", (c) => c.notNull())
    .addColumn("published_by", "text")
    .addColumn("data_as_of", "text", (c) => c.notNull())
    .addColumn("approved_by", "text")
    .addColumn("approved_on", "text")
    .addColumn("approved_place", "text")
    /** The human-written summary of corrections (null for the first edition). */
    .addColumn("corrections", "text")
    /** JSON: the generated list of what changed since the previous edition. */
    .addColumn("changes", "text", (c) => c.notNull())
    .addUniqueConstraint("report_editions_plan_number_unique", ["plan_id", "number"])
    .execute();

  await db.schema
    .createTable("report_edition_documents")
    .addColumn("edition_id", "text", (c) =>
      c.notNull().references("report_editions.id").onDelete("cascade"),
    )
    .addColumn("lang", "text", (c) => c.notNull())
    .addColumn("document", "text", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("report_edition_documents_pk", ["edition_id", "lang"])
    .execute();

  await db.schema
    .createTable("report_edition_files")
    .addColumn("edition_id", "text", (c) =>
      c.notNull().references("report_editions.id").onDelete("cascade"),
    )
    /** Format, language and options: which file of the edition this is. */
    .addColumn("variant", "text", (c) => c.notNull())
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("report_edition_files_pk", ["edition_id", "variant"])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable("report_edition_files").execute();
  await db.schema.dropTable("report_edition_documents").execute();
  await db.schema.dropTable("report_editions").execute();
  for (const c of [
    "report_corrections",
    "report_approved_place",
    "report_approved_on",
    "report_approved_by",
  ]) {
    await db.schema.alterTable("plans").dropColumn(c).execute();
  }
}
