// Writes a whole plan document into its tables (see schema.ts), and deletes one. Reading
// what was written (plan-document-read.repository.ts) gives an equal document.
import { CompiledQuery, type Insertable, type Kysely } from "kysely";
import type { PlanDocument } from "../core/plan.ts";
import { CitationLists, sourceIdOf, writeCitationLists } from "./citations.ts";
import { newId } from "./ids.ts";
import { activityCols, addActivityTexts, relationRows } from "./plan-document.rows.ts";
import type { CitationOwner, DB } from "./schema.ts";
import { TextRows, writeTextRows } from "./texts.ts";
import { timingColumns } from "./timing.ts";

/**
 * Bound parameters one statement may carry: SQLite's limit (32,766 since 3.32), the lower of
 * the two (PostgreSQL's is 65,535).
 */
export const MAX_PARAMETERS = 32_766;
/** Rows per statement at most, whatever the limit allows: past this, one statement gains nothing. */
const MAX_ROWS = 1000;

/** Splits rows into multi-row INSERTs that stay within both databases' parameter limits. */
export function insertChunks<T extends object>(rows: readonly T[]): T[][] {
  let columns = 1;
  for (const r of rows) columns = Math.max(columns, Object.keys(r).length);
  const size = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / columns)));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Rows carrying a whole plan document (~50 KB each) per statement at most. */
const DOCUMENT_ROWS = 20;

/** Splits rows that each carry a whole document into multi-row INSERTs of a few MB at most. */
export function documentChunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += DOCUMENT_ROWS) out.push(rows.slice(i, i + DOCUMENT_ROWS));
  return out;
}

/**
 * The start of a table's multi-row INSERT (up to VALUES) and how its placeholders are
 * written (PostgreSQL numbers them, SQLite does not), by dialect, table and columns; null
 * when Kysely's SQL is not of that shape (then its builder writes every statement).
 */
const insertHeads = new Map<string, { head: string; numbered: boolean } | null>();

/** The head of `table`'s INSERT of `row`'s columns, compiled by Kysely once (see insertAll). */
function insertHead(
  db: Kysely<DB>,
  table: keyof DB & string,
  columns: readonly string[],
  row: object,
): { head: string; numbered: boolean } | null {
  const key = `${db.getExecutor().adapter.constructor.name}\u0000${table}\u0000${columns.join(",")}`;
  let head = insertHeads.get(key);
  if (head === undefined) {
    // biome-ignore lint/suspicious/noExplicitAny: Kysely cannot type values() over a generic table
    const values = row as any;
    const compiled = db.insertInto(table).values(values).compile();
    const numbered = `values (${columns.map((_, i) => `$${i + 1}`).join(", ")})`;
    const marks = `values (${columns.map(() => "?").join(", ")})`;
    const tail = compiled.sql.endsWith(numbered) ? numbered : marks;
    head =
      compiled.parameters.length === columns.length && compiled.sql.endsWith(tail)
        ? {
            head: compiled.sql.slice(0, compiled.sql.length - tail.length + "values ".length),
            numbered: tail === numbered,
          }
        : null;
    insertHeads.set(key, head);
  }
  return head;
}

/** The SQL of an INSERT of `rows` rows of `columns` values each, from its head. */
function insertText(h: { head: string; numbered: boolean }, columns: number, rows: number): string {
  const groups: string[] = [];
  if (h.numbered) {
    let n = 0;
    for (let r = 0; r < rows; r++) {
      const marks: string[] = [];
      for (let c = 0; c < columns; c++) marks.push(`$${++n}`);
      groups.push(`(${marks.join(", ")})`);
    }
  } else {
    const group = `(${Array.from({ length: columns }, () => "?").join(", ")})`;
    for (let r = 0; r < rows; r++) groups.push(group);
  }
  return h.head + groups.join(", ");
}

/**
 * Inserts rows in as few multi-row INSERTs as the parameter limits allow (one for any table
 * of a GEALC-sized plan: every statement is a round trip on PostgreSQL). Kysely building each
 * statement row by row (parsing values, visiting and freezing nodes) was half an import's
 * CPU; here Kysely compiles each (table, columns) once, for one row, and the statement for
 * any number of rows is written from it with new values: on SQLite, plans of the same shape
 * share prepared statements. Rows of differing columns, and a database with plugins (which
 * may rewrite or refuse a query), take Kysely's builder every time.
 */
async function insertAll<T extends keyof DB & string>(
  db: Kysely<DB>,
  table: T,
  rows: Insertable<DB[T]>[],
): Promise<void> {
  if (rows.length === 0) return;
  const first = rows[0] as Record<string, unknown>;
  const columns = Object.keys(first);
  const uniform =
    db.getExecutor().plugins.length === 0 &&
    rows.every((r) => {
      const row = r as Record<string, unknown>;
      let n = 0;
      for (const k in row) {
        if (row[k] === undefined || !(k in first)) return false;
        n++;
      }
      return n === columns.length;
    });
  const head = uniform ? insertHead(db, table, columns, first) : null;
  if (!head) {
    for (const chunk of insertChunks(rows)) {
      // biome-ignore lint/suspicious/noExplicitAny: Kysely cannot type values() over a generic table
      const values = chunk as any;
      await db.insertInto(table).values(values).execute();
    }
    return;
  }
  for (const chunk of insertChunks(rows)) {
    const params: unknown[] = [];
    for (const r of chunk) {
      const row = r as Record<string, unknown>;
      for (const c of columns) params.push(row[c]);
    }
    await db.executeQuery(
      CompiledQuery.raw(insertText(head, columns.length, chunk.length), params),
    );
  }
}

/**
 * Writes a whole plan document as a new plan of `networkId` (the document's language becomes
 * the plan's stored language). Call inside a transaction: it is many statements.
 */
export async function insertPlanDocument(
  db: Kysely<DB>,
  doc: PlanDocument,
  opts: { networkId: string; now: string },
): Promise<{ planId: string }> {
  const planId = newId();
  const { now } = opts;
  const texts = new TextRows(planId, doc.language);
  const sourceIds = new Map(doc.sources.map((s) => [s.id, newId()]));
  const citations = new CitationLists(planId);
  const cite = (kind: CitationOwner, id: string, ns: number[], path: string) =>
    citations.add(kind, id, ns, sourceIds, path);

  await db
    .insertInto("plans")
    .values({
      id: planId,
      network_id: opts.networkId,
      year: doc.year,
      language: doc.language,
      original_language: doc.originalLanguage,
      presented_at: doc.presentedAt,
      lifecycle_status: "draft",
      report_status: "draft",
      version: 1,
      revision: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
  texts.add("plan", planId, "title", doc.title);
  texts.add("plan", planId, "distribution", doc.distribution);
  texts.add("plan", planId, "annex_intro", doc.annexIntro);

  const paragraphs = (["background", "purpose"] as const).flatMap((section) =>
    doc[section].map((text, position) => {
      const id = newId();
      texts.add("paragraph", id, "text", text);
      return { id, plan_id: planId, section, position };
    }),
  );
  await insertAll(db, "paragraphs", paragraphs);

  const members: Insertable<DB["governance_members"]>[] = [];
  const governance = doc.governance.map((g, position) => {
    const id = newId();
    texts.add("governance", id, "technical_secretariat", g.technicalSecretariat);
    texts.add("governance", id, "promoting_body", g.promotingBody);
    g.committee.forEach((country, i) => {
      members.push({ governance_id: id, position: i, country });
    });
    return {
      id,
      plan_id: planId,
      network_id: opts.networkId,
      year: g.year,
      position,
      presidency: g.presidency,
    };
  });
  await insertAll(db, "governance", governance);
  await insertAll(db, "governance_members", members);

  const assemblies = doc.assemblies.map((a, position) => {
    const id = newId();
    texts.add("assembly", id, "place", a.place?.text ?? null);
    return {
      id,
      plan_id: planId,
      network_id: opts.networkId,
      ordinal: a.ordinal,
      position,
      date: a.date,
      place_kind: a.place?.kind ?? null,
      place_city: a.place?.city ?? null,
      place_country: a.place?.country ?? null,
    };
  });
  await insertAll(db, "assemblies", assemblies);

  // Sources first: citations and relations point at them.
  const sources = doc.sources.map((s) => {
    const id = sourceIds.get(s.id) as string;
    texts.add("source", id, "label", s.label);
    texts.add("source", id, "note", s.note);
    texts.add("source", id, "text", s.text);
    return {
      id,
      plan_id: planId,
      number: s.id,
      url: s.url,
      version: 1,
      created_at: now,
      updated_at: now,
    };
  });
  await insertAll(db, "sources", sources);

  const areas: Insertable<DB["areas"]>[] = [];
  const activities: Insertable<DB["activities"]>[] = [];
  const occurrences: Insertable<DB["occurrences"]>[] = [];
  const relations: Insertable<DB["relations"]>[] = [];
  doc.areas.forEach((area, ai) => {
    const areaId = newId();
    areas.push({
      id: areaId,
      plan_id: planId,
      code: area.code,
      position: ai,
      version: 1,
      created_at: now,
      updated_at: now,
    });
    texts.add("area", areaId, "title", area.title);
    texts.add("area", areaId, "objective", area.objective);
    area.activities.forEach((a, position) => {
      const path = `areas.${ai}.activities.${position}`;
      const id = newId();
      activities.push({
        ...activityCols(a),
        id,
        plan_id: planId,
        area_id: areaId,
        position,
        version: 1,
        created_at: now,
        updated_at: now,
      });
      addActivityTexts(texts, id, a);
      cite("activity", id, a.sources, `${path}.sources`);
      cite("status", id, a.status.sources, `${path}.status.sources`);
      a.occurrences.forEach((o, i) => {
        const oid = newId();
        occurrences.push({
          id: oid,
          plan_id: planId,
          activity_id: id,
          position: i,
          ...timingColumns("when", o.when),
          created_at: now,
        });
        texts.add("occurrence", oid, "when", o.when.text);
        cite("occurrence", oid, o.sources, `${path}.occurrences.${i}.sources`);
      });
      relations.push(
        ...relationRows(id, a.relations, (n, i) =>
          sourceIdOf(sourceIds, n, `${path}.relations.${i}.source.0`),
        ),
      );
    });
  });
  await insertAll(db, "areas", areas);
  await insertAll(db, "activities", activities);
  await insertAll(db, "occurrences", occurrences);
  await insertAll(db, "relations", relations);

  const annex = doc.annex.map((item, position) => {
    const id = newId();
    texts.add("annex_item", id, "title", item.title);
    texts.add("annex_item", id, "when", item.when.text);
    cite("annex_item", id, item.sources, `annex.${position}.sources`);
    return {
      id,
      plan_id: planId,
      position,
      ...timingColumns("when", item.when),
      version: 1,
      created_at: now,
      updated_at: now,
    };
  });
  await insertAll(db, "annex_items", annex);
  await writeCitationLists(db, citations, { fresh: true });
  await writeTextRows(db, texts, { fresh: true });
  return { planId };
}

/** Deletes a plan and everything in it. */
export async function deletePlan(db: Kysely<DB>, planId: string): Promise<void> {
  await db.deleteFrom("plans").where("id", "=", planId).execute();
}
