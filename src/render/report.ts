/**
 * The execution report as a format-free model, built once from a plan document and
 * written by markdown.ts and html.ts. It holds the seed report's structure and order;
 * texts carry citation markers `[^N]` already renumbered to display numbers, and each
 * section carries the footnotes first cited in it (defined after it, as in the seed).
 */

import { textLanguage, translatableTexts } from "../core/language.ts";
import type {
  Activity,
  Language,
  PlanDocument,
  Source,
  Status,
  StatusCode,
  Timing,
} from "../core/plan.ts";
import { formatStatusLine } from "../core/status.ts";
import { formatTiming } from "../core/timing.ts";
import { type Footnote, footnoteNumbering, footnoteText, splitFootnote } from "./footnotes.ts";
import { type Labels, labels, toRoman } from "./labels.ts";

export type ReportOptions = {
  /** The report's language; default: the plan's. */
  lang?: Language;
  /** Show the draft distribution note; default: the plan has one. */
  draft?: boolean;
};

/**
 * A text of the report and the language it is shown in: the report's own, or another when
 * the document has no translation of it (core/language.ts). Every format marks the latter.
 */
export type Shown = { text: string; lang: Language };

/** A text made of pieces in different languages (a generated status line and its note). */
export type Phrase = readonly Shown[];

/** A footnote and the language of its words. */
export type ReportNote = Footnote & { lang: Language };

export type ReportActivity = {
  code: string;
  /** "3.1.1" -> "a-3-1-1". */
  anchor: string;
  title: Shown;
  location: Shown | null;
  date: Shown | null;
  status: { code: StatusCode; line: Phrase | null };
};

export type ReportArea = {
  code: string;
  anchor: string;
  title: Shown;
  objective: Shown | null;
  activities: ReportActivity[];
  notes: ReportNote[];
};

export type ReportAnnexItem = { when: Shown | null; title: Shown };

export type Report = {
  lang: Language;
  labels: Labels;
  /** The distribution note's lines; empty when it is not shown. */
  distribution: string[];
  original: string;
  /** "This translation is incomplete: …" when some texts are in another language; else null. */
  incomplete: string | null;
  /** The Assembly line; the network's name in it may be in another language. */
  assembly: Phrase | null;
  date: { iso: string; text: string } | null;
  /** Always in the report's language: the plan's title translated, else the generated one. */
  title: string;
  background: { paragraphs: Shown[]; notes: ReportNote[] } | null;
  purpose: { paragraphs: Shown[]; notes: ReportNote[] } | null;
  /** The work areas' section number ("3"), taken from the areas' codes. */
  areasNumber: string;
  areas: ReportArea[];
  annex: {
    code: string;
    intro: Shown | null;
    items: ReportAnnexItem[];
    notes: ReportNote[];
  } | null;
  /** Sources cited nowhere (and any footnote not defined yet), last. */
  endNotes: ReportNote[];
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

/**
 * A timing as the report writes it, or null when there is nothing to write: its wording when
 * that is in the report's language, else written anew from its structure; a wording that no
 * structure replaces (an unspecified "at the Assembly") stays in its own language.
 */
function timingText(t: Timing, lang: Language, wordingLang: Language): Shown | null {
  if (lang === wordingLang && t.text !== "") return { text: t.text, lang };
  if (t.kind === "unspecified" && t.text === "") return null;
  const s = formatTiming(t, lang);
  if (s === "") return null;
  // formatTiming keeps a wording it cannot say anew: then the words are the wording's.
  const kept = s !== formatTiming({ ...t, text: "" }, lang);
  // It opens a line or follows a label ("Fecha: Anual", "Enero: …"), as in the seed.
  return { text: upperFirst(s, lang), lang: kept ? wordingLang : lang };
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

/**
 * An activity's status line: its wording when that is in the report's language, else written
 * anew in it from the structure, where the note (kept verbatim, last) keeps its own language.
 */
export function statusLine(
  a: Activity,
  lang: Language,
  wordingLang: Language,
  noteLang: Language,
): Phrase | null {
  if (lang === wordingLang && a.status.text !== "") return [{ text: a.status.text, lang }];
  if (silent(a.status, a)) return null;
  const s = formatStatusLine({ status: a.status, occurrences: a.occurrences }, lang);
  if (s === "") return null;
  const note = a.status.note?.trim() ?? "";
  if (note === "" || noteLang === lang || !s.endsWith(note)) return [{ text: s, lang }];
  const head = s.slice(0, s.length - note.length);
  return head === ""
    ? [{ text: note, lang: noteLang }]
    : [
        { text: head, lang },
        { text: note, lang: noteLang },
      ];
}

/** "3" from codes like "3.1" (the seed's work areas are section 3). */
function areasPrefix(plan: PlanDocument): string {
  const last = plan.areas[plan.areas.length - 1];
  return last ? (last.code.split(".")[0] ?? "3") : "3";
}

/** Builds the report model of `plan`: what every format writes, in the seed's order. */
export function buildReport(plan: PlanDocument, options: ReportOptions = {}): Report {
  const lang = options.lang ?? plan.language;
  // Each text is in the language core/language.ts says the document shows it in; a wording
  // is written as it is only when that is the report's language (else written anew).
  const wordingIn = (pointer: string) => textLanguage(plan, pointer);
  const same = wordingIn("/title") === lang;
  const l = labels(lang);
  const fn = footnoteNumbering(plan.sources);
  const cite = fn.cite;
  const shown = (text: string, pointer: string): Shown => ({
    text: cite(text),
    lang: wordingIn(pointer),
  });
  const citedIn = (t: Shown | null): Shown | null => t && { ...t, text: cite(t.text) };
  const sourceLangs = new Map(plan.sources.map((s, i) => [s.id, sourceLang(plan, s, i)]));
  const flush = (): ReportNote[] =>
    fn.flush().map((n) => ({ ...n, lang: sourceLangs.get(n.id) ?? lang }));

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
    plan.presentedAt !== null
      ? assemblyLine(lang, plan.presentedAt, {
          text: plan.network.name,
          lang: wordingIn("/network/name"),
        })
      : null;
  const iso = plan.assemblies.find((a) => a.ordinal === plan.presentedAt)?.date ?? null;
  const date = iso !== null ? { iso, text: l.longDate(iso) } : null;
  const title = cite(same ? plan.title : l.title(plan.year));

  const section = (name: "background" | "purpose") =>
    plan[name].length === 0
      ? null
      : { paragraphs: plan[name].map((p, i) => shown(p, `/${name}/${i}`)), notes: flush() };
  const background = section("background");
  const purpose = section("purpose");

  const areas: ReportArea[] = plan.areas.map((area, ai) => {
    const ap = `/areas/${ai}`;
    const areaTitle = shown(area.title, `${ap}/title`);
    const objective = area.objective === "" ? null : shown(area.objective, `${ap}/objective`);
    const activities = area.activities.map((a, j): ReportActivity => {
      const p = `${ap}/activities/${j}`;
      const t = shown(a.title, `${p}/title`);
      const loc = a.location;
      const location =
        loc.kind === "unspecified" && loc.text === ""
          ? null
          : shown(loc.text, `${p}/location/text`);
      const planned = timingText(a.planned, lang, wordingIn(`${p}/planned/text`));
      const line = statusLine(
        a,
        lang,
        wordingIn(`${p}/status/text`),
        wordingIn(`${p}/status/note`),
      );
      return {
        code: a.code,
        anchor: anchorOf(a.code),
        title: t,
        location,
        date: citedIn(planned),
        status: {
          code: a.status.code,
          line: line === null ? null : line.map((x) => ({ ...x, text: cite(x.text) })),
        },
      };
    });
    return {
      code: area.code,
      anchor: anchorOf(area.code),
      title: areaTitle,
      objective,
      activities,
      notes: flush(),
    };
  });

  let annex: Report["annex"] = null;
  if (plan.annex.length > 0 || plan.annexIntro !== null) {
    // After the last area; past the highest area number, so a gap in codes cannot collide.
    const minors = plan.areas.map((a) => Number(a.code.split(".")[1] ?? 0));
    const next = Math.max(plan.areas.length, ...minors) + 1;
    const intro = plan.annexIntro === null ? null : shown(plan.annexIntro, "/annexIntro");
    const items = plan.annex.map((item, i) => ({
      when: citedIn(timingText(item.when, lang, wordingIn(`/annex/${i}/when/text`))),
      title: shown(item.title, `/annex/${i}/title`),
    }));
    annex = { code: `${areasPrefix(plan)}.${next}`, intro, items, notes: flush() };
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
    endNotes: fn.rest().map((n) => ({ ...n, lang: sourceLangs.get(n.id) ?? lang })),
    numbers: fn.map,
  };
}

/** The Assembly line with the network's name as a piece of its own (it may be untranslated). */
function assemblyLine(lang: Language, ordinal: number, name: Shown): Phrase {
  const mark = "\u0000";
  const [before = "", after = ""] = labels(lang).assembly(toRoman(ordinal), mark).split(mark);
  return [{ text: before, lang }, name, { text: after, lang }].filter((x) => x.text !== "");
}

/**
 * The language of a source's footnote words: those of its text, else its label or note;
 * null for a footnote that is only links (it has no words in any language).
 */
function sourceLang(plan: PlanDocument, s: Source, i: number): Language | null {
  const words = splitFootnote(footnoteText(s)).some((p) => "text" in p && /\p{L}/u.test(p.text));
  const field =
    s.text !== null ? "text" : s.label !== null ? "label" : s.note !== null ? "note" : null;
  return !words || field === null ? null : textLanguage(plan, `/sources/${i}/${field}`);
}

/**
 * Source id -> footnote number as the report of `plan` in `lang` numbers them: the portal
 * shows the same numbers, so a page and a file of one edition agree.
 */
export function footnoteNumbers(
  plan: PlanDocument,
  lang: Language = plan.language,
): ReadonlyMap<number, number> {
  // buildReport's walk, citing the same texts in the same order, without writing the
  // report: a text with no marker cites nothing, so a date or a status line is written
  // (as buildReport writes it) only when what it is written from may cite.
  const fn = footnoteNumbering(plan.sources);
  const cite = (text: string | null | undefined) => {
    if (text?.includes("[^")) fn.count(text);
  };
  const wordingIn = (pointer: string) => textLanguage(plan, pointer);
  const timing = (t: Timing, pointer: string) => {
    if (t.text.includes("[^")) cite(timingText(t, lang, wordingIn(pointer))?.text);
  };
  if (wordingIn("/title") === lang) cite(plan.title);
  for (const p of plan.background) cite(p);
  for (const p of plan.purpose) cite(p);
  plan.areas.forEach((area, ai) => {
    const ap = `/areas/${ai}`;
    cite(area.title);
    cite(area.objective);
    area.activities.forEach((a, j) => {
      const p = `${ap}/activities/${j}`;
      cite(a.title);
      cite(a.location.text);
      timing(a.planned, `${p}/planned/text`);
      if (statusMayCite(a)) {
        const line = statusLine(
          a,
          lang,
          wordingIn(`${p}/status/text`),
          wordingIn(`${p}/status/note`),
        );
        for (const x of line ?? []) cite(x.text);
      }
    });
  });
  if (plan.annex.length > 0 || plan.annexIntro !== null) {
    cite(plan.annexIntro);
    plan.annex.forEach((item, i) => {
      timing(item.when, `/annex/${i}/when/text`);
      cite(item.title);
    });
  }
  fn.rest();
  return fn.map;
}

/** Whether an activity's status line may hold a marker: from its texts or its sources. */
function statusMayCite(a: Activity): boolean {
  const s = a.status;
  return (
    s.sources.length > 0 ||
    s.text.includes("[^") ||
    (s.note?.includes("[^") ?? false) ||
    (s.when?.text.includes("[^") ?? false) ||
    a.occurrences.some((o) => o.sources.length > 0 || o.when.text.includes("[^"))
  );
}

/**
 * How many of the document's texts a report in `lang` shows in another language, and in
 * which mostly: core's completeness when the document is in `lang`, and every text (all in
 * the document's languages) when the report's labels are in a language the document lacks.
 */
export function reportCompleteness(
  plan: PlanDocument,
  lang: Language,
): { total: number; missing: number; shownIn: Language | null } {
  const texts = translatableTexts(plan);
  const counts = new Map<Language, number>();
  for (const t of texts) {
    const shownIn = textLanguage(plan, t.pointer);
    if (shownIn !== lang) counts.set(shownIn, (counts.get(shownIn) ?? 0) + 1);
  }
  const most = [...counts].sort((a, b) => b[1] - a[1])[0];
  const missing = [...counts.values()].reduce((n, c) => n + c, 0);
  return { total: texts.length, missing, shownIn: most?.[0] ?? null };
}

/** The first page's note of a report whose document lacks some texts in its language. */
function incompleteNote(plan: PlanDocument, lang: Language, l: Labels): string | null {
  const c = reportCompleteness(plan, lang);
  return c.shownIn === null ? null : l.incomplete(c.missing, c.total, c.shownIn);
}
