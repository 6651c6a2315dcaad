/** The editor's pages: item forms (original and translation side by side), history, conflicts. */

import { stripCitations } from "../../core/citations.ts";
import { languageName } from "../../core/language.ts";
import { type Activity, type Language, RELATION_KINDS, STATUS_CODES } from "../../core/plan.ts";
import { formatStatusLine, statusSentenceStale } from "../../core/status.ts";
import { html, type SafeHtml } from "../html.ts";
import { href, type PageCtx, page } from "../layout.ts";
import { cited, heldTiming, statusText, timing } from "./content.ts";
import { errorSummary, type FieldErrors, field, form, select } from "./forms.ts";

export type Values = Record<string, string>;

/** Label for the original and translation columns. */
function sideLabels(ctx: PageCtx, orig: string) {
  return {
    orig: ctx.t.inOriginal(languageName(orig as never, ctx.lang)),
    tr: ctx.t.inLanguage(languageName(ctx.lang, ctx.lang)),
  };
}

/** A translatable field: the original on the left, the page language on the right. */
export function sideBySide(
  ctx: PageCtx,
  name: string,
  label: string,
  orig: { lang: string; value: string },
  translation: string | null,
  errors: FieldErrors,
  textarea = false,
): SafeHtml {
  const l = sideLabels(ctx, orig.lang);
  if (translation === null) {
    return field({
      name,
      label: `${label} · ${l.orig}`,
      value: orig.value,
      errors,
      textarea,
      lang: orig.lang,
      required: true,
    });
  }
  return html`<fieldset class="card"><legend>${label}</legend><div class="side">
${field({ name, label: l.orig, value: orig.value, errors, textarea, lang: orig.lang, required: true })}
${field({ name: `${name}_tr`, label: l.tr, value: translation, errors, textarea, lang: ctx.lang })}
</div></fieldset>`;
}

type ActivityEditInit = {
  base: string;
  activity: Activity;
  origLang: string;
  translation: Activity | null;
  version: number;
  values?: Values;
  errors?: FieldErrors;
  which?: "fields" | "status" | "occurrence";
  saved?: boolean;
  history: SafeHtml;
  year: number;
  frozen: boolean;
  network: { slug: string; name: string };
};

/**
 * The status sentence the report prints: the one written (imported), flagged when the
 * record changed since, beside the one generated from the record, which the editor may take.
 */
function sentenceChoice(ctx: PageCtx, a: Activity, year: number, lang: Language): SafeHtml {
  const generated = formatStatusLine(a, lang);
  if (a.status.text.trim() === "" || a.status.text === generated) {
    return html`<p class="hint">${ctx.t.generatedSentence}: <span lang="${lang}">${cited(generated)}</span></p>`;
  }
  const stale = statusSentenceStale(a, { year });
  return html`<fieldset class="sentence${stale ? " stale" : ""}"><legend>${ctx.t.statusSentence}</legend>
<p lang="${lang}">${cited(a.status.text)}</p>
${stale ? html`<p class="warn" role="note">${ctx.t.statusSentenceStale}</p>` : ""}
<p>${ctx.t.generatedSentence}: <span lang="${lang}">${cited(generated)}</span></p>
<label><input type="checkbox" name="use_generated" value="1"${stale ? html` checked` : ""}> ${ctx.t.useGeneratedSentence}</label>
</fieldset>`;
}

/** The "held after the year's end" box: times after the plan year only when ticked. */
function afterYearEndBox(ctx: PageCtx, v: Values): SafeHtml {
  const on = v.after_year_end === "1";
  return html`<p><label><input type="checkbox" name="after_year_end" value="1"${on ? html` checked` : ""}> ${ctx.t.afterYearEnd}</label></p>`;
}

/**
 * When a status happened and its evidence, in the status form: one step for one fact
 * ("executed on this day, here is the proof"). All optional: empty keeps the status's time.
 */
function whenFields(
  ctx: PageCtx,
  v: Values,
  errors: FieldErrors,
  id: string,
  legend = ctx.t.statusWhen,
): SafeHtml {
  return html`<fieldset><legend>${legend}</legend><p class="hint">${ctx.t.dateHint}</p><div class="row">
${field({ id: `${id}-date`, name: "date", label: ctx.t.occurrenceDate, type: "date", value: v.date ?? "", errors })}
${field({ id: `${id}-month`, name: "month", label: ctx.t.occurrenceMonth, type: "month", value: v.month ?? "", errors })}</div>
${field({ id: `${id}-url`, name: "url", label: ctx.t.evidenceUrl, type: "url", value: v.url ?? "", hint: ctx.t.urlHint, errors })}
${field({ id: `${id}-label`, name: "label", label: ctx.t.evidenceLabel, value: v.label ?? "", errors })}
${afterYearEndBox(ctx, v)}</fieldset>`;
}

/** How a relation reads ("Held jointly with"). */
export function relationLabel(ctx: PageCtx, kind: string): string {
  return ctx.t[`relation_${kind}` as "relation_joint"] ?? kind;
}

export function activityEditPage(ctx: PageCtx, x: ActivityEditInit): string {
  const a = x.activity;
  const v = x.values ?? {};
  const e = x.errors ?? {};
  const errs = (w: ActivityEditInit["which"]) => (x.which === w ? e : {});
  const act = `/edit${x.base}/activities/${a.code}`;
  const version = html`<input type="hidden" name="version" value="${x.version}">`;
  const fields = form(
    ctx,
    act,
    html`${version}${sideBySide(ctx, "title", ctx.t.title, { lang: x.origLang, value: v.title ?? a.title }, x.translation ? (v.title_tr ?? x.translation.title) : null, errs("fields"))}
${field({ name: "location", label: ctx.t.location, value: v.location ?? a.location.text, errors: errs("fields") })}
${field({ name: "planned", label: ctx.t.planned, value: v.planned ?? timing(a.planned, ctx), hint: ctx.t.plannedHint, errors: errs("fields") })}
${x.frozen ? html`${field({ name: "reason", label: `${ctx.t.amendment} · ${ctx.t.note}`, value: v.reason ?? "", hint: ctx.t.frozenNote, errors: errs("fields") })}` : ""}`,
    ctx.t.save,
  );
  const status = form(
    ctx,
    `${act}/status`,
    html`${version}<div class="row">${select(
      "status",
      ctx.t.status,
      STATUS_CODES.map((c) => ({ value: c, label: statusText(c, ctx.lang) })),
      v.status ?? a.status.code,
    )}</div>${field({ name: "note", label: ctx.t.statusNote, value: v.note ?? a.status.note ?? "", textarea: true, errors: errs("status") })}
${whenFields(ctx, x.which === "status" ? v : {}, errs("status"), "status-when")}
${sentenceChoice(ctx, a, x.year, x.origLang as Language)}`,
    ctx.t.setStatus,
  );
  const oe = errs("occurrence");
  const occurrence = form(
    ctx,
    `${act}/occurrences`,
    html`${version}<p class="hint" id="when-hint">${ctx.t.dateHint}</p><div class="row">
${field({ name: "date", label: ctx.t.occurrenceDate, type: "date", value: v.date ?? "", errors: oe })}
${field({ name: "month", label: ctx.t.occurrenceMonth, type: "month", value: v.month ?? "", errors: oe })}</div>
${field({ name: "url", label: ctx.t.evidenceUrl, type: "url", value: v.url ?? "", hint: ctx.t.urlHint, errors: oe })}
${field({ name: "label", label: ctx.t.evidenceLabel, value: v.label ?? "", errors: oe })}
${afterYearEndBox(ctx, x.which === "occurrence" ? v : {})}`,
    ctx.t.recordOccurrence,
  );
  const body = html`<h1>${ctx.t.editActivity} <span class="code">${a.code}</span></h1>
<p class="lead"><a href="${href(ctx, `${x.base}/activities/${a.code}`)}">${stripCitations(a.title)}</a></p>
${x.saved ? html`<p class="ok" role="status">${ctx.t.saved}</p>` : ""}
${errorSummary(ctx, e)}
<section class="card" aria-labelledby="ed-f"><h2 id="ed-f">${ctx.t.editActivity}</h2>${fields}</section>
<section class="card" aria-labelledby="ed-s"><h2 id="ed-s">${ctx.t.setStatus}</h2>${status}</section>
<section class="card" aria-labelledby="ed-o"><h2 id="ed-o">${ctx.t.recordOccurrence}</h2>
${a.occurrences.length ? html`<p>${ctx.t.occurrences}:</p><ul>${a.occurrences.map((o, i) => html`<li>${heldTiming(o.when, ctx, x.year)} <a href="${href(ctx, `${act}/occurrences/${i}`)}">${ctx.t.edit}</a> <a href="${href(ctx, `${act}/occurrences/${i}/delete?version=${x.version}`)}">${ctx.t.delete}</a></li>`)}</ul>` : ""}
${occurrence}</section>
${
  a.relations.length
    ? html`<section class="card" aria-labelledby="ed-r"><h2 id="ed-r">${ctx.t.relations}</h2><ul>${a.relations.map(
        (r, i) =>
          html`<li>${relationLabel(ctx, r.kind)} ${r.activity} <a href="${href(ctx, `${act}/relations/${i}`)}">${ctx.t.edit}</a> <a href="${href(ctx, `${act}/relations/${i}/delete?version=${x.version}`)}">${ctx.t.delete}</a></li>`,
      )}</ul></section>`
    : ""
}
${x.history}`;
  return page(ctx, {
    title: `${ctx.t.editActivity} ${a.code}`,
    body,
    nav: "plan",
    year: x.year,
    noindex: true,
    crumbs: [
      { href: `/${x.network.slug}`, label: x.network.name },
      { href: x.base, label: ctx.t.planOf(x.year) },
      { href: `${x.base}/activities/${a.code}`, label: a.code },
      { label: ctx.t.edit },
    ],
  });
}

/** The "changed by someone else" page: nothing was saved; both versions side by side. */
/** One field of the "changed by someone else" page: their current value beside yours. */
export type ConflictRow = { label: string; theirs: string; yours: string };

export function conflictPage(ctx: PageCtx, rows: ConflictRow[], editHref: string): string {
  const body = html`<h1>${ctx.t.conflictTitle}</h1>
<div class="errbox" role="alert"><p>${ctx.t.conflictText}</p></div>
<div class="card table-wrap"><table class="diff"><thead><tr><th scope="col">${ctx.t.field}</th><th scope="col">${ctx.t.theirVersion}</th><th scope="col">${ctx.t.yourVersion}</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><th scope="row">${r.label}</th><td>${r.theirs}</td><td>${r.yours}</td></tr>`)}</tbody></table></div>
<p><a class="button" href="${href(ctx, editHref)}">${ctx.t.editAgain}</a></p>`;
  return page(ctx, { title: ctx.t.conflictTitle, body, noindex: true });
}

/** A simple editor page: heading, a note, forms. */
export function simpleEditPage(
  ctx: PageCtx,
  init: {
    title: string;
    year?: number;
    crumbs?: { href?: string; label: string }[];
    saved?: boolean;
    errors?: FieldErrors;
    body: SafeHtml;
  },
): string {
  return page(ctx, {
    title: init.title,
    noindex: true,
    nav: "plan",
    ...(init.year ? { year: init.year } : {}),
    ...(init.crumbs ? { crumbs: init.crumbs } : {}),
    body: html`<h1>${init.title}</h1>${init.saved ? html`<p class="ok" role="status">${ctx.t.saved}</p>` : ""}${errorSummary(ctx, init.errors)}${init.body}`,
  });
}

export { field, form, select };

/** The form correcting one occurrence: its time (after the year's end when ticked), more evidence. */
export function occurrenceEditPage(
  ctx: PageCtx,
  x: {
    action: string;
    back: string;
    code: string;
    year: number;
    version: number;
    values: Values;
    errors: FieldErrors;
  },
): string {
  const body = form(
    ctx,
    x.action,
    html`<input type="hidden" name="version" value="${x.version}">
<p class="hint">${ctx.t.occurrenceEvidenceKept}</p>
${whenFields(ctx, x.values, x.errors, "occ", ctx.t.occurrenceWhen)}`,
    ctx.t.save,
  );
  return simpleEditPage(ctx, {
    title: `${ctx.t.editOccurrence} (${x.code})`,
    year: x.year,
    errors: x.errors,
    crumbs: [{ href: x.back, label: x.code }, { label: ctx.t.editOccurrence }],
    body: html`<div class="card">${body}</div>`,
  });
}

/** The form correcting an item of the annex: its time, its text, more evidence. */
export function annexItemEditPage(
  ctx: PageCtx,
  x: {
    action: string;
    back: string;
    year: number;
    version: number;
    values: Values;
    errors: FieldErrors;
  },
): string {
  const body = form(
    ctx,
    x.action,
    html`<input type="hidden" name="version" value="${x.version}">
${field({ name: "title", label: ctx.t.title, value: x.values.title ?? "", errors: x.errors, required: true })}
<p class="hint">${ctx.t.occurrenceEvidenceKept}</p>
${whenFields(ctx, x.values, x.errors, "annex", ctx.t.occurrenceWhen)}`,
    ctx.t.save,
  );
  return simpleEditPage(ctx, {
    title: ctx.t.editAnnexItem,
    year: x.year,
    errors: x.errors,
    crumbs: [{ href: x.back, label: ctx.t.annexItems }, { label: ctx.t.editAnnexItem }],
    body: html`<div class="card">${body}</div>`,
  });
}

/** The form correcting one relation of an activity: its kind and the other activity. */
export function relationEditPage(
  ctx: PageCtx,
  x: {
    action: string;
    back: string;
    code: string;
    year: number;
    version: number;
    frozen: boolean;
    values: Values;
    errors: FieldErrors;
  },
): string {
  const { values: v, errors } = x;
  const body = form(
    ctx,
    x.action,
    html`<input type="hidden" name="version" value="${x.version}">
<div class="row">${select(
      "kind",
      ctx.t.relationKind,
      RELATION_KINDS.map((k) => ({ value: k, label: relationLabel(ctx, k) })),
      v.kind ?? null,
    )}</div>
${field({ name: "activity", label: ctx.t.relationTarget, value: v.activity ?? "", hint: ctx.t.relationTargetHint, errors, required: true })}
${x.frozen ? field({ name: "reason", label: `${ctx.t.amendment} · ${ctx.t.note}`, value: v.reason ?? "", hint: ctx.t.frozenNote, errors }) : ""}`,
    ctx.t.save,
  );
  return simpleEditPage(ctx, {
    title: `${ctx.t.editRelation} (${x.code})`,
    year: x.year,
    errors: x.errors,
    crumbs: [{ href: x.back, label: x.code }, { label: ctx.t.editRelation }],
    body: html`<div class="card">${body}</div>`,
  });
}
