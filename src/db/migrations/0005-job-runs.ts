import type { Kysely } from "kysely";

// Work that must happen once however many instances run (the weekly reminders): each run of a
// job claims its slot, and the primary key lets one instance win it.

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the database as it was then
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable("job_runs")
    .addColumn("job", "text", (c) => c.notNull())
    /** The instant the run was due, ISO 8601: the same for every instance. */
    .addColumn("slot", "text", (c) => c.notNull())
    .addColumn("instance", "text", (c) => c.notNull())
    .addColumn("started_at", "text", (c) => c.notNull())
    .addColumn("finished_at", "text")
    /** "ok", or the error's message. */
    .addColumn("outcome", "text")
    .addPrimaryKeyConstraint("job_runs_pk", ["job", "slot"])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable("job_runs").execute();
}
