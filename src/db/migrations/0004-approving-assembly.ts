import type { Kysely } from "kysely";

// Which Assembly approved a plan (its ordinal among the plan's assemblies): the 2023 plan was
// approved by the XVI Assembly and its report goes to the XVII, so "the last one" is wrong.

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the database as it was then
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema.alterTable("plans").addColumn("approved_by_assembly", "integer").execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable("plans").dropColumn("approved_by_assembly").execute();
}
