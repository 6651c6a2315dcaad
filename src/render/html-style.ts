/**
 * The report page's stylesheet: system fonts, dark text on white, one measure (~48rem),
 * and an A4 print layout that keeps an activity's lines on one page and repeats the
 * distribution note at the top of every printed page.
 */

/** A CSS string literal: everything but letters, digits and spaces as a hex escape. */
export function cssString(text: string): string {
  let out = "";
  for (const ch of text) {
    out += /[A-Za-z0-9 ]/.test(ch) ? ch : `\\${(ch.codePointAt(0) as number).toString(16)} `;
  }
  return `"${out}"`;
}

/**
 * The stylesheet; with a draft note, printed pages repeat it in their top margin. A
 * position: fixed element cannot do that without covering the text of every page but
 * the first (Chromium clips it when moved into the margin), so print uses an @page
 * margin box and hides the on-screen note, which would otherwise show twice on page 1.
 */
export function reportCss(draftNote: string | null): string {
  if (draftNote === null) return BASE_CSS;
  return `${BASE_CSS}@page { @top-center { content: ${cssString(draftNote)}; font: 600 8.5pt system-ui, sans-serif; color: #333; } }
@media print { .distribution { display: none; } }
`;
}

const BASE_CSS = `
:root {
  --ink: #1b1f24; --muted: #4a5360; --rule: #d5dae1; --accent: #1f3b63; --paper: #fff;
  color-scheme: light;
}
* { box-sizing: border-box; }
html { background: var(--paper); color: var(--ink); }
body {
  margin: 0 auto; padding: 2rem 1.25rem 4rem; max-width: 48rem;
  font: 1rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif;
  overflow-wrap: break-word;
}
a { color: var(--accent); }
a:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.report-header { border-bottom: 2px solid var(--accent); margin-bottom: 2rem; padding-bottom: 1rem; }
.report-header p { margin: 0.15rem 0; color: var(--muted); }
.report-header .assembly { color: var(--ink); font-weight: 600; margin-top: 1rem; }
.distribution {
  display: inline-block; margin: 0 0 1rem; padding: 0.2rem 0.6rem;
  border: 1px solid var(--accent); border-radius: 3px; color: var(--accent);
  font-size: 0.85rem; font-weight: 600; letter-spacing: 0.02em;
}
h1, h2, h3, h4 { color: var(--accent); line-height: 1.25; }
h1 { font-size: 1.9rem; margin: 1rem 0 0; }
h2 { font-size: 1.45rem; margin: 2.5rem 0 1rem; border-bottom: 1px solid var(--rule); padding-bottom: 0.3rem; }
h3 { font-size: 1.2rem; margin: 2rem 0 0.75rem; }
h4 { font-size: 1.02rem; margin: 0 0 0.4rem; color: var(--ink); }
.num { font-variant-numeric: tabular-nums; color: var(--muted); font-weight: 600; }
.permalink { margin-left: 0.4rem; color: var(--muted); text-decoration: none; opacity: 0; }
:is(h2, h3, h4):hover .permalink, .permalink:focus { opacity: 1; }
.objective { margin: 0 0 1.25rem; }
.activity { margin: 0 0 1rem; padding: 0.75rem 1rem; border-left: 3px solid var(--rule); background: #f7f8fa; }
.fields { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 0.9rem; margin: 0; }
.fields > div { display: contents; }
.fields dt { color: var(--muted); font-weight: 600; }
.fields dd { margin: 0; }
.badge {
  display: inline-block; padding: 0 0.45rem; border-radius: 999px; border: 1px solid currentColor;
  font-size: 0.8rem; font-weight: 600; line-height: 1.5; white-space: nowrap; vertical-align: 0.05em;
}
.badge-planned, .badge-superseded { color: #3d4652; background: #eef0f3; }
.badge-scheduled { color: #253f8a; background: #e8edfb; }
.badge-in-progress, .badge-ongoing { color: #0b4f6c; background: #e3f2f8; }
.badge-executed { color: #1d5a2c; background: #e5f4e8; }
.badge-executed-otherwise { color: #36561a; background: #eef5e1; }
.badge-postponed { color: #6b4100; background: #fdf1dc; }
.badge-cancelled { color: #8a1c1c; background: #fbe7e7; }
.annex-items { padding-left: 1.2rem; }
.annex-items li { margin: 0.3rem 0; }
sup { line-height: 0; font-size: 0.72em; }
sup a { text-decoration: none; padding: 0 0.1em; }
.footnotes { font-size: 0.88rem; color: var(--muted); }
.footnotes ol { padding-left: 2rem; }
.footnotes li { margin: 0.25rem 0; }
.footnotes li:target, sup a:target { background: #fff4c2; }
.backref { text-decoration: none; }
.orig { color: var(--muted); font-size: 0.85em; font-style: italic; font-weight: 400; white-space: nowrap; }
.report-header .incomplete { color: #6b4100; margin-top: 0.6rem; }
@page {
  size: A4; margin: 24mm 18mm 20mm;
  @bottom-right { content: counter(page) " / " counter(pages); font: 8.5pt system-ui, sans-serif; color: #555; }
}
@media print {
  html, body { background: #fff; }
  body { max-width: none; padding: 0; font-size: 10.5pt; line-height: 1.45; }
  a { color: inherit; text-decoration: none; }
  .permalink, .backref { display: none; }
  .report-header { margin-bottom: 1rem; }
  h1, h2, h3, h4, .objective { break-after: avoid; page-break-after: avoid; }
  .activity { background: none; padding: 0.2rem 0 0.2rem 0.6rem; break-inside: avoid; page-break-inside: avoid; }
  .annex-items li, .footnotes li, .objective { break-inside: avoid; page-break-inside: avoid; }
  p { orphans: 3; widows: 3; }
  .badge { background: none; }
}
`;
