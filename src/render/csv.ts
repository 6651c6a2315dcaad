/**
 * A plan -> open-data tables (activities, occurrences, sources) as CSV (RFC 4180: comma,
 * double quotes when needed, CRLF, UTF-8; a BOM only when asked, for Excel). The same
 * tables feed xlsx.ts, so both formats always have the same columns and rows.
 *
 * Texts lose their citation markers (a `sources` column lists the ids they cite instead);
 * dates are ISO dates; lists are written space-separated.
 *
 * Every row says the language its texts are in (`language`: the document's, the one asked
 * for) and which of its text columns are shown in another language for want of a
 * translation (`untranslated`: `column:lang` pairs, e.g. `title:en location:en`; empty when
 * none), by the one rule of core/language.ts. Two columns instead of one per text keep the
 * tables narrow; a consumer splits `untranslated` on spaces.
 *
 * A spreadsheet opening the CSV reads a cell beginning with `=`, `+`, `-`, `@`, tab or
 * carriage return as a formula, so such a text cell is written with a leading `'`
 * (neutraliseCell); numbers stay numbers. XLSX cells are typed strings and need nothing.
 */
import { stringify } from "csv-stringify/sync";
import { stripCitations } from "../core/citations.ts";
import { textLanguage } from "../core/language.ts";
import type { PlanDocument } from "../core/plan.ts";

export const TABLE_NAMES = ["activities", "occurrences", "sources"] as const;
export type TableName = (typeof TABLE_NAMES)[number];

export type Cell = string | number | null;
export type Column = { key: string; type: "text" | "number" | "date" };
export type Table = { name: TableName; columns: Column[]; rows: Cell[][] };

const text = (key: string): Column => ({ key, type: "text" });
const num = (key: string): Column => ({ key, type: "number" });
const date = (key: string): Column => ({ key, type: "date" });
const ids = (list: readonly number[]) => list.join(" ");

/** The table `name` of a plan: its columns and one row per record, in plan order. */
export function planTable(plan: PlanDocument, name: TableName): Table {
  const t = baseTable(plan, name);
  return {
    ...t,
    columns: [...t.columns, text("language"), text("untranslated")],
    rows: t.rows.map((r, i) => [...r, plan.language, untranslated(plan, t.pointers[i] ?? {})]),
  };
}

/** `column:lang` for each text of a row shown in another language than the document's. */
function untranslated(plan: PlanDocument, pointers: Readonly<Record<string, string>>): string {
  return Object.entries(pointers)
    .map(([column, pointer]) => [column, textLanguage(plan, pointer)] as const)
    .filter(([, lang]) => lang !== plan.language)
    .map(([column, lang]) => `${column}:${lang}`)
    .join(" ");
}

/** A table without the language columns, and per row the pointer of each text column. */
function baseTable(
  plan: PlanDocument,
  name: TableName,
): Table & { pointers: Record<string, string>[] } {
  const net = plan.network.slug;
  const year = plan.year;
  switch (name) {
    case "activities":
      return {
        name,
        columns: [
          text("network"),
          num("year"),
          text("area"),
          text("area_title"),
          text("code"),
          text("title"),
          text("location"),
          text("location_kind"),
          text("city"),
          text("country"),
          text("planned"),
          text("planned_kind"),
          date("planned_start"),
          date("planned_end"),
          num("planned_count"),
          text("status"),
          text("status_when"),
          date("status_start"),
          date("status_end"),
          text("status_line"),
          num("occurrences"),
          text("sources"),
        ],
        pointers: plan.areas.flatMap((area, i) =>
          area.activities.map((_, j) => {
            const p = `/areas/${i}/activities/${j}`;
            return {
              area_title: `/areas/${i}/title`,
              title: `${p}/title`,
              location: `${p}/location/text`,
              planned: `${p}/planned/text`,
              status_when: `${p}/status/when/text`,
              status_line: `${p}/status/text`,
            };
          }),
        ),
        rows: plan.areas.flatMap((area) =>
          area.activities.map((a) => [
            net,
            year,
            area.code,
            stripCitations(area.title),
            a.code,
            stripCitations(a.title),
            stripCitations(a.location.text),
            a.location.kind,
            a.location.city,
            a.location.country,
            a.planned.text,
            a.planned.kind,
            a.planned.start,
            a.planned.end,
            a.planned.count,
            a.status.code,
            a.status.when?.text ?? null,
            a.status.when?.start ?? null,
            a.status.when?.end ?? null,
            stripCitations(a.status.text)
              .replace(/\s+([.,;)])/g, "$1")
              .trim(),
            a.occurrences.length,
            ids(a.sources),
          ]),
        ),
      };
    case "occurrences":
      return {
        name,
        columns: [
          text("network"),
          num("year"),
          text("activity"),
          num("n"),
          text("when"),
          text("kind"),
          date("start"),
          date("end"),
          text("sources"),
          text("urls"),
        ],
        pointers: plan.areas.flatMap((area, i) =>
          area.activities.flatMap((a, j) =>
            a.occurrences.map((_, k) => ({
              when: `/areas/${i}/activities/${j}/occurrences/${k}/when/text`,
            })),
          ),
        ),
        rows: plan.areas.flatMap((area) =>
          area.activities.flatMap((a) =>
            a.occurrences.map((o, i) => [
              net,
              year,
              a.code,
              i + 1,
              o.when.text,
              o.when.kind,
              o.when.start,
              o.when.end,
              ids(o.sources),
              o.sources
                .map((id) => plan.sources.find((s) => s.id === id)?.url)
                .filter((u): u is string => !!u)
                .join(" "),
            ]),
          ),
        ),
      };
    case "sources": {
      // Where each source is cited: activity codes, "background", "purpose", "annex".
      const citedIn = new Map<number, string[]>();
      const note = (id: number, where: string) => {
        const list = citedIn.get(id) ?? [];
        if (!list.includes(where)) list.push(where);
        citedIn.set(id, list);
      };
      const scan = (t: string, where: string) => {
        for (const m of t.matchAll(/\[\^(\d+)\]/g)) note(Number(m[1]), where);
      };
      for (const p of plan.background) scan(p, "background");
      for (const p of plan.purpose) scan(p, "purpose");
      for (const area of plan.areas) {
        scan(area.title, area.code);
        scan(area.objective, area.code);
        for (const a of area.activities) for (const id of a.sources) note(id, a.code);
      }
      if (plan.annexIntro) scan(plan.annexIntro, "annex");
      for (const item of plan.annex) for (const id of item.sources) note(id, "annex");
      return {
        name,
        columns: [
          text("network"),
          num("year"),
          num("id"),
          text("url"),
          text("label"),
          text("note"),
          text("text"),
          text("cited_in"),
        ],
        pointers: plan.sources.map((_, i) => ({
          label: `/sources/${i}/label`,
          note: `/sources/${i}/note`,
          text: `/sources/${i}/text`,
        })),
        rows: plan.sources.map((s) => [
          net,
          year,
          s.id,
          s.url,
          s.label,
          s.note,
          s.text,
          (citedIn.get(s.id) ?? []).join(" "),
        ]),
      };
    }
  }
}

export type CsvOptions = {
  /** Start with a UTF-8 byte order mark (Excel needs it to read UTF-8); default false. */
  bom?: boolean;
};

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell as a spreadsheet may read it without running it: a text beginning with `=`, `+`,
 * `-`, `@`, tab or carriage return gets a leading `'` (OWASP's advice); numbers, empty
 * cells and every other text are unchanged.
 */
export function neutraliseCell(c: Cell): string | number {
  if (c === null) return "";
  if (typeof c === "number") return c;
  return FORMULA_START.test(c) ? `'${c}` : c;
}

/** One table of a plan as CSV text (RFC 4180, CRLF, a header row), formulas neutralised. */
export function renderCsv(plan: PlanDocument, table: TableName, opts: CsvOptions = {}): string {
  const t = planTable(plan, table);
  return stringify(
    t.rows.map((r) => r.map(neutraliseCell)),
    {
      header: true,
      columns: t.columns.map((c) => c.key),
      record_delimiter: "\r\n",
      bom: opts.bom ?? false,
    },
  );
}
