/**
 * The execution report as Markdown, in the seed report's structure and order, written
 * so that the text importer reads it back (src/import/parse-text-report.ts): one
 * paragraph per line of the seed, headings `#`..`####`, footnote definitions
 * `[^N]: …` after the section that first cites them.
 */
import type { Language, PlanDocument } from "../core/plan.ts";
import { splitFootnote } from "./footnotes.ts";
import { escapeMarkdown, languageMark } from "./markdown-escape.ts";
import { buildReport, type Phrase, type ReportNote, type Shown, withPeriod } from "./report.ts";

export { escapeMarkdown, stripLanguageMark, unescapeMarkdown } from "./markdown-escape.ts";

export type MarkdownOptions = {
  /** The report's language; default: the plan's. */
  lang?: Language;
  /** Show the draft distribution note; default: the plan has one. */
  draft?: boolean;
};

const esc = escapeMarkdown;

/**
 * A footnote's text: words escaped, http(s) links as written (an autolink stays `<…>`).
 * Any other scheme is escaped into plain text, so no reader makes a `javascript:` link;
 * brackets inside a bare http(s) link are escaped too, so `https://x/[a](javascript:…)`
 * cannot open a link of its own (an autolink's `<…>` cannot hold `<`, `>` or spaces).
 */
function footnoteMarkdown(text: string): string {
  return splitFootnote(text)
    .map((p) => {
      if ("text" in p) return esc(p.text);
      if (p.url === null || p.written.includes("\\")) return esc(p.written);
      return p.written.startsWith("<") ? p.written : p.written.replace(/[[\]]/g, "\\$&");
    })
    .join("");
}

function definitions(
  notes: readonly ReportNote[],
  missing: string,
  mark: (lang: Language) => string,
): string[] {
  return notes.map((n) => {
    const text = n.found ? `${footnoteMarkdown(n.text)}${mark(n.lang)}` : esc(missing);
    return `[^${n.number}]: ${text}`.trimEnd();
  });
}

/** The report of `plan` as Markdown (blocks separated by one blank line, final newline). */
export function renderMarkdown(plan: PlanDocument, options: MarkdownOptions = {}): string {
  const r = buildReport(plan, options);
  const l = r.labels;
  const blocks: string[] = [];
  const add = (...b: string[]) => blocks.push(...b);
  // Markdown has no `lang`: a text shown in another language is followed by a visible mark.
  const mark = (lang: Language) => (lang === r.lang ? "" : languageMark(lang, r.lang));
  const md = (s: Shown, f: (t: string) => string = (t) => t) => `${esc(f(s.text))}${mark(s.lang)}`;
  const phrase = (ph: Phrase) =>
    `${esc(ph.map((x) => x.text).join(""))}${[...new Set(ph.map((x) => x.lang))].map(mark).join("")}`;
  const notes = (n: readonly ReportNote[]) => add(...definitions(n, l.missingSource, mark));

  for (const line of r.distribution) add(esc(line));
  add(esc(r.original));
  if (r.incomplete !== null) add(`**${esc(r.incomplete)}**`);
  if (r.assembly !== null) add(phrase(r.assembly));
  if (r.date !== null) add(esc(r.date.text));
  add(`# ${esc(r.title)}`);

  if (r.background) {
    add(`## 1. ${l.background}`, ...r.background.paragraphs.map((p) => md(p)));
    notes(r.background.notes);
  }
  if (r.purpose) {
    add(`## 2) ${l.purpose}`, ...r.purpose.paragraphs.map((p) => md(p)));
    notes(r.purpose.notes);
  }
  if (r.areas.length > 0 || r.annex) add(`## ${r.areasNumber}) ${l.workAreas}`);
  for (const area of r.areas) {
    add(`### ${area.code}) ${md(area.title)}`);
    if (area.objective !== null) add(`${l.objective}: ${md(area.objective)}`);
    for (const a of area.activities) {
      add(`#### ${a.code}) ${md(a.title, withPeriod)}`);
      if (a.location !== null) add(`${l.location}: ${md(a.location, withPeriod)}`);
      if (a.date !== null) add(`${l.date}: ${md(a.date, withPeriod)}`);
      if (a.status.line !== null) add(phrase(a.status.line));
    }
    notes(area.notes);
  }
  if (r.annex) {
    add(`### ${r.annex.code}) ${l.annex}`);
    if (r.annex.intro !== null) add(md(r.annex.intro));
    for (const item of r.annex.items) {
      const text = item.when === null ? item.title.text : `${item.when.text}: ${item.title.text}`;
      const langs = new Set([item.when?.lang ?? r.lang, item.title.lang]);
      add(`${esc(withPeriod(text))}${[...langs].map(mark).join("")}`);
    }
    notes(r.annex.notes);
  }
  notes(r.endNotes);
  return `${blocks.join("\n\n")}\n`;
}
