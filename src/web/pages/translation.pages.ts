/**
 * The side-by-side translation view of a plan in one language: every translatable text with
 * its original on the left and its translation's field on the right, untranslated ones
 * marked, a completeness bar on top, and the upload of a translated report below.
 */
import type { PlanTranslation, TranslationText } from "../../app/translate-plan.ts";
import { languageName } from "../../core/language.ts";
import type { Language } from "../../core/plan.ts";
import { html, type SafeHtml } from "../html.ts";
import { csrfField, href, type PageCtx } from "../layout.ts";
import { simpleEditPage } from "./editor.pages.ts";
import { form } from "./forms.ts";

/** The upload's outcome: texts attached and the file's parts that did not match. */
export type UploadOutcome = {
  attached: number | null;
  mismatches: string[];
  error: string | null;
};

/** The completeness of a translation in the interface's words ("Spanish: 212 of 412 texts"). */
export function translationProgress(
  ctx: PageCtx,
  lang: Language,
  translated: number,
  total: number,
  id: string,
): SafeHtml {
  return html`<div class="tr-progress"><span id="${id}">${ctx.t.tr_progress(languageName(lang, ctx.lang), translated, total)}</span><progress max="${total}" value="${translated}" aria-labelledby="${id}">${translated} / ${total}</progress></div>`;
}

const where = (ctx: PageCtx, t: TranslationText) =>
  `${ctx.t.tr_section(t.where.section, t.where.ref ?? "")} · ${ctx.t.tr_field(t.where.field)}`;

function row(
  ctx: PageCtx,
  t: TranslationText,
  i: number,
  lang: Language,
  orig: Language,
  heads: { orig: string; tr: string },
) {
  const id = `tr-${i}`;
  const missing = t.translation === null;
  const label = where(ctx, t);
  const value = t.translation ?? "";
  // Sized to the longer of the two texts: short ones stay one line, paragraphs show whole.
  const rows = Math.max(1, Math.ceil(Math.max(t.original.length, value.length) / 42));
  const control = t.writable
    ? html`<textarea id="${id}" name="tr:${t.key}" lang="${lang}" rows="${rows}" aria-labelledby="${id}-w">${value}</textarea><input type="hidden" name="was:${t.key}" value="${value}">`
    : html`<div lang="${lang}">${value}</div>`;
  return html`<tr${missing ? html` class="tr-missing"` : ""}>
<th scope="row" id="${id}-w">${label}${missing ? html`<br><span class="badge">${ctx.t.tr_missing}</span>` : ""}</th>
<td lang="${orig}" data-label="${heads.orig}">${t.original}</td>
<td data-label="${heads.tr}">${control}</td></tr>`;
}

export function translationPage(
  ctx: PageCtx,
  x: {
    translation: PlanTranslation;
    /** Only the untranslated texts. */
    missingOnly: boolean;
    saved: boolean;
    upload: UploadOutcome | null;
    canUpload: boolean;
  },
): string {
  const tr = x.translation;
  const plan = tr.plan;
  const lang = tr.language;
  const orig = plan.language;
  const base = `/edit/${plan.network.slug}/${plan.year}/translations/${lang}`;
  const shown = x.missingOnly ? tr.texts.filter((t) => t.translation === null) : tr.texts;
  const writable = shown.some((t) => t.writable);
  const langName = languageName(lang, ctx.lang);
  const filter = x.missingOnly
    ? html`<a href="${href(ctx, base)}">${ctx.t.tr_showAll}</a>`
    : html`<a href="${href(ctx, `${base}?missing=1`)}">${ctx.t.tr_missingOnly}</a>`;
  const heads = {
    orig: ctx.t.inOriginal(languageName(orig, ctx.lang)),
    tr: `${ctx.t.translation} (${langName})`,
  };
  const table = html`<div class="table-wrap"><table class="translation">
<thead><tr><th scope="col">${ctx.t.tr_text}</th><th scope="col">${heads.orig}</th><th scope="col">${heads.tr}</th></tr></thead>
<tbody>${shown.map((t) => row(ctx, t, tr.texts.indexOf(t), lang, orig, heads))}</tbody></table></div>`;
  const texts = writable
    ? form(
        ctx,
        x.missingOnly ? `${base}?missing=1` : base,
        html`<p class="muted">${ctx.t.tr_hint}</p>${table}`,
        ctx.t.save,
        "stack wide",
      )
    : html`<p class="muted">${ctx.t.tr_readOnly}</p>${table}`;
  const u = x.upload;
  const outcome = u
    ? html`${u.error ? html`<div class="errbox" role="alert"><p>${u.error}</p></div>` : ""}${
        u.attached !== null
          ? html`<p class="ok" role="status">${ctx.t.tr_attached(u.attached)}</p>`
          : ""
      }${
        u.mismatches.length > 0
          ? html`<div class="errbox" role="alert"><p><strong>${ctx.t.tr_mismatches}</strong></p><ul class="mismatches">${u.mismatches.map((m) => html`<li><code>${m}</code></li>`)}</ul></div>`
          : ""
      }`
    : "";
  const upload = x.canUpload
    ? html`<section class="card" aria-labelledby="up-h"><h2 id="up-h">${ctx.t.tr_upload}</h2>${outcome}
<p class="muted">${ctx.t.tr_uploadHint(langName)}</p>
<form method="post" action="${href(ctx, `${base}/upload`)}" enctype="multipart/form-data" class="stack" novalidate>${csrfField(ctx)}
<div class="field"><label for="f-file">${ctx.t.tr_file}</label><input type="file" id="f-file" name="file" accept=".txt,.md,.markdown,.docx,text/plain,text/markdown,application/vnd.openxmlformats-officedocument.wordprocessingml.document" required></div>
<div class="check"><input type="checkbox" id="f-partial" name="partial" value="1"><label for="f-partial">${ctx.t.tr_partial}</label></div>
<div><button type="submit">${ctx.t.tr_uploadButton}</button></div></form></section>`
    : "";
  const body = html`<section class="card">${translationProgress(ctx, lang, tr.translated, tr.total, "tr-done")}<p>${filter}</p></section>
${texts}
${upload}`;
  return simpleEditPage(ctx, {
    title: ctx.t.tr_title(langName, plan.year),
    year: plan.year,
    saved: x.saved,
    crumbs: [
      { href: `/${plan.network.slug}`, label: plan.network.name },
      { href: `/${plan.network.slug}/${plan.year}`, label: ctx.t.planOf(plan.year) },
      { href: `/edit/${plan.network.slug}/${plan.year}`, label: ctx.t.edit },
      { label: langName },
    ],
    body,
  });
}

/** The plan edit page's links to its translations, one per other language, with their progress. */
export function translationLinks(
  ctx: PageCtx,
  base: string,
  langs: { lang: Language; translated: number; total: number }[],
): SafeHtml {
  return html`<section class="card" aria-labelledby="trl-h"><h2 id="trl-h">${ctx.t.tr_translations}</h2><ul class="plain tr-links">${langs.map(
    (l) =>
      html`<li><a href="${href(ctx, `/edit${base}/translations/${l.lang}`)}">${ctx.t.tr_translateInto(languageName(l.lang, ctx.lang))}</a> ${translationProgress(ctx, l.lang, l.translated, l.total, `trl-${l.lang}`)}</li>`,
  )}</ul></section>`;
}
