import type { Kysely } from "kysely";

// Accounts people manage themselves, and sign-in failures counted where every instance
// of the app sees them.
//
// - account_links: invitations and password resets, one row per link sent by e-mail;
//   only the SHA-256 of the link's secret is kept; used once, then marked.
// - sign_in_failures: failed sign-ins in the current window, per key ("a <address>" for an
//   address across accounts, "e <address> <e-mail>" for an address and an account), with
//   how often the key was blocked before (each block lasts longer). A row is deleted once
//   its window and block are over, so addresses are kept no longer than a limit needs.

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the database as it was then
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable("account_links")
    .addColumn("id_hash", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    /** invite or reset. */
    .addColumn("purpose", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .execute();
  await db.schema
    .createIndex("account_links_user_idx")
    .on("account_links")
    .column("user_id")
    .execute();

  await db.schema
    .createTable("sign_in_failures")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("failures", "integer", (c) => c.notNull())
    .addColumn("window_ends_at", "text", (c) => c.notNull())
    /** How many times this key was blocked (the next block lasts twice as long). */
    .addColumn("strikes", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("blocked_until", "text")
    /** When the row may be forgotten: after its window, its block and its strikes' memory. */
    .addColumn("forget_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("sign_in_failures_forget_idx")
    .on("sign_in_failures")
    .column("forget_at")
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable("sign_in_failures").execute();
  await db.schema.dropTable("account_links").execute();
}
