import type { Kysely } from "kysely";

// What a user wants from mail: the language of their reminders, and whether to get them.

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the database as it was then
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable("user_preferences")
    .addColumn("user_id", "text", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    /** en, es or pt; null: the plan's original language. */
    .addColumn("language", "text")
    /** 1: weekly reminder digests wanted (the default), 0: not. */
    .addColumn("reminders", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable("user_preferences").execute();
}
