import { deflateRawSync, inflateRawSync } from "node:zlib";
import { type Kysely, PostgresAdapter, sql } from "kysely";

// After 0014, `texts` was still 60% of a database's bytes (one row per owner, field and
// language, each with its UUID keys) and `citations` 15% (one row per cited source). Both
// are read by plan, a plan's wordings all at once: they become documents, one row per
// (plan, owner kind, language) in `texts`, value `{ownerId: {field: wording}}`, and one per
// (plan, owner kind) in `citations`, value `{ownerId: [sourceId, …]}` (position = index).
// Values are JSON deflated by the app (raw deflate), BLOB on SQLite and bytea on
// PostgreSQL. The rows move plan by plan, so a large database is never all in memory.
// The packing is copied here, not imported: a migration is frozen in time. On SQLite the
// tables keep their rowid (not WITHOUT ROWID as in 0014): their values are kilobytes, and a
// rowid table's overflow pages are filled whole where an index-shaped table's are not.

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the database as it was then
type Db = Kysely<any>;

const pack = (value: unknown): Uint8Array => deflateRawSync(JSON.stringify(value), { level: 1 });
const unpack = <T>(bytes: Uint8Array): T => JSON.parse(inflateRawSync(bytes).toString("utf8")) as T;

const isPostgres = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;

/** Rows per INSERT when rows go back to one per wording (within both parameter limits). */
const CHUNK = 500;

async function planIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom("plans").select("id").orderBy("id").execute();
  return rows.map((r: { id: string }) => r.id);
}

async function insertChunked(db: Db, table: string, rows: Record<string, unknown>[]) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + CHUNK))
      .execute();
  }
}

export async function up(db: Db): Promise<void> {
  const bytes = isPostgres(db) ? "bytea" : "blob";
  await db.schema
    .createTable("texts_doc")
    .addColumn("plan_id", "text", (c) => c.notNull().references("plans.id").onDelete("cascade"))
    .addColumn("owner_kind", "text", (c) => c.notNull())
    .addColumn("lang", "text", (c) => c.notNull())
    .addColumn("value", sql.raw(bytes), (c) => c.notNull())
    .addPrimaryKeyConstraint("texts_doc_pk", ["plan_id", "owner_kind", "lang"])
    .execute();
  await db.schema
    .createTable("citations_doc")
    .addColumn("plan_id", "text", (c) => c.notNull().references("plans.id").onDelete("cascade"))
    .addColumn("owner_kind", "text", (c) => c.notNull())
    .addColumn("value", sql.raw(bytes), (c) => c.notNull())
    .addPrimaryKeyConstraint("citations_doc_pk", ["plan_id", "owner_kind"])
    .execute();
  for (const planId of await planIds(db)) {
    const texts: {
      owner_kind: string;
      owner_id: string;
      field: string;
      lang: string;
      value: string;
    }[] = await db
      .selectFrom("texts")
      .select(["owner_kind", "owner_id", "field", "lang", "value"])
      .where("plan_id", "=", planId)
      .orderBy("owner_kind")
      .orderBy("lang")
      .orderBy("owner_id")
      .orderBy("field")
      .execute();
    const docs = new Map<string, Record<string, Record<string, string>>>();
    for (const t of texts) {
      const k = `${t.owner_kind}\u0000${t.lang}`;
      const doc = docs.get(k) ?? {};
      docs.set(k, doc);
      const fields = doc[t.owner_id] ?? {};
      doc[t.owner_id] = fields;
      fields[t.field] = t.value;
    }
    const textRows = [...docs].map(([k, doc]) => {
      const [owner_kind, lang] = k.split("\u0000");
      return { plan_id: planId, owner_kind, lang, value: pack(doc) };
    });
    if (textRows.length > 0) await db.insertInto("texts_doc").values(textRows).execute();

    const citations: { owner_kind: string; owner_id: string; source_id: string }[] = await db
      .selectFrom("citations")
      .select(["owner_kind", "owner_id", "source_id"])
      .where("plan_id", "=", planId)
      .orderBy("owner_kind")
      .orderBy("owner_id")
      .orderBy("position")
      .execute();
    const lists = new Map<string, Record<string, string[]>>();
    for (const c of citations) {
      const doc = lists.get(c.owner_kind) ?? {};
      lists.set(c.owner_kind, doc);
      const list = doc[c.owner_id] ?? [];
      doc[c.owner_id] = list;
      list.push(c.source_id);
    }
    const citationRows = [...lists].map(([owner_kind, doc]) => ({
      plan_id: planId,
      owner_kind,
      value: pack(doc),
    }));
    if (citationRows.length > 0) {
      await db.insertInto("citations_doc").values(citationRows).execute();
    }
  }
  await db.schema.dropTable("texts").execute();
  await db.schema.alterTable("texts_doc").renameTo("texts").execute();
  await db.schema.dropTable("citations").execute();
  await db.schema.alterTable("citations_doc").renameTo("citations").execute();
}

/** Back to one row per wording and per cited source, keyed as 0014 left them. */
export async function down(db: Db): Promise<void> {
  const sqlite = !isPostgres(db);
  const planChild = (name: string) =>
    db.schema
      .createTable(name)
      .addColumn("plan_id", "text", (c) => c.notNull().references("plans.id").onDelete("cascade"))
      .addColumn("owner_kind", "text", (c) => c.notNull())
      .addColumn("owner_id", "text", (c) => c.notNull());
  const texts = planChild("texts_rows")
    .addColumn("field", "text", (c) => c.notNull())
    .addColumn("lang", "text", (c) => c.notNull())
    .addColumn("value", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("texts_pk", ["plan_id", "owner_kind", "owner_id", "field", "lang"]);
  await (sqlite ? texts.modifyEnd(sql`without rowid`) : texts).execute();
  const citations = planChild("citations_rows")
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("source_id", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("citations_pk", ["plan_id", "owner_kind", "owner_id", "position"]);
  await (sqlite ? citations.modifyEnd(sql`without rowid`) : citations).execute();

  for (const planId of await planIds(db)) {
    const docs: { owner_kind: string; lang: string; value: Uint8Array }[] = await db
      .selectFrom("texts")
      .select(["owner_kind", "lang", "value"])
      .where("plan_id", "=", planId)
      .execute();
    const textRows: Record<string, unknown>[] = [];
    for (const d of docs) {
      const doc = unpack<Record<string, Record<string, string>>>(d.value);
      for (const [owner_id, fields] of Object.entries(doc)) {
        for (const [field, value] of Object.entries(fields)) {
          textRows.push({
            plan_id: planId,
            owner_kind: d.owner_kind,
            owner_id,
            field,
            lang: d.lang,
            value,
          });
        }
      }
    }
    await insertChunked(db, "texts_rows", textRows);
    const lists: { owner_kind: string; value: Uint8Array }[] = await db
      .selectFrom("citations")
      .select(["owner_kind", "value"])
      .where("plan_id", "=", planId)
      .execute();
    const citationRows: Record<string, unknown>[] = [];
    for (const l of lists) {
      for (const [owner_id, ids] of Object.entries(unpack<Record<string, string[]>>(l.value))) {
        ids.forEach((source_id, position) => {
          citationRows.push({
            plan_id: planId,
            owner_kind: l.owner_kind,
            owner_id,
            position,
            source_id,
          });
        });
      }
    }
    await insertChunked(db, "citations_rows", citationRows);
  }
  await db.schema.dropTable("texts").execute();
  await db.schema.alterTable("texts_rows").renameTo("texts").execute();
  await db.schema.dropTable("citations").execute();
  await db.schema.alterTable("citations_rows").renameTo("citations").execute();
}
