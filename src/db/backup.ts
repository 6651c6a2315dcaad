/**
 * Logical backups: every table's rows as JSON lines (gzip), read inside one snapshot, with
 * the schema's migration names, so a backup restores into SQLite or PostgreSQL alike (the
 * schema uses portable column types only) and into a newer release: restoring builds the
 * backup's schema, loads the rows, then runs the newer migrations over them.
 *
 * Format `workplan-backup/1`, one JSON value per line:
 *   {"format":"workplan-backup/1","createdAt":…,"dialect":…,"migrations":[…],"tables":[…]}
 *   {"t":"plans","r":{…}}            one line per row, tables in foreign-key order
 *   {"end":true,"rows":{"plans":1,…}} the trailer: a backup without it was cut short
 * A binary value (BLOB / bytea: the documents of `texts` and `citations`) is written as
 * `{"$base64":"…"}` and read back as bytes.
 *
 * Sessions are left out: they are credentials of the moment, and a restore signs everyone out.
 */
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { createGunzip, createGzip } from "node:zlib";
import { type Kysely, PostgresAdapter, sql } from "kysely";
import { AppError } from "../core/errors.ts";
import type { Dialect } from "./create-db.ts";
import { MIGRATION_TABLES, MIGRATIONS, migrateTo, migrateToLatest } from "./migrate.ts";

export const BACKUP_FORMAT = "workplan-backup/1";
const LEFT_OUT = new Set(["sessions"]);
const PAGE = 2000;

type Header = {
  format: string;
  createdAt: string;
  dialect: Dialect;
  migrations: string[];
  tables: string[];
};
type Row = Record<string, unknown>;
// biome-ignore lint/suspicious/noExplicitAny: backups read and write whatever tables the schema has
type AnyDb = Kysely<any>;

/** The app's tables, parents before children (by their foreign keys). */
export async function tablesInOrder(db: AnyDb, dialect: Dialect): Promise<string[]> {
  const tables = (await db.introspection.getTables())
    .map((t) => t.name)
    .filter((name) => !MIGRATION_TABLES.includes(name));
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of await foreignKeys(db, dialect, tables)) {
    if (child !== parent) parents.get(child)?.add(parent);
  }
  const ordered: string[] = [];
  const seen = new Set<string>();
  const visit = (t: string) => {
    if (seen.has(t)) return;
    seen.add(t);
    for (const p of [...(parents.get(t) ?? [])].sort()) visit(p);
    ordered.push(t);
  };
  for (const t of [...tables].sort()) visit(t);
  return ordered;
}

async function foreignKeys(
  db: AnyDb,
  dialect: Dialect,
  tables: string[],
): Promise<{ child: string; parent: string }[]> {
  if (dialect === "postgres") {
    const { rows } = await sql<{ child: string; parent: string }>`
      SELECT cl.relname AS child, pcl.relname AS parent
      FROM pg_constraint c
      JOIN pg_class cl ON cl.oid = c.conrelid
      JOIN pg_class pcl ON pcl.oid = c.confrelid
      JOIN pg_namespace n ON n.oid = cl.relnamespace
      WHERE c.contype = 'f' AND n.nspname = current_schema()`.execute(db);
    return rows;
  }
  const out: { child: string; parent: string }[] = [];
  for (const child of tables) {
    const { rows } = await sql<{ table: string }>`
      SELECT "table" FROM pragma_foreign_key_list(${child})`.execute(db);
    for (const r of rows) out.push({ child, parent: r.table });
  }
  return out;
}

async function appliedMigrations(db: AnyDb): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    SELECT name FROM kysely_migration ORDER BY name`.execute(db);
  return rows.map((r) => r.name);
}

/**
 * Writes a backup of the whole database to `out` (gzip of JSON lines), reading one consistent
 * snapshot. Returns the row count per table.
 */
export async function backupDatabase(
  db: AnyDb,
  dialect: Dialect,
  out: NodeJS.WritableStream,
  now: Date,
): Promise<Record<string, number>> {
  const gzip = createGzip();
  const done = new Promise<void>((resolve, reject) => {
    out.on("error", reject);
    out.on("finish", resolve);
  });
  gzip.pipe(out);
  const write = async (value: unknown) => {
    if (!gzip.write(`${JSON.stringify(value)}\n`)) {
      await new Promise((resolve) => gzip.once("drain", resolve));
    }
  };
  const counts: Record<string, number> = {};
  const read = db.transaction();
  await (dialect === "postgres" ? read.setIsolationLevel("repeatable read") : read).execute(
    async (tx) => {
      const tables = (await tablesInOrder(tx, dialect)).filter((t) => !LEFT_OUT.has(t));
      const header: Header = {
        format: BACKUP_FORMAT,
        createdAt: now.toISOString(),
        dialect,
        migrations: await appliedMigrations(tx),
        tables,
      };
      await write(header);
      for (const t of tables) {
        counts[t] = 0;
        const columns =
          (await tx.introspection.getTables())
            .find((x) => x.name === t)
            ?.columns.map((c) => c.name) ?? [];
        for (let offset = 0; ; offset += PAGE) {
          // A stable order over every column, so pages neither skip nor repeat a row.
          let q = tx.selectFrom(t).selectAll();
          for (const c of columns) q = q.orderBy(c);
          const rows: Row[] = await q.limit(PAGE).offset(offset).execute();
          for (const r of rows) await write({ t, r: encodeBytes(r) });
          counts[t] += rows.length;
          if (rows.length < PAGE) break;
        }
      }
    },
  );
  await write({ end: true, rows: counts });
  gzip.end();
  await done;
  return counts;
}

/** A row with its binary values as `{"$base64": …}`, which JSON can carry. */
function encodeBytes(r: Row): Row {
  let out: Row | undefined;
  for (const k in r) {
    const v = r[k];
    if (v instanceof Uint8Array) {
      out ??= { ...r };
      out[k] = { $base64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64") };
    }
  }
  return out ?? r;
}

/** The row `encodeBytes` wrote, with its binary values as bytes again. */
function decodeBytes(r: Row): Row {
  let out: Row | undefined;
  for (const k in r) {
    const v = r[k] as { $base64?: unknown } | null;
    if (v !== null && typeof v === "object" && typeof v.$base64 === "string") {
      out ??= { ...r };
      out[k] = Buffer.from(v.$base64, "base64");
    }
  }
  return out ?? r;
}

/** A backup's values, line by line (gzip or plain), streamed: a backup may be large. */
async function* backupLines(input: NodeJS.ReadableStream): AsyncGenerator<unknown> {
  const source = input[Symbol.asyncIterator]();
  const first = await source.next();
  if (first.done) return;
  const head = Buffer.from(first.value as Buffer);
  const whole = Readable.from(
    (async function* () {
      yield head;
      for (let c = await source.next(); !c.done; c = await source.next()) yield c.value;
    })(),
  );
  const gzipped = head[0] === 0x1f && head[1] === 0x8b;
  const text = gzipped ? whole.pipe(createGunzip()) : whole;
  let line = 0;
  try {
    for await (const raw of createInterface({ input: text, crlfDelay: Number.POSITIVE_INFINITY })) {
      line++;
      if (raw.trim() === "") continue;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        throw new AppError("invalid_input", `the backup is damaged at line ${line}: not JSON`);
      }
      yield value;
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError("invalid_input", `the backup is damaged: ${(e as Error).message}`);
  }
}

/**
 * Restores a backup into an empty database (no tables; `createDb(url, { migrate: false })`
 * on a new file or database): builds the backup's schema, loads every row in one
 * transaction, then brings the schema to this release's newest. Refuses a backup from a
 * newer release, a damaged or cut-short one, and a database that has tables already.
 */
export async function restoreDatabase(
  db: AnyDb,
  input: NodeJS.ReadableStream,
): Promise<{ rows: Record<string, number>; upgradedBy: string[] }> {
  const existing = (await db.introspection.getTables()).filter(
    (t) => !MIGRATION_TABLES.includes(t.name),
  );
  if (existing.length > 0) {
    throw new AppError(
      "conflict",
      `the database to restore into is not empty (it has ${existing.length} tables): restore into a new database`,
    );
  }
  const lines = backupLines(input);
  const first = await lines.next();
  const header = first.value as Header | undefined;
  if (!header || header.format !== BACKUP_FORMAT) {
    throw new AppError("invalid_input", `not a workplan backup (expected ${BACKUP_FORMAT})`);
  }
  const unknown = header.migrations.filter((m) => !(m in MIGRATIONS));
  if (unknown.length > 0) {
    throw new AppError(
      "invalid_input",
      `the backup comes from a newer release (schema ${unknown.join(", ")}): restore it with that release or a later one`,
    );
  }
  const last = header.migrations.at(-1);
  if (last) await migrateTo(db, last);
  const counts: Record<string, number> = {};
  let trailer: { end: true; rows: Record<string, number> } | undefined;
  await db.transaction().execute(async (tx) => {
    let batch: { table: string; rows: Row[] } | undefined;
    const flush = async () => {
      if (batch && batch.rows.length > 0)
        await tx.insertInto(batch.table).values(batch.rows).execute();
      batch = undefined;
    };
    for await (const value of lines) {
      const v = value as { t?: string; r?: Row; end?: true; rows?: Record<string, number> };
      if (v.end) {
        trailer = { end: true, rows: v.rows ?? {} };
        continue;
      }
      if (trailer) throw new AppError("invalid_input", "the backup has rows after its end");
      if (!v.t || !v.r || !header.tables.includes(v.t)) {
        throw new AppError("invalid_input", `the backup has a row of an unknown table (${v.t})`);
      }
      if (batch?.table !== v.t || batch.rows.length >= 200) await flush();
      batch ??= { table: v.t, rows: [] };
      batch.rows.push(decodeBytes(v.r));
      counts[v.t] = (counts[v.t] ?? 0) + 1;
    }
    await flush();
    if (!trailer) throw new AppError("invalid_input", "the backup was cut short (no end line)");
    for (const t of header.tables) {
      if ((trailer.rows[t] ?? 0) !== (counts[t] ?? 0)) {
        throw new AppError(
          "invalid_input",
          `the backup is incomplete: ${t} has ${counts[t] ?? 0} rows of ${trailer.rows[t] ?? 0}`,
        );
      }
    }
  });
  // PostgreSQL plans its queries from statistics, which a freshly loaded database has none
  // of until autovacuum comes by (if it runs at all): without them it scans whole tables
  // where an index would do (freezing first editions crawled at ~4 plans/s). SQLite plans
  // from its indexes alone.
  if (db.getExecutor().adapter instanceof PostgresAdapter) await sql`analyze`.execute(db);
  const upgradedBy = await migrateToLatest(db);
  return { rows: counts, upgradedBy };
}
