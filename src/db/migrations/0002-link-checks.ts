import type { Kysely } from "kysely";

// The last check of each evidence link (one row per source, replaced by each check).

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the database as it was then
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable("link_checks")
    .addColumn("source_id", "text", (c) =>
      c.primaryKey().references("sources.id").onDelete("cascade"),
    )
    .addColumn("plan_id", "text", (c) => c.notNull().references("plans.id").onDelete("cascade"))
    /** The URL as checked: a check whose URL is no longer the source's is stale. */
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("ok", "integer", (c) => c.notNull())
    .addColumn("status_code", "integer")
    .addColumn("error", "text")
    .addColumn("final_url", "text")
    .addColumn("redirects", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("checked_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("link_checks_plan_idx").on("link_checks").column("plan_id").execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable("link_checks").execute();
}
