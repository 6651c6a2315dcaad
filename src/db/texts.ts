import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { Kysely } from "kysely";
import { textLanguageOrder } from "../core/language.ts";
import type { Language } from "../core/plan.ts";
import type { DB, TextOwner } from "./schema.ts";

// Every translatable wording lives in `texts`, one document per (plan, owner kind, language):
// `{ownerId: {field: value}}` as deflated JSON (packDocument). A plan's wordings are read
// together, and written by reading, changing and writing back the one document, inside the
// transaction that holds the plan (lockPlan), so writers of a plan never interleave.
// A plan read in a language takes each wording in that language, else in the plan's
// original language (the one its texts were first stored in), else in any (core/language.ts).

/**
 * A stored document's bytes: JSON, deflated (one code path on SQLite BLOB and PostgreSQL
 * bytea). Level 1: a fifth less CPU than the default for 5% more bytes, on plans' wordings.
 */
export function packDocument(value: unknown): Uint8Array {
  return deflateRawSync(value instanceof Map ? mapJson(value) : JSON.stringify(value), {
    level: 1,
  });
}

/**
 * A document collected by owner id in a Map, as the JSON object it is stored as. A new plan's
 * ids are new strings: used as an object's keys, each would be interned first (V8's string
 * table), which was most of the cost of collecting a plan's wordings.
 */
function mapJson(doc: ReadonlyMap<string, unknown>): string {
  const parts: string[] = [];
  for (const [id, v] of doc) parts.push(`${JSON.stringify(id)}:${JSON.stringify(v)}`);
  return `{${parts.join(",")}}`;
}
export function unpackDocument<T>(bytes: Uint8Array): T {
  return JSON.parse(inflateRawSync(bytes).toString("utf8")) as T;
}

/** One document of `texts`: owner id → field → wording. */
export type TextDocument = Record<string, Record<string, string>>;
/** One wording, spelled out (tests, migrations, what reads wordings one by one). */
export type TextEntry = {
  owner_kind: TextOwner;
  owner_id: string;
  field: string;
  lang: string;
  value: string;
};

/** The languages to look a wording up in, best first. */
export function langOrder(wanted: Language, plan: { language: Language }): Language[] {
  return textLanguageOrder(wanted, plan.language);
}

/** Where a text of a document lives: its owner row and field. */
export type TextPlace = { kind: TextOwner; id: string; field: string };

/** Kinds and fields are few: their pairs' keys are made once each, not per look-up. */
const fieldKeys = new Map<string, Map<string, string>>();
function fieldKey(kind: string, field: string): string {
  let byField = fieldKeys.get(kind);
  if (!byField) {
    byField = new Map();
    fieldKeys.set(kind, byField);
  }
  let k = byField.get(field);
  if (k === undefined) {
    k = `${kind}\u0000${field}`;
    byField.set(field, k);
  }
  return k;
}

/** The wordings of a plan in some languages, looked up with fallback. */
export class TextBag {
  // By owner id, then kind and field, then language: nested maps keyed by the stored strings,
  // where one key concatenated per look-up cost a third of a plan read (hashing a new string).
  readonly #values = new Map<string, Map<string, Map<string, string>>>();
  readonly #langs: readonly string[];
  /** Pointer → language, for texts looked up with a pointer and found in another language. */
  readonly shownIn: Record<string, Language> = {};
  /** Pointer → where the text lives, for every text looked up with a pointer. */
  readonly places = new Map<string, TextPlace>();
  constructor(
    rows: readonly Pick<TextEntry, "owner_kind" | "owner_id" | "field" | "lang" | "value">[],
    langs: readonly string[],
  ) {
    this.#langs = langs;
    for (const r of rows) this.#set(r.owner_kind, r.owner_id, r.field, r.lang, r.value);
  }
  #set(kind: string, id: string, field: string, lang: string, value: string): void {
    let byField = this.#values.get(id);
    if (!byField) {
      byField = new Map();
      this.#values.set(id, byField);
    }
    const k = fieldKey(kind, field);
    let byLang = byField.get(k);
    if (!byLang) {
      byLang = new Map();
      byField.set(k, byLang);
    }
    byLang.set(lang, value);
  }
  /** Adds a stored document's wordings (of the owners in `only`, when given). */
  addDocument(kind: string, lang: string, doc: TextDocument, only?: ReadonlySet<string>): void {
    for (const id in doc) {
      if (only && !only.has(id)) continue;
      const fields = doc[id] as Record<string, string>;
      for (const field in fields) this.#set(kind, id, field, lang, fields[field] as string);
    }
  }
  /**
   * The wording in the first language that has it, or null. With a pointer, remembers where
   * the text lives and, when it is not in the wanted language, the language it is in.
   */
  get(kind: TextOwner, id: string, field: string, pointer?: string): string | null {
    if (pointer !== undefined) this.places.set(pointer, { kind, id, field });
    const byLang = this.#values.get(id)?.get(fieldKey(kind, field));
    if (!byLang) return null;
    for (const l of this.#langs) {
      const v = byLang.get(l);
      if (v !== undefined) {
        if (pointer !== undefined && l !== this.#langs[0] && v.trim() !== "") {
          this.shownIn[pointer] = l as Language;
        }
        return v;
      }
    }
    return null;
  }
  /** Looks texts up again with their pointers (`prefix/suffix`), to note their places. */
  pointAt(prefix: string, keys: readonly (readonly [string, TextOwner, string, string])[]): void {
    for (const [suffix, kind, id, field] of keys) this.get(kind, id, field, `${prefix}/${suffix}`);
  }
  /** The wording in the wanted language only, or null. */
  exact(kind: TextOwner, id: string, field: string): string | null {
    return (
      this.#values
        .get(id)
        ?.get(fieldKey(kind, field))
        ?.get(this.#langs[0] as string) ?? null
    );
  }
  /** The wording, or "" for a field that is never null. */
  str(kind: TextOwner, id: string, field: string, pointer?: string): string {
    return this.get(kind, id, field, pointer) ?? "";
  }
}

export async function loadTexts(
  db: Kysely<DB>,
  planId: string,
  langs: readonly string[],
  ownerIds?: readonly string[],
  kinds?: readonly TextOwner[],
): Promise<TextBag> {
  const bag = new TextBag([], langs);
  if (ownerIds && ownerIds.length === 0) return bag;
  const only = ownerIds ? new Set(ownerIds) : undefined;
  for (const d of await loadTextDocuments(db, planId, { langs, kinds })) {
    bag.addDocument(d.kind, d.lang, d.doc, only);
  }
  return bag;
}

/** A stored document of `texts`, unpacked. */
export type StoredTextDocument = { kind: TextOwner; lang: string; doc: TextDocument };

/** A plan's text documents (of some languages and kinds, when given). */
export async function loadTextDocuments(
  db: Kysely<DB>,
  planId: string,
  filter: { langs?: readonly string[]; kinds?: readonly TextOwner[] } = {},
): Promise<StoredTextDocument[]> {
  let q = db
    .selectFrom("texts")
    .select(["owner_kind", "lang", "value"])
    .where("plan_id", "=", planId);
  if (filter.langs) q = q.where("lang", "in", [...filter.langs]);
  if (filter.kinds) q = q.where("owner_kind", "in", [...filter.kinds]);
  const rows = await q.execute();
  return rows.map((r) => ({
    kind: r.owner_kind,
    lang: r.lang,
    doc: unpackDocument<TextDocument>(r.value),
  }));
}

/**
 * Writes a text document back: removed when empty; `existed` says whether the plan had it
 * (the caller read it), so the write is an update or an insert. Call inside the
 * transaction that holds the plan (lockPlan), where the document was read.
 */
export async function saveTextDocument(
  db: Kysely<DB>,
  planId: string,
  d: StoredTextDocument,
  existed: boolean,
): Promise<void> {
  if (Object.keys(d.doc).length === 0) {
    if (existed) {
      await db
        .deleteFrom("texts")
        .where("plan_id", "=", planId)
        .where("owner_kind", "=", d.kind)
        .where("lang", "=", d.lang)
        .execute();
    }
    return;
  }
  const value = packDocument(d.doc);
  if (existed) {
    await db
      .updateTable("texts")
      .set({ value })
      .where("plan_id", "=", planId)
      .where("owner_kind", "=", d.kind)
      .where("lang", "=", d.lang)
      .execute();
  } else {
    await db
      .insertInto("texts")
      .values({ plan_id: planId, owner_kind: d.kind, lang: d.lang, value })
      .execute();
  }
}

/** Collects a plan's new wordings in one language; null values are not stored (read back as null). */
export class TextRows {
  /** Owner kind → owner id → field → wording. */
  readonly docs = new Map<TextOwner, Map<string, Record<string, string>>>();
  readonly planId: string;
  readonly lang: Language;
  #size = 0;
  constructor(planId: string, lang: Language) {
    this.planId = planId;
    this.lang = lang;
  }
  add(kind: TextOwner, id: string, field: string, value: string | null): void {
    if (value === null) return;
    let doc = this.docs.get(kind);
    if (!doc) {
      doc = new Map();
      this.docs.set(kind, doc);
    }
    const fields = doc.get(id);
    if (fields) fields[field] = value;
    else doc.set(id, { [field]: value });
    this.#size++;
  }
  /** How many wordings were added. */
  get size(): number {
    return this.#size;
  }
}

/**
 * Stores collected wordings in their plan's documents, over what is there (`fresh`: the plan
 * is new and has none, so nothing is read first).
 */
export async function writeTextRows(
  db: Kysely<DB>,
  texts: TextRows,
  opts: { fresh?: boolean } = {},
): Promise<void> {
  if (texts.docs.size === 0) return;
  const kinds = [...texts.docs.keys()];
  if (opts.fresh) {
    // A new plan: its documents in one statement.
    await db
      .insertInto("texts")
      .values(
        kinds.map((kind) => ({
          plan_id: texts.planId,
          owner_kind: kind,
          lang: texts.lang,
          value: packDocument(texts.docs.get(kind)),
        })),
      )
      .execute();
    return;
  }
  const stored = await loadTextDocuments(db, texts.planId, { langs: [texts.lang], kinds });
  for (const kind of kinds) {
    const added = texts.docs.get(kind) as Map<string, Record<string, string>>;
    const old = stored.find((d) => d.kind === kind);
    const doc: TextDocument = old?.doc ?? {};
    for (const [id, fields] of added) doc[id] = { ...doc[id], ...fields };
    await saveTextDocument(db, texts.planId, { kind, lang: texts.lang, doc }, old !== undefined);
  }
}

/** Sets (or, with null, removes) one wording in one language. */
export async function setText(
  db: Kysely<DB>,
  planId: string,
  kind: TextOwner,
  id: string,
  field: string,
  lang: Language,
  value: string | null,
): Promise<void> {
  await setTexts(db, planId, lang, [{ kind, id, field, value }]);
}

/** Sets (or, with null, removes) wordings in one language: each document read and written once. */
export async function setTexts(
  db: Kysely<DB>,
  planId: string,
  lang: Language,
  changes: readonly { kind: TextOwner; id: string; field: string; value: string | null }[],
): Promise<void> {
  if (changes.length === 0) return;
  const kinds = [...new Set(changes.map((c) => c.kind))];
  const stored = await loadTextDocuments(db, planId, { langs: [lang], kinds });
  for (const kind of kinds) {
    const old = stored.find((d) => d.kind === kind);
    const doc: TextDocument = old?.doc ?? {};
    let changed = false;
    for (const c of changes) {
      if (c.kind !== kind) continue;
      const fields = doc[c.id];
      if (c.value === null) {
        if (!fields || !(c.field in fields)) continue;
        delete fields[c.field];
        if (Object.keys(fields).length === 0) delete doc[c.id];
      } else {
        if (fields?.[c.field] === c.value) continue;
        if (fields) fields[c.field] = c.value;
        else doc[c.id] = { [c.field]: c.value };
      }
      changed = true;
    }
    if (changed) await saveTextDocument(db, planId, { kind, lang, doc }, old !== undefined);
  }
}

/** Removes every wording of some owners of a plan (rows owned polymorphically have no cascade). */
export async function deleteTexts(
  db: Kysely<DB>,
  planId: string,
  kind: TextOwner,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  for (const d of await loadTextDocuments(db, planId, { kinds: [kind] })) {
    let changed = false;
    for (const id of ids) {
      if (id in d.doc) {
        delete d.doc[id];
        changed = true;
      }
    }
    if (changed) await saveTextDocument(db, planId, d, true);
  }
}
