/**
 * Pieces shared by the portal pages: cited texts, status badges, timings, occurrence
 * progress, evidence links, the "original language" mark.
 */
import { splitCitations } from "../../core/citations.ts";
import { completeness, isComplete, languageName, textLanguage } from "../../core/language.ts";
import type {
  Activity,
  Language,
  Location,
  Occurrence,
  PlanDocument,
  Source,
  StatusCode,
  Timing,
} from "../../core/plan.ts";
import { statusLabel } from "../../core/status.ts";
import { statusEntry } from "../../core/status-table.ts";
import { formatTiming, placeInYear } from "../../core/timing.ts";
import { labels } from "../../render/labels.ts";
import { footnoteNumbers } from "../../render/report.ts";
import { html, type SafeHtml } from "../html.ts";
import type { PageCtx } from "../layout.ts";

/**
 * A plan as a page shows it: the document in the page language, each untranslated text
 * falling back per core/language.ts and listed in `doc.textLanguages`.
 */
export type PlanView = {
  doc: PlanDocument;
  /** For the working copy: the latest edition, when the plan changed since it was published. */
  changedSinceEdition?: number | null;
  lifecycleStatus: "draft" | "submitted" | "approved";
  reportStatus: "draft" | "approved" | "published";
  /** The ordinal of the Assembly that approved the plan. */
  approvedByAssembly: number | null;
};

/** Only http(s) links become hrefs: anything else stored by mistake stays text. */
export function safeUrl(url: string | null): string | null {
  return url && /^https?:\/\/\S+$/i.test(url) ? url : null;
}

/**
 * A text as the page shows it: marked, with its `lang`, when it is shown in another language
 * than the page's because it has no translation (`pointer` as in core translatableTexts).
 */
export function wording(
  ctx: PageCtx,
  view: PlanView,
  shown: string,
  pointer: string | null,
  render: (s: string) => SafeHtml | string = (s) => s,
): SafeHtml {
  const lang = pointer === null ? view.doc.language : textLanguage(view.doc, pointer);
  if (lang !== ctx.lang && shown.trim() !== "") {
    return html`<span lang="${lang}">${render(shown)}</span><span class="orig">${ctx.t.notTranslated(languageName(lang, ctx.lang))}</span>`;
  }
  return html`${render(shown)}`;
}

/** The note of a page whose plan is not wholly translated into the page's language. */
export function untranslatedNote(ctx: PageCtx, view: PlanView): SafeHtml {
  // Every text in the document's language (nothing listed in another): nothing to count.
  const other = Object.values(view.doc.textLanguages ?? {});
  if (other.every((l) => l === view.doc.language)) return html``;
  const c = completeness(view.doc);
  if (isComplete(c)) return html``;
  const main = c.shownIn[0]?.language ?? view.doc.language;
  return html`<p class="orig-note"><span class="orig">${ctx.t.incompleteTranslation(c.total - c.translated, c.total, languageName(main, ctx.lang))}</span></p>`;
}

/** The JSON Pointer of an area of the document, by code (null when absent). */
export function areaPointer(doc: PlanDocument, code: string): string | null {
  const i = doc.areas.findIndex((a) => a.code === code);
  return i < 0 ? null : `/areas/${i}`;
}

/** The JSON Pointer of an activity of the document, by code (null when absent). */
export function activityPointer(doc: PlanDocument, code: string): string | null {
  // A page asks for every activity's: indexed once per document (as sourceMap is), not
  // searched for each (quadratic in the plan's activities).
  let pointers = activityPointers.get(doc);
  if (!pointers) {
    pointers = new Map();
    for (const [i, area] of doc.areas.entries()) {
      for (const [j, a] of area.activities.entries()) {
        if (!pointers.has(a.code)) pointers.set(a.code, `/areas/${i}/activities/${j}`);
      }
    }
    activityPointers.set(doc, pointers);
  }
  return pointers.get(code) ?? null;
}

const activityPointers = new WeakMap<PlanDocument, Map<string, string>>();

/** `${pointer}/${field}`, or null with no pointer. */
export const under = (pointer: string | null, field: string): string | null =>
  pointer === null ? null : `${pointer}/${field}`;

/**
 * Source id -> the number the report gives it, for the report of `doc` in `lang`: what a
 * page shows, so a page and every file of one edition number every source alike. Computed
 * once per document and language (a cached document keeps its numbers).
 */
export type Numbers = ReadonlyMap<number, number>;

const numbered = new WeakMap<PlanDocument, Map<Language, Numbers>>();

export function numbersOf(doc: PlanDocument, lang: Language): Numbers {
  const byLang = numbered.get(doc) ?? new Map<Language, Numbers>();
  numbered.set(doc, byLang);
  const known = byLang.get(lang);
  if (known) return known;
  const map = footnoteNumbers(doc, lang);
  byLang.set(lang, map);
  return map;
}

/** The numbers a page of `view` in the page's language shows. */
export const pageNumbers = (ctx: PageCtx, view: PlanView): Numbers => numbersOf(view.doc, ctx.lang);

/** A footnote mark linking to `#src-N`: N the source's number (its id with no numbers). */
export function noteRef(id: number, numbers?: Numbers): SafeHtml {
  const n = numbers?.get(id) ?? id;
  return html`<sup><a href="#src-${n}" aria-label="${`[${n}]`}">${n}</a></sup>`;
}

/** A text with its `[^N]` markers as footnote links (numbered by `numbers` when given). */
export function cited(text: string, numbers?: Numbers): SafeHtml {
  return html`${splitCitations(text).map((s) => ("text" in s ? s.text : noteRef(s.source, numbers)))}`;
}

/** `cited` with a page's numbers, as a `wording` render function. */
export const citedBy =
  (numbers: Numbers) =>
  (text: string): SafeHtml =>
    cited(text, numbers);

export function statusText(code: StatusCode, lang: Language): string {
  return statusLabel(code, lang);
}

export function statusBadge(code: StatusCode, lang: Language): SafeHtml {
  return html`<span class="badge s-${code}">${statusText(code, lang)}</span>`;
}

/** The label of the line showing a status's date: "Held" only for what was held. */
export function statusDateLabel(code: StatusCode, lang: Language): string {
  return statusEntry(code).dateLine[lang];
}

/** Whether a timing says anything: an unspecified one with no wording does not. */
export function saysWhen(t: Timing | null): t is Timing {
  return t !== null && !(t.kind === "unspecified" && t.text.trim() === "");
}

export function timing(t: Timing | null, ctx: PageCtx): string {
  if (!t || t.kind === "unspecified") return t?.text || ctx.t.whenUnknown;
  return formatTiming(t, ctx.lang);
}

export function longDate(iso: string, lang: Language): string {
  return labels(lang).longDate(iso);
}

export function place(loc: Location, ctx: PageCtx): string {
  if (loc.kind === "virtual" && !loc.text) return ctx.t.virtual;
  return loc.text;
}

/** "5 of 4 held" for a frequency target, with a meter; null for other activities. */
export function progress(a: Activity, ctx: PageCtx): SafeHtml | null {
  if (a.planned.kind !== "frequency" || a.planned.count === null) {
    return a.occurrences.length > 1
      ? html`<span class="progress">${ctx.t.progressHeldOnly(a.occurrences.length)}</span>`
      : null;
  }
  const held = a.occurrences.length;
  const target = a.planned.count;
  return html`<span class="progress"><meter min="0" max="${target}" value="${Math.min(held, target)}" aria-hidden="true"></meter><span>${ctx.t.progressHeld(held, target)}</span></span>`;
}

/** A time something was held; "(after the year's end)" when it lies after the plan `year`. */
export function heldTiming(t: Timing, ctx: PageCtx, year?: number): string {
  const when = timing(t, ctx);
  return year !== undefined && placeInYear(t, year) === "after"
    ? `${when} (${ctx.t.afterYearEndShown})`
    : when;
}

/** An occurrence's time, linked to its first evidence when it has one. */
export function occurrenceLink(
  o: Occurrence,
  sources: ReadonlyMap<number, Source>,
  ctx: PageCtx,
  year?: number,
  numbers?: Numbers,
): SafeHtml {
  const when = heldTiming(o.when, ctx, year);
  const url = o.sources.map((id) => safeUrl(sources.get(id)?.url ?? null)).find(Boolean);
  const refs = o.sources.map((id) => noteRef(id, numbers));
  return url ? html`<a href="${url}" rel="noopener">${when}</a>${refs}` : html`${when}${refs}`;
}

const sourceMaps = new WeakMap<PlanDocument, ReadonlyMap<number, Source>>();

/** Source id -> source, made once per document (a page asks for it once per activity). */
export function sourceMap(doc: PlanDocument): ReadonlyMap<number, Source> {
  let map = sourceMaps.get(doc);
  if (!map) {
    map = new Map(doc.sources.map((s) => [s.id, s] as const));
    sourceMaps.set(doc, map);
  }
  return map;
}

/** The footnotes a page cites, numbered as the report numbers them, with their links. */
export function sourceList(
  ids: Iterable<number>,
  ctx: PageCtx,
  view: PlanView,
  heading = ctx.t.sources,
): SafeHtml {
  const byId = sourceMap(view.doc);
  const index = new Map(view.doc.sources.map((s, i) => [s.id, `/sources/${i}`]));
  const numbers = pageNumbers(ctx, view);
  const num = (id: number) => numbers.get(id) ?? id;
  const wanted = [...new Set(ids)].filter((id) => byId.has(id)).sort((a, b) => num(a) - num(b));
  if (wanted.length === 0) return html``;
  return html`<section aria-labelledby="sources-h"><h2 id="sources-h">${heading}</h2><ol class="notes">${wanted.map(
    (id) => {
      const s = byId.get(id) as Source;
      const p = index.get(id) ?? null;
      const url = safeUrl(s.url);
      const label = s.label ? wording(ctx, view, s.label, under(p, "label")) : "";
      const note = s.note ? wording(ctx, view, s.note, under(p, "note")) : "";
      const fallback = !url && !s.label && !s.note ? (s.text ?? "") : "";
      return html`<li id="src-${num(id)}" value="${num(id)}">${label}${label && url ? ": " : ""}${url ? html`<a href="${url}" rel="noopener">${url}</a>` : ""}${note ? html` ${note}` : ""}${fallback}</li>`;
    },
  )}</ol></section>`;
}

/** Every source id an activity cites (title, status, occurrences). */
export function activitySourceIds(a: Activity): number[] {
  return [...a.sources, ...a.status.sources, ...a.occurrences.flatMap((o) => o.sources)];
}

export function findArea(doc: PlanDocument | null, code: string) {
  return doc?.areas.find((a) => a.code === code);
}

export function findActivity(doc: PlanDocument | null, code: string) {
  for (const area of doc?.areas ?? []) {
    const a = area.activities.find((x) => x.code === code);
    if (a) return { area, activity: a };
  }
  return undefined;
}
