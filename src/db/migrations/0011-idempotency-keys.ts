import type { Kysely } from "kysely";

// What a creating POST sent with an Idempotency-Key answered, so a client retrying it
// (after a timeout or a 503) gets that answer again instead of creating the thing twice.

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the database as it was then
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable("idempotency_keys")
    /** Whose key it is: keys of different users never meet. */
    .addColumn("user_id", "text", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    /** A digest of the request (method, path, body): the same key with another request is refused. */
    .addColumn("request", "text", (c) => c.notNull())
    /** The use case's result as JSON, answered again on a retry. */
    .addColumn("result", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("idempotency_keys_pk", ["user_id", "key"])
    .execute();
  await db.schema
    .createIndex("idempotency_keys_created_at")
    .on("idempotency_keys")
    .column("created_at")
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable("idempotency_keys").execute();
}
