import type { Kysely } from "kysely";
import { textLanguageOrder } from "../core/language.ts";
import type { Language } from "../core/plan.ts";
import type { DB, TextOwner, TextRow } from "./schema.ts";

// Every translatable wording lives in `texts`, one row per (owner, field, language).
// A plan read in a language takes each wording in that language, else in the plan's
// original language (the one its texts were first stored in), else in any (core/language.ts).

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
    rows: readonly Pick<TextRow, "owner_kind" | "owner_id" | "field" | "lang" | "value">[],
    langs: readonly string[],
  ) {
    this.#langs = langs;
    for (const r of rows) {
      let byField = this.#values.get(r.owner_id);
      if (!byField) {
        byField = new Map();
        this.#values.set(r.owner_id, byField);
      }
      const k = fieldKey(r.owner_kind, r.field);
      let byLang = byField.get(k);
      if (!byLang) {
        byLang = new Map();
        byField.set(k, byLang);
      }
      byLang.set(r.lang, r.value);
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
): Promise<TextBag> {
  if (ownerIds && ownerIds.length === 0) return new TextBag([], langs);
  let q = db
    .selectFrom("texts")
    .select(["owner_kind", "owner_id", "field", "lang", "value"])
    .where("plan_id", "=", planId)
    .where("lang", "in", [...langs]);
  if (ownerIds) q = q.where("owner_id", "in", [...ownerIds]);
  return new TextBag(await q.execute(), langs);
}

/** Collects text rows to insert; null values are not stored (read back as null). */
export class TextRows {
  readonly rows: TextRow[] = [];
  readonly planId: string;
  readonly lang: Language;
  constructor(planId: string, lang: Language) {
    this.planId = planId;
    this.lang = lang;
  }
  add(kind: TextOwner, id: string, field: string, value: string | null): void {
    if (value === null) return;
    this.rows.push({
      plan_id: this.planId,
      owner_kind: kind,
      owner_id: id,
      field,
      lang: this.lang,
      value,
    });
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
  if (value === null) {
    await db
      .deleteFrom("texts")
      .where("plan_id", "=", planId)
      .where("owner_kind", "=", kind)
      .where("owner_id", "=", id)
      .where("field", "=", field)
      .where("lang", "=", lang)
      .execute();
    return;
  }
  // Update, else insert: no ON CONFLICT naming the key, so this reads and writes the texts of
  // a schema before 0014 too (an upgrade's writes run there). Writers of a plan queue on
  // its lock (lockPlan); a racing insert fails on the key and its transaction runs again.
  const res = await db
    .updateTable("texts")
    .set({ value })
    .where("plan_id", "=", planId)
    .where("owner_kind", "=", kind)
    .where("owner_id", "=", id)
    .where("field", "=", field)
    .where("lang", "=", lang)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) > 0) return;
  await db
    .insertInto("texts")
    .values({ plan_id: planId, owner_kind: kind, owner_id: id, field, lang, value })
    .execute();
}

/** Removes every wording of some owners of a plan (rows owned polymorphically have no cascade). */
export async function deleteTexts(
  db: Kysely<DB>,
  planId: string,
  kind: TextOwner,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .deleteFrom("texts")
    .where("plan_id", "=", planId)
    .where("owner_kind", "=", kind)
    .where("owner_id", "in", [...ids])
    .execute();
}
