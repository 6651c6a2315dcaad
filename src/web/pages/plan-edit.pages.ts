/** The editor's pages of a plan's own fields, lifecycle, report, areas, annex and sources. */
import type { PlanSourceEntry } from "../../app/list-plan-sources.ts";
import { stripCitations } from "../../core/citations.ts";
import type { Language } from "../../core/plan.ts";
import type { PlanRecord } from "../../db/plan.repository.ts";
import { html, type SafeHtml } from "../html.ts";
import { href, type PageCtx } from "../layout.ts";
import { safeUrl } from "./content.ts";
import { sideBySide, simpleEditPage, type Values } from "./editor.pages.ts";
import { type FieldErrors, field, form } from "./forms.ts";
import { lifecycleBadge } from "./plan.pages.ts";
import { translationLinks } from "./translation.pages.ts";

/** Plan approval: its status and, for those who decide (`may`), the next step's form. */
/** What the viewer may do with a plan's lifecycle (can()'s answers). */
export type Decides = { submit: boolean; approve: boolean; publish: boolean };

export function lifecycleControls(
  ctx: PageCtx,
  plan: PlanRecord,
  decides: Decides,
  values: Values = {},
  errors: FieldErrors = {},
): SafeHtml {
  const base = `/edit/${plan.network.slug}/${plan.year}`;
  const version = html`<input type="hidden" name="version" value="${plan.version}">`;
  const step = (action: string, label: string, extra: SafeHtml = html``) =>
    form(
      ctx,
      `${base}/lifecycle`,
      html`${version}<input type="hidden" name="action" value="${action}">${extra}`,
      label,
    );
  const may = decides.submit;
  let next: SafeHtml = html``;
  if (may && plan.lifecycleStatus === "draft") next = step("submit", ctx.t.submitPlan);
  if (may && plan.lifecycleStatus === "submitted") {
    // Approving is the network administrators' (can()): editors only hand in and take back.
    next = html`${
      decides.approve
        ? step(
            "approve",
            ctx.t.approvePlan,
            html`<div class="row">
${field({ name: "ordinal", label: ctx.t.assemblyOrdinal, type: "number", value: values.ordinal ?? String(plan.presentedAt ?? ""), errors, required: true })}
${field({ name: "date", label: ctx.t.assemblyDate, type: "date", value: values.date ?? "", errors, required: true })}
${field({ name: "place", label: ctx.t.assemblyPlace, value: values.place ?? "", errors, required: true })}</div>`,
          )
        : ""
    }${step("return", ctx.t.returnToDraft)}`;
  }
  return html`<section class="card" aria-labelledby="lc-h"><h2 id="lc-h">${ctx.t.lifecycle}</h2>
<p>${ctx.t.planStatus}: ${lifecycleBadge(ctx, plan.lifecycleStatus)}</p>
${plan.lifecycleStatus === "approved" ? html`<p class="muted">${ctx.t.frozenNote}</p>` : ""}
${next}
${may ? html`<p class="muted">${ctx.t.carryOverHint}</p>${form(ctx, `${base}/carry-over`, version, ctx.t.carryOver(plan.year + 1))}` : ""}</section>`;
}

/** Report approval and publication, for those who decide (`decides`). */
export function reportControls(ctx: PageCtx, plan: PlanRecord, decides: Decides): SafeHtml {
  const action = (a: string, label: string) =>
    form(
      ctx,
      `/edit/${plan.network.slug}/${plan.year}/report`,
      html`<input type="hidden" name="version" value="${plan.version}"><input type="hidden" name="action" value="${a}">`,
      label,
    );
  const next =
    plan.lifecycleStatus !== "approved"
      ? ""
      : plan.reportStatus === "draft" && decides.approve
        ? action("approve", ctx.t.approveReport)
        : plan.reportStatus === "approved" && decides.publish
          ? action("publish", ctx.t.publishReport)
          : "";
  return html`<section class="card" aria-labelledby="rs-h"><h2 id="rs-h">${ctx.t.reportStatus}</h2>
<p>${lifecycleBadge(ctx, plan.reportStatus)}</p>${next}</section>`;
}

/** The plan's edit page: lifecycle, title (translation beside it), areas, history. */
export function planEditPage(
  ctx: PageCtx,
  x: {
    plan: PlanRecord;
    base: string;
    year: number;
    title: string;
    /** The title in the page language, or null when that is the plan's own. */
    translatedTitle: string | null;
    areas: { code: string; title: string }[];
    lifecycle: SafeHtml;
    history: SafeHtml | null;
    /** How far each other language is translated (links to the translation view). */
    translations: { lang: Language; translated: number; total: number }[];
    saved: boolean;
  },
): string {
  const fields = form(
    ctx,
    `/edit${x.base}`,
    html`<input type="hidden" name="version" value="${x.plan.version}">${sideBySide(ctx, "title", ctx.t.title, { lang: x.plan.language, value: x.title }, x.translatedTitle, {})}`,
    ctx.t.save,
  );
  const body = html`${x.lifecycle}
<section class="card"><h2>${ctx.t.editPlan}</h2>${fields}</section>
<section class="card"><h2>${ctx.t.areas}</h2><ul>${x.areas.map(
    (a) =>
      html`<li><a href="${href(ctx, `/edit${x.base}/areas/${a.code}`)}">${a.code} ${a.title}</a></li>`,
  )}</ul><p><a href="${href(ctx, `/edit${x.base}/annex`)}">${ctx.t.addAnnexItem}</a> · <a href="${href(ctx, `/edit${x.base}/sources`)}">${ctx.t.addSource}</a> · <a href="${href(ctx, `${x.base}/reports`)}">${ctx.t.reports}</a></p></section>
${translationLinks(ctx, x.base, x.translations)}
${x.history ?? ""}`;
  return simpleEditPage(ctx, {
    title: `${ctx.t.editPlan} ${x.year}`,
    year: x.year,
    saved: x.saved,
    crumbs: [
      { href: `/${x.plan.network.slug}`, label: x.plan.network.name },
      { href: x.base, label: ctx.t.planOf(x.year) },
      { label: ctx.t.edit },
    ],
    body,
  });
}

/** An area's edit page: title and objective, translations beside them, history. */
export function areaEditPage(
  ctx: PageCtx,
  x: {
    base: string;
    year: number;
    origLang: string;
    area: { code: string; title: string; objective: string; version: number };
    translation: { title: string; objective: string } | null;
    values: Values;
    errors: FieldErrors;
    saved: boolean;
    history: SafeHtml | null;
  },
): string {
  const { values: v, errors, translation: tr } = x;
  const orig = { lang: x.origLang };
  const body = form(
    ctx,
    `/edit${x.base}/areas/${x.area.code}`,
    html`<input type="hidden" name="version" value="${x.area.version}">
${sideBySide(ctx, "title", ctx.t.title, { ...orig, value: v.title ?? x.area.title }, tr ? (v.title_tr ?? tr.title) : null, errors)}
${sideBySide(ctx, "objective", ctx.t.objective, { ...orig, value: v.objective ?? x.area.objective }, tr ? (v.objective_tr ?? tr.objective) : null, errors, true)}`,
    ctx.t.save,
  );
  return simpleEditPage(ctx, {
    title: `${ctx.t.editArea} ${x.area.code}`,
    year: x.year,
    errors,
    saved: x.saved,
    crumbs: [
      { href: x.base, label: ctx.t.planOf(x.year) },
      { href: `${x.base}/areas/${x.area.code}`, label: x.area.code },
      { label: ctx.t.edit },
    ],
    body: html`<div class="card">${body}</div>${x.history ?? ""}`,
  });
}

/** A one-form editor page (annex item, source). */
function formPage(
  ctx: PageCtx,
  x: { base: string; year: number; title: string; saved: boolean; errors: FieldErrors },
  body: SafeHtml,
): string {
  return simpleEditPage(ctx, {
    title: x.title,
    year: x.year,
    errors: x.errors,
    saved: x.saved,
    crumbs: [{ href: x.base, label: ctx.t.planOf(x.year) }, { label: x.title }],
    body: html`<div class="card">${body}</div>`,
  });
}

type FormPageInit = {
  base: string;
  year: number;
  saved: boolean;
  values: Values;
  errors: FieldErrors;
};

/** The page adding an item to the annex of unplanned activities, above its items (to delete). */
export function annexItemPage(
  ctx: PageCtx,
  x: FormPageInit & { items?: readonly { when: string; title: string }[] },
): string {
  const { values: v, errors } = x;
  const body = form(
    ctx,
    `/edit${x.base}/annex`,
    html`<div class="row">
${field({ name: "date", label: ctx.t.occurrenceDate, type: "date", value: v.date ?? "", errors, hint: ctx.t.dateHint })}
${field({ name: "month", label: ctx.t.occurrenceMonth, type: "month", value: v.month ?? "", errors })}</div>
${field({ name: "title", label: ctx.t.title, value: v.title ?? "", errors, required: true })}
${field({ name: "url", label: ctx.t.evidenceUrl, type: "url", value: v.url ?? "", errors, hint: ctx.t.urlHint })}
${field({ name: "label", label: ctx.t.evidenceLabel, value: v.label ?? "", errors })}`,
    ctx.t.addAnnexItem,
  );
  const items = x.items ?? [];
  const list = items.length
    ? html`</div><div class="card"><h2>${ctx.t.annexItems}</h2><ul>${items.map(
        (it, i) =>
          html`<li id="annex-${i}">${it.when} — ${stripCitations(it.title)} · <a href="${href(ctx, `/edit${x.base}/annex/${i}`)}">${ctx.t.edit}</a> · <a href="${href(ctx, `/edit${x.base}/annex/${i}/delete`)}">${ctx.t.delete}</a></li>`,
      )}</ul>`
    : html``;
  const history = html`<p><a href="${href(ctx, `/edit${x.base}/annex/history`)}">${ctx.t.annexHistory}</a></p>`;
  return formPage(ctx, { ...x, title: ctx.t.addAnnexItem }, html`${body}${list}${history}`);
}

/** One source in the editor's list: its link, its link's last check, cited or not, delete. */
function sourceRow(ctx: PageCtx, base: string, e: PlanSourceEntry): SafeHtml {
  const s = e.source;
  const c = e.check;
  const check = !c
    ? html`<span class="muted">${ctx.t.linkNotChecked}</span>`
    : c.ok
      ? html`<span class="ok">${ctx.t.linkWorks}${c.status ? ` (${c.status})` : ""}</span> <span class="muted">${ctx.t.linkCheckedAt(c.checkedAt.slice(0, 10))}</span>`
      : html`<span class="warn">${ctx.t.linkBroken}: ${c.status ?? c.error ?? ""}</span> <span class="muted">${ctx.t.linkCheckedAt(c.checkedAt.slice(0, 10))}</span>`;
  const label = stripCitations(s.label ?? s.note ?? s.url ?? "");
  const link = safeUrl(s.url);
  return html`<li id="src-${s.id}"><span class="code">[${s.id}]</span> ${link ? html`<a href="${link}" rel="noopener">${label}</a>` : label}${e.cited ? "" : html` <span class="badge">${ctx.t.notCited}</span>`}
<br>${check} · <a href="${href(ctx, `/edit${base}/sources/${s.id}/delete?version=${e.version}`)}">${ctx.t.delete}</a></li>`;
}

/** The page adding a source (a footnote) to the plan, above the plan's sources. */
export function sourcePage(
  ctx: PageCtx,
  x: FormPageInit & { sources?: readonly PlanSourceEntry[] },
): string {
  const { values: v, errors } = x;
  const body = form(
    ctx,
    `/edit${x.base}/sources`,
    html`${field({ name: "url", label: ctx.t.evidenceUrl, type: "url", value: v.url ?? "", errors, hint: ctx.t.urlHint, required: true })}
${field({ name: "label", label: ctx.t.evidenceLabel, value: v.label ?? "", errors })}
${field({ name: "note", label: ctx.t.sourceNote, value: v.note ?? "", errors, textarea: true })}`,
    ctx.t.addSource,
  );
  const all = x.sources ?? [];
  const uncited = all.filter((e) => !e.cited).length;
  const list = all.length
    ? html`</div><div class="card"><h2>${ctx.t.planSources}</h2>${uncited ? html`<p class="warn" role="note">${ctx.t.uncitedSources(uncited)}</p>` : ""}<ul class="sources">${all.map((e) => sourceRow(ctx, x.base, e))}</ul>`
    : html``;
  const history = html`<p><a href="${href(ctx, `/edit${x.base}/sources/history`)}">${ctx.t.sourcesHistory}</a></p>`;
  return formPage(ctx, { ...x, title: ctx.t.addSource }, html`${body}${list}${history}`);
}
