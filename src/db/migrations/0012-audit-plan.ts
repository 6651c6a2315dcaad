import type { Kysely } from "kysely";

// The plan a change was made in, on audit entries of plan content: a plan's history
// (deleted items included, whose rows are gone) is read by plan.

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the database as it was then
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema.alterTable("audit_log").addColumn("plan_id", "text").execute();
  await db.schema
    .createIndex("audit_log_plan_idx")
    .on("audit_log")
    .columns(["plan_id", "entity_kind"])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex("audit_log_plan_idx").execute();
  await db.schema.alterTable("audit_log").dropColumn("plan_id").execute();
}
