/**
 * The execution report as a format-free model, built once from a plan document and
 * written by markdown.ts and html.ts. It holds the seed report's structure and order;
 * texts carry citation markers `[^N]` already renumbered to display numbers, and each
 * section carries the footnotes first cited in it (defined after it, as in the seed).
 */

import { completeness, textLanguage } from "../core/language.ts";
import type { Activity, Language, PlanDocument, Status, StatusCode, Timing } from "../core/plan.ts";
import { formatStatusLine } from "../core/status.ts";
import { formatTiming } from "../core/timing.ts";
import { type Footnote, footnoteNumbering } from "./footnotes.ts";
import { type Labels, labels, toRoman } from "./labels.ts";

export type ReportOptions = {
  /** The report's language; default: the plan's. */
  lang?: Language;
  /** Show the draft distribution note; default: the plan has one. */
  draft?: boolean;
};

export type ReportActivity = {
  code: string;
  /** "3.1.1" -> "a-3-1-1". */
  anchor: string;
  title: string;
  location: string | null;
  date: string | null;
  status: { code: StatusCode; line: string | null };
};

export type ReportArea = {
  code: string;
  anchor: string;
  title: string;
  objective: string | null;
  activities: ReportActivity[];
  notes: Footnote[];
};

export type ReportAnnexItem = { when: string; title: string };

export type Report = {
  lang: Language;
  labels: Labels;
  /** The distribution note's lines; empty when it is not shown. */
  distribution: string[];
  original: string;
  /** "This translation is incomplete: …" when some texts are in another language; else null. */
  incomplete: string | null;
  assembly: string | null;
  date: { iso: string; text: string } | null;
  title: string;
  background: { paragraphs: string[]; notes: Footnote[] } | null;
  purpose: { paragraphs: string[]; notes: Footnote[] } | null;
  /** The work areas' section number ("3"), taken from the areas' codes. */
  areasNumber: string;
  areas: ReportArea[];
  annex: { code: string; intro: string | null; items: ReportAnnexItem[]; notes: Footnote[] } | null;
  /** Sources cited nowhere (and any footnote not defined yet), last. */
  endNotes: Footnote[];
  /** Source id -> the footnote number every format of this report gives it. */
  numbers: ReadonlyMap<number, number>;
};

/** "3.1.1" -> "a-3-1-1": a stable fragment id for a heading. */
export function anchorOf(code: string): string {
  return `a-${code.replace(/\./g, "-")}`;
}

/** The text with a final "." unless it already ends (before its markers) with . ! or ?. */
export function withPeriod(text: string): string {
  return /[.!?](?:\[\^\d+\])*$/.test(text) ? text : `${text}.`;
}

/** A timing as the report writes it, or null when there is nothing to write. */
function timingText(t: Timing, lang: Language, planLang: Language): string | null {
  if (lang === planLang && t.text !== "") return t.text;
  if (t.kind === "unspecified" && t.text === "") return null;
  const s = formatTiming(t, lang);
  // It opens a line or follows a label ("Fecha: Anual", "Enero: …"), as in the seed.
  return s === "" ? null : upperFirst(s, lang);
}

/** The text with its first letter in upper case ("enero" -> "Enero"). */
export function upperFirst(s: string, lang: Language): string {
  const first = s.codePointAt(0);
  if (first === undefined) return s;
  const ch = String.fromCodePoint(first);
  return ch.toLocaleUpperCase(lang) + s.slice(ch.length);
}

/** True when a status says nothing a line could tell (no line was written for it). */
function silent(status: Status, a: Activity): boolean {
  return (
    status.code === "planned" &&
    status.text === "" &&
    status.note === null &&
    status.when === null &&
    status.sources.length === 0 &&
    a.occurrences.length === 0
  );
}

function statusLine(a: Activity, lang: Language, planLang: Language): string | null {
  if (lang === planLang && a.status.text !== "") return a.status.text;
  if (silent(a.status, a)) return null;
  const s = formatStatusLine({ status: a.status, occurrences: a.occurrences }, lang);
  return s === "" ? null : s;
}

/** "3" from codes like "3.1" (the seed's work areas are section 3). */
function areasPrefix(plan: PlanDocument): string {
  const last = plan.areas[plan.areas.length - 1];
  return last ? (last.code.split(".")[0] ?? "3") : "3";
}

/** Builds the report model of `plan`: what every format writes, in the seed's order. */
export function buildReport(plan: PlanDocument, options: ReportOptions = {}): Report {
  const lang = options.lang ?? plan.language;
  // A wording is written as it is only when it is in the report's language (a translation
  // may lack some: those fall back per core/language.ts, or are written anew from structure).
  const wordingIn = (pointer: string) => textLanguage(plan, pointer);
  const same = wordingIn("/title") === lang;
  const l = labels(lang);
  const fn = footnoteNumbering(plan.sources);
  const cite = fn.cite;

  const draft = options.draft ?? plan.distribution !== null;
  let distribution: string[] = [];
  if (draft) {
    if (wordingIn("/distribution") === lang && plan.distribution !== null) {
      // The seed writes the parenthesised part on a line of its own.
      distribution = plan.distribution
        .split(/\s+(?=\()/)
        .map((s) => s.trim())
        .filter((s) => s !== "");
    } else distribution = [...l.distribution];
  }

  const assembly =
    plan.presentedAt !== null ? l.assembly(toRoman(plan.presentedAt), plan.network.name) : null;
  const iso = plan.assemblies.find((a) => a.ordinal === plan.presentedAt)?.date ?? null;
  const date = iso !== null ? { iso, text: l.longDate(iso) } : null;
  const title = cite(same ? plan.title : l.title(plan.year));

  const section = (paragraphs: string[]) =>
    paragraphs.length === 0 ? null : { paragraphs: paragraphs.map(cite), notes: fn.flush() };
  const background = section(plan.background);
  const purpose = section(plan.purpose);

  const areas: ReportArea[] = plan.areas.map((area, ai) => {
    const areaTitle = cite(area.title);
    const objective = area.objective === "" ? null : cite(area.objective);
    const activities = area.activities.map((a, j): ReportActivity => {
      const p = `/areas/${ai}/activities/${j}`;
      const t = cite(a.title);
      const loc = a.location;
      const location = loc.kind === "unspecified" && loc.text === "" ? null : cite(loc.text);
      const planned = timingText(a.planned, lang, wordingIn(`${p}/planned/text`));
      const line = statusLine(a, lang, wordingIn(`${p}/status/text`));
      return {
        code: a.code,
        anchor: anchorOf(a.code),
        title: t,
        location,
        date: planned === null ? null : cite(planned),
        status: {
          code: a.status.code,
          line: line === null ? null : cite(line),
        },
      };
    });
    return {
      code: area.code,
      anchor: anchorOf(area.code),
      title: areaTitle,
      objective,
      activities,
      notes: fn.flush(),
    };
  });

  let annex: Report["annex"] = null;
  if (plan.annex.length > 0 || plan.annexIntro !== null) {
    // After the last area; past the highest area number, so a gap in codes cannot collide.
    const minors = plan.areas.map((a) => Number(a.code.split(".")[1] ?? 0));
    const next = Math.max(plan.areas.length, ...minors) + 1;
    const intro = plan.annexIntro === null ? null : cite(plan.annexIntro);
    const items = plan.annex.map((item, i) => ({
      when: cite(timingText(item.when, lang, wordingIn(`/annex/${i}/when/text`)) ?? ""),
      title: cite(item.title),
    }));
    annex = { code: `${areasPrefix(plan)}.${next}`, intro, items, notes: fn.flush() };
  }

  return {
    lang,
    labels: l,
    distribution,
    original: l.original(plan.originalLanguage),
    incomplete: incompleteNote(plan, lang, l),
    assembly,
    date,
    title,
    background,
    purpose,
    areasNumber: areasPrefix(plan),
    areas,
    annex,
    endNotes: fn.rest(),
    numbers: fn.map,
  };
}

/**
 * Source id -> footnote number as the report of `plan` in `lang` numbers them: the portal
 * shows the same numbers, so a page and a file of one edition agree.
 */
export function footnoteNumbers(
  plan: PlanDocument,
  lang: Language = plan.language,
): ReadonlyMap<number, number> {
  return buildReport(plan, { lang }).numbers;
}

/** The first page's note of a report whose document lacks some texts in its language. */
function incompleteNote(plan: PlanDocument, lang: Language, l: Labels): string | null {
  if (lang !== plan.language) return null;
  const c = completeness(plan);
  const main = c.shownIn[0];
  return main ? l.incomplete(c.total - c.translated, c.total, main.language) : null;
}
