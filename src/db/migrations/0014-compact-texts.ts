import { type Kysely, PostgresAdapter, sql } from "kysely";

// `texts` and `citations` were most of a database's bytes (5 KB per activity at a million
// activities): each row carried its UUID keys three times, in the table, in its primary key
// index and in a plan index (and citations once more in a source index). Both are read by
// plan, so their primary key now starts with plan_id and is the table itself (SQLite
// WITHOUT ROWID; PostgreSQL keeps its heap and one key index): no other index. Citations
// no longer reference sources by foreign key (a source's removal rewrites what cites it
// first, deleteSourceRow); without that key no index on source_id is needed either, and a
// plan's deletion takes its citations by plan_id.

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the database as it was then
type Db = Kysely<any>;

const TEXTS_KEY = ["plan_id", "owner_kind", "owner_id", "field", "lang"] as const;
const CITATIONS_KEY = ["plan_id", "owner_kind", "owner_id", "position"] as const;

export async function up(db: Db): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table texts drop constraint texts_pk`.execute(db);
    await sql`drop index if exists texts_plan_lang_idx`.execute(db);
    await db.schema
      .alterTable("texts")
      .addPrimaryKeyConstraint("texts_pk", [...TEXTS_KEY])
      .execute();
    await sql`alter table citations drop constraint citations_pk`.execute(db);
    await sql`alter table citations drop constraint if exists citations_source_id_fkey`.execute(db);
    await sql`drop index if exists citations_plan_idx`.execute(db);
    await sql`drop index if exists citations_source_idx`.execute(db);
    await db.schema
      .alterTable("citations")
      .addPrimaryKeyConstraint("citations_pk", [...CITATIONS_KEY])
      .execute();
    return;
  }
  // SQLite changes no key in place: each table is built anew and its rows copied over.
  await db.schema
    .createTable("texts_new")
    .addColumn("plan_id", "text", (c) => c.notNull().references("plans.id").onDelete("cascade"))
    .addColumn("owner_kind", "text", (c) => c.notNull())
    .addColumn("owner_id", "text", (c) => c.notNull())
    .addColumn("field", "text", (c) => c.notNull())
    .addColumn("lang", "text", (c) => c.notNull())
    .addColumn("value", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("texts_pk", [...TEXTS_KEY])
    .modifyEnd(sql`without rowid`)
    .execute();
  await sql`insert into texts_new (plan_id, owner_kind, owner_id, field, lang, value)
    select plan_id, owner_kind, owner_id, field, lang, value from texts`.execute(db);
  await db.schema.dropTable("texts").execute();
  await db.schema.alterTable("texts_new").renameTo("texts").execute();

  await db.schema
    .createTable("citations_new")
    .addColumn("plan_id", "text", (c) => c.notNull().references("plans.id").onDelete("cascade"))
    .addColumn("owner_kind", "text", (c) => c.notNull())
    .addColumn("owner_id", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("source_id", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("citations_pk", [...CITATIONS_KEY])
    .modifyEnd(sql`without rowid`)
    .execute();
  await sql`insert into citations_new (plan_id, owner_kind, owner_id, position, source_id)
    select plan_id, owner_kind, owner_id, position, source_id from citations`.execute(db);
  await db.schema.dropTable("citations").execute();
  await db.schema.alterTable("citations_new").renameTo("citations").execute();
}

/** Back to the keys of 0001 (owner first) with their plan, language and source indexes. */
export async function down(db: Db): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table texts drop constraint texts_pk`.execute(db);
    await db.schema
      .alterTable("texts")
      .addPrimaryKeyConstraint("texts_pk", ["owner_kind", "owner_id", "field", "lang"])
      .execute();
    await sql`alter table citations drop constraint citations_pk`.execute(db);
    await db.schema
      .alterTable("citations")
      .addPrimaryKeyConstraint("citations_pk", ["owner_kind", "owner_id", "position"])
      .execute();
    await sql`alter table citations add constraint citations_source_id_fkey foreign key (source_id) references sources (id) on delete cascade`.execute(
      db,
    );
  } else {
    await db.schema
      .createTable("texts_old")
      .addColumn("plan_id", "text", (c) => c.notNull().references("plans.id").onDelete("cascade"))
      .addColumn("owner_kind", "text", (c) => c.notNull())
      .addColumn("owner_id", "text", (c) => c.notNull())
      .addColumn("field", "text", (c) => c.notNull())
      .addColumn("lang", "text", (c) => c.notNull())
      .addColumn("value", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("texts_pk", ["owner_kind", "owner_id", "field", "lang"])
      .execute();
    await sql`insert into texts_old select plan_id, owner_kind, owner_id, field, lang, value from texts`.execute(
      db,
    );
    await db.schema.dropTable("texts").execute();
    await db.schema.alterTable("texts_old").renameTo("texts").execute();
    await db.schema
      .createTable("citations_old")
      .addColumn("plan_id", "text", (c) => c.notNull().references("plans.id").onDelete("cascade"))
      .addColumn("owner_kind", "text", (c) => c.notNull())
      .addColumn("owner_id", "text", (c) => c.notNull())
      .addColumn("position", "integer", (c) => c.notNull())
      .addColumn("source_id", "text", (c) =>
        c.notNull().references("sources.id").onDelete("cascade"),
      )
      .addPrimaryKeyConstraint("citations_pk", ["owner_kind", "owner_id", "position"])
      .execute();
    await sql`insert into citations_old select plan_id, owner_kind, owner_id, position, source_id from citations`.execute(
      db,
    );
    await db.schema.dropTable("citations").execute();
    await db.schema.alterTable("citations_old").renameTo("citations").execute();
  }
  const indexes: [string, string, string[]][] = [
    ["texts_plan_lang_idx", "texts", ["plan_id", "lang"]],
    ["citations_plan_idx", "citations", ["plan_id"]],
    ["citations_source_idx", "citations", ["source_id"]],
  ];
  for (const [name, table, columns] of indexes) {
    await db.schema.createIndex(name).on(table).columns(columns).execute();
  }
}
