/**
 * The execution report as one self-contained HTML5 page: the seed's structure, linkable
 * headings, footnotes with links back to every reference, an A4 print stylesheet. Every
 * text goes through the `html` template, so escaping is the default.
 */
import { splitCitations, stripCitations } from "../core/citations.ts";
import type { Language, PlanDocument } from "../core/plan.ts";
import { statusLabel } from "../core/status.ts";
import { splitFootnote } from "./footnotes.ts";
import { html, raw, type SafeHtml } from "./html-escape.ts";
import { reportCss } from "./html-style.ts";
import {
  buildReport,
  type Phrase,
  type Report,
  type ReportActivity,
  type ReportArea,
  type ReportNote,
  type Shown,
} from "./report.ts";

export type HtmlOptions = {
  /** The report's language; default: the plan's. */
  lang?: Language;
  /** Show the distribution note (on screen at the top, in print on every page); default: the plan has one. */
  draft?: boolean;
  /** The http(s) address the page is published at: used for its canonical link and heading links. */
  baseUrl?: string;
};

const HTTP = /^https?:\/\/\S+$/i;

/** The report of `plan` as a complete HTML page. */
export function renderHtml(plan: PlanDocument, options: HtmlOptions = {}): string {
  const { baseUrl } = options;
  if (baseUrl !== undefined && !HTTP.test(baseUrl)) {
    throw new TypeError(`baseUrl must be an http(s) URL: ${baseUrl}`);
  }
  const r = buildReport(plan, options);
  const l = r.labels;
  const base = (baseUrl ?? "").replace(/#.*$/, "");

  // How many times each footnote has been referred to so far (for fnref ids and backlinks).
  const refs = new Map<number, number>();
  const inline = (text: string): SafeHtml =>
    html`${splitCitations(text).map((s) => {
      if ("text" in s) return s.text;
      const k = (refs.get(s.source) ?? 0) + 1;
      refs.set(s.source, k);
      return html`<sup><a href="#fn-${s.source}" id="fnref-${s.source}-${k}" role="doc-noteref">${s.source}</a></sup>`;
    })}`;
  const heading = (level: 2 | 3 | 4, id: string, number: string, text: SafeHtml): SafeHtml => {
    const tag = raw(`h${level}`);
    return html`<${tag} id="${id}"><span class="num">${number}</span> ${text}<a class="permalink" href="${base}#${id}" aria-label="${l.permalink}">#</a></${tag}>`;
  };
  // A text shown in another language than the report's: its own `lang`, and a visible mark
  // in the report's language ("(en inglés)").
  const mark = (lang: Language) =>
    html`<span class="orig" lang="${r.lang}">${l.inLanguage(lang)}</span>`;
  const shown = (s: Shown, body: SafeHtml = inline(s.text)): SafeHtml =>
    s.lang === r.lang ? body : html`<span lang="${s.lang}">${body}</span> ${mark(s.lang)}`;
  const phrase = (ph: Phrase): SafeHtml => {
    const other = [...new Set(ph.map((x) => x.lang).filter((x) => x !== r.lang))];
    return html`${ph.map((x) => (x.lang === r.lang ? inline(x.text) : html`<span lang="${x.lang}">${inline(x.text)}</span>`))}${other.map((x) => html` ${mark(x)}`)}`;
  };
  const paragraph = (p: Shown): SafeHtml =>
    p.lang === r.lang
      ? html`<p>${inline(p.text)}</p>\n`
      : html`<p lang="${p.lang}">${inline(p.text)} ${mark(p.lang)}</p>\n`;
  const paragraphs = (ps: readonly Shown[]) => ps.map((p) => paragraph(p));

  const activity = (a: ReportActivity): SafeHtml => {
    const field = (label: string, value: SafeHtml) =>
      html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
    const line =
      a.status.line === null
        ? ""
        : html` <span class="status-line">${phrase(a.status.line)}</span>`;
    return html`<article class="activity" aria-labelledby="${a.anchor}">
${heading(4, a.anchor, `${a.code})`, shown(a.title))}
<dl class="fields">${[
      a.location !== null && field(l.location, shown(a.location)),
      a.date !== null && field(l.date, shown(a.date)),
      field(
        l.status,
        html`<span class="badge badge-${a.status.code.replace(/_/g, "-")}">${statusLabel(a.status.code, r.lang)}</span>${line}`,
      ),
    ]}</dl>
</article>\n`;
  };
  const area = (ar: ReportArea): SafeHtml =>
    html`<section class="area" aria-labelledby="${ar.anchor}">
${heading(3, ar.anchor, `${ar.code})`, shown(ar.title))}
${ar.objective !== null && html`<p class="objective"><strong>${l.objective}:</strong> ${shown(ar.objective)}</p>\n`}${ar.activities.map(activity)}</section>\n`;

  const annexHtml = (an: NonNullable<Report["annex"]>): SafeHtml => {
    const { intro } = an;
    const introParagraphs =
      intro === null ? [] : intro.text.split(/\n{2,}/).map((text) => ({ text, lang: intro.lang }));
    return html`<section class="annex" aria-labelledby="annex">
${heading(3, "annex", `${an.code})`, html`${l.annex}`)}
${paragraphs(introParagraphs)}<ul class="annex-items">
${an.items.map((i) => html`<li>${i.when !== null && html`<strong class="when">${shown(i.when)}:</strong> `}${shown(i.title)}</li>\n`)}</ul>
</section>\n`;
  };

  const header = html`<header class="report-header">
${r.distribution.length > 0 && html`<p class="distribution" role="note">${r.distribution.join(" ")}</p>\n`}<p class="original">${r.original}</p>${r.incomplete !== null ? html`\n<p class="incomplete" role="note"><strong>${r.incomplete}</strong></p>` : ""}
${r.assembly !== null && html`<p class="assembly">${phrase(r.assembly)}</p>\n`}${r.date !== null && html`<p class="date"><time datetime="${r.date.iso}">${r.date.text}</time></p>\n`}<h1 id="title">${inline(r.title)}</h1>
</header>\n`;

  const body: SafeHtml[] = [];
  if (r.background) {
    body.push(
      html`<section aria-labelledby="background">\n${heading(2, "background", "1.", html`${l.background}`)}\n${paragraphs(r.background.paragraphs)}</section>\n`,
    );
  }
  if (r.purpose) {
    body.push(
      html`<section aria-labelledby="purpose">\n${heading(2, "purpose", "2)", html`${l.purpose}`)}\n${paragraphs(r.purpose.paragraphs)}</section>\n`,
    );
  }
  if (r.areas.length > 0 || r.annex) {
    // Built in document order: reference ids (fnref-N-k) count citations as they appear.
    const areas = r.areas.map(area);
    const annex = r.annex && annexHtml(r.annex);
    body.push(
      html`<section aria-labelledby="work-areas">\n${heading(2, "work-areas", `${r.areasNumber})`, html`${l.workAreas}`)}\n${areas}${annex}</section>\n`,
    );
  }

  const notes: ReportNote[] = [
    ...(r.background?.notes ?? []),
    ...(r.purpose?.notes ?? []),
    ...r.areas.flatMap((a) => a.notes),
    ...(r.annex?.notes ?? []),
    ...r.endNotes,
  ];
  const footnote = (n: ReportNote): SafeHtml => {
    const text = n.found
      ? splitFootnote(n.text).map((p) => {
          if ("text" in p) return p.text;
          const shown = p.written.replace(/^<(.*)>$/s, "$1");
          return p.url !== null ? html`<a href="${p.url}">${shown}</a>` : p.written;
        })
      : l.missingSource;
    const count = refs.get(n.number) ?? 0;
    const back = Array.from({ length: count }, (_, i) => {
      const label = count > 1 ? `${l.backToText} (${i + 1})` : l.backToText;
      return html` <a class="backref" href="#fnref-${n.number}-${i + 1}" role="doc-backlink" aria-label="${label}">↩${count > 1 && html`<sup>${i + 1}</sup>`}</a>`;
    });
    const words =
      n.found && n.lang !== r.lang
        ? html`<span lang="${n.lang}">${text}</span> ${mark(n.lang)}`
        : html`${text}`;
    return html`<li id="fn-${n.number}">${words}${back}</li>\n`;
  };
  if (notes.length > 0) {
    body.push(
      html`<section class="footnotes" role="doc-endnotes" aria-labelledby="notes">\n<h2 id="notes">${l.notes}</h2>\n<ol>\n${notes.map(footnote)}</ol>\n</section>\n`,
    );
  }

  const title = `${stripCitations(r.title)} — ${plan.network.name}`;
  return html`<!DOCTYPE html>
<html lang="${r.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
${baseUrl !== undefined && html`<link rel="canonical" href="${baseUrl}">\n`}<style>${raw(reportCss(r.distribution.length > 0 ? r.distribution.join(" ") : null))}</style>
</head>
<body>
${header}<main>
${body}</main>
</body>
</html>
`.toString();
}
