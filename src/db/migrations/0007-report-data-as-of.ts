import type { Kysely } from "kysely";

// The day an approved execution report's data stand as of (an ISO date, recorded when the
// report is approved): its dashboard is shown as of that day, never as of today.

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the database as it was then
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema.alterTable("plans").addColumn("report_data_as_of", "text").execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable("plans").dropColumn("report_data_as_of").execute();
}
