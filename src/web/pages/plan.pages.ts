/** The plan, area, activity and annex pages of the public portal. */
import { stripCitations } from "../../core/citations.ts";
import type { Activity, Area } from "../../core/plan.ts";
import { relatedActivities } from "../../core/relations.ts";
import { toRoman } from "../../render/labels.ts";
import { html, type SafeHtml } from "../html.ts";
import { href, type PageCtx, page } from "../layout.ts";
import {
  activityPointer,
  activitySourceIds,
  areaPointer,
  citedBy,
  heldTiming,
  longDate,
  noteRef,
  occurrenceLink,
  type PlanView,
  pageNumbers,
  place,
  progress,
  safeUrl,
  saysWhen,
  sourceList,
  sourceMap,
  statusBadge,
  statusDateLabel,
  timing,
  under,
  untranslatedNote,
  wording,
} from "./content.ts";
import { calendarDownloads, planDownloadsCard } from "./downloads.pages.ts";

const base = (v: PlanView) => `/${v.doc.network.slug}/${v.doc.year}`;

/** Editor links shown to a signed-in viewer (the server checks rights again on save). */
export type EditLinks = { plan: boolean; areas: ReadonlySet<string> };

export function lifecycleBadge(ctx: PageCtx, status: string): SafeHtml {
  const label = ctx.t[`lifecycle_${status}` as "lifecycle_draft"] ?? status;
  return html`<span class="badge l-${status}">${label}</span>`;
}

function activityItem(ctx: PageCtx, v: PlanView, a: Activity, detailed: boolean): SafeHtml {
  const o = activityPointer(v.doc, a.code);
  const sources = sourceMap(v.doc);
  const numbers = pageNumbers(ctx, v);
  const cited = citedBy(numbers);
  const link = href(ctx, `${base(v)}/activities/${a.code}`);
  const title = wording(ctx, v, a.title, under(o, "title"), detailed ? cited : stripCitations);
  const note = a.status.note ? wording(ctx, v, a.status.note, under(o, "status/note"), cited) : "";
  // Occurrences are what was held; the status's own date says what its table entry says
  // ("To be held" for a scheduled date, "Held" only for an executed one).
  const held = a.occurrences.length
    ? html`${a.occurrences.map((oc, i) => html`${i ? ", " : ""}${occurrenceLink(oc, sources, ctx, v.doc.year, numbers)}`)}`
    : "";
  const when = saysWhen(a.status.when) ? heldTiming(a.status.when, ctx, v.doc.year) : "";
  // The status's own evidence (a single event's proof, say), linked from the activity on
  // every page; the occurrences link theirs.
  const viaOccurrences = new Set(a.occurrences.flatMap((oc) => oc.sources));
  const evidence = a.status.sources
    .filter((id, i, all) => !viaOccurrences.has(id) && all.indexOf(id) === i)
    .flatMap((id) => {
      const s = sources.get(id);
      const url = safeUrl(s?.url ?? null);
      return s && url ? [{ id, url, label: stripCitations(s.label ?? s.url ?? "") }] : [];
    });
  const proof = evidence.length
    ? html`${evidence.map((e, i) => html`${i ? ", " : ""}<a href="${e.url}" rel="noopener">${e.label}</a>${noteRef(e.id, numbers)}`)}`
    : "";
  const prog = progress(a, ctx);
  // A place's words are the plan's (marked when untranslated); "Virtual" alone is the page's.
  const shownPlace = place(a.location, ctx);
  const location =
    shownPlace !== "" && shownPlace === a.location.text
      ? wording(ctx, v, shownPlace, under(o, "location/text"))
      : shownPlace;
  const heading = detailed
    ? html`<span class="code">${a.code}</span> ${title}`
    : html`<span class="code">${a.code}</span> <a href="${link}">${title}</a>`;
  return html`<div class="act-head">${detailed ? html`<p>${heading}</p>` : html`<h3>${heading}</h3>`} ${statusBadge(a.status.code, ctx.lang)}</div>
<dl class="meta">
<dt>${ctx.t.location}</dt><dd>${location || "—"}</dd>
${saysWhen(a.planned) ? html`<dt>${ctx.t.planned}</dt><dd>${timing(a.planned, ctx)}</dd>` : ""}
${when ? html`<dt>${statusDateLabel(a.status.code, ctx.lang)}</dt><dd>${when}</dd>` : ""}
${held ? html`<dt>${ctx.t.actual}</dt><dd>${held}</dd>` : ""}
${proof ? html`<dt>${ctx.t.evidence}</dt><dd>${proof}</dd>` : ""}
${prog ? html`<dt>${ctx.t.occurrences}</dt><dd>${prog}</dd>` : ""}
${note ? html`<dt>${ctx.t.note}</dt><dd>${note}</dd>` : ""}
</dl>`;
}

function areaBlock(ctx: PageCtx, v: PlanView, area: Area, edit: EditLinks | null): SafeHtml {
  const cited = citedBy(pageNumbers(ctx, v));
  const o = areaPointer(v.doc, area.code);
  return html`<section class="card" aria-labelledby="area-${area.code}">
<h2 id="area-${area.code}"><span class="code">${area.code}</span> <a href="${href(ctx, `${base(v)}/areas/${area.code}`)}">${wording(ctx, v, area.title, under(o, "title"))}</a></h2>
${area.objective ? html`<p><strong>${ctx.t.objective}:</strong> ${wording(ctx, v, area.objective, under(o, "objective"), cited)}</p>` : ""}
${edit?.areas.has(area.code) ? html`<p><a href="${href(ctx, `/edit${base(v)}/areas/${area.code}`)}">${ctx.t.editArea}</a></p>` : ""}
<h3 class="muted">${ctx.t.activities}</h3>
<ul class="acts">${area.activities.map((a) => html`<li>${activityItem(ctx, v, a, false)}</li>`)}</ul>
</section>`;
}

function approvedLine(ctx: PageCtx, v: PlanView): SafeHtml {
  const changed = v.changedSinceEdition
    ? html`<p class="draft">${ctx.t.changedSinceEdition(v.changedSinceEdition)}</p>`
    : html``;
  return html`${changed}${assemblyLine(ctx, v)}`;
}

function assemblyLine(ctx: PageCtx, v: PlanView): SafeHtml {
  if (v.lifecycleStatus !== "approved") return html`<p class="draft">${ctx.t.draftPlan}</p>`;
  const a = v.doc.assemblies.find((x) => x.ordinal === v.approvedByAssembly);
  if (!a) return html``;
  return html`<p class="muted">${ctx.t.approvedAt(toRoman(a.ordinal), a.date ? longDate(a.date, ctx.lang) : "", a.place?.text ?? "")}</p>`;
}

/** Amendments recorded since the plan was approved, for the plan page. */
export type AmendmentLine = {
  number: number;
  reason: string;
  code: string | null;
  fields: string[];
  at: string;
};

function amendmentList(ctx: PageCtx, list: readonly AmendmentLine[]): SafeHtml {
  if (list.length === 0) return html``;
  return html`<section class="card" aria-labelledby="am-h"><h2 id="am-h">${ctx.t.amendments}</h2><ol class="notes">${list.map(
    (a) =>
      html`<li value="${a.number}">${longDate(a.at.slice(0, 10), ctx.lang)} · ${a.code ?? ""} ${a.fields.join(", ")}${a.reason ? html` — ${a.reason}` : ""}</li>`,
  )}</ol></section>`;
}

export function planPage(
  ctx: PageCtx,
  v: PlanView,
  edit: EditLinks | null,
  amendments: readonly AmendmentLine[] = [],
  seesReport = false,
): string {
  const d = v.doc;
  const ids = d.areas.flatMap((ar) => [...ar.activities.flatMap(activitySourceIds)]);
  const body = html`<h1>${wording(ctx, v, d.title, "/title")}</h1>
${untranslatedNote(ctx, v)}
${approvedLine(ctx, v)}
${seesReport ? html`<p><a class="button" href="${href(ctx, `${base(v)}/dashboard`)}">${ctx.t.dashboard}</a></p>` : ""}
${edit ? html`<p>${lifecycleBadge(ctx, v.lifecycleStatus)} ${edit.plan ? html`<a href="${href(ctx, `/edit${base(v)}`)}">${ctx.t.editPlan}</a>` : ""}</p>` : ""}
<nav aria-label="${ctx.t.areas}" class="card"><h2>${ctx.t.areas}</h2><ul class="plain">${d.areas.map(
    (a) =>
      html`<li><a href="#area-${a.code}">${a.code} ${wording(ctx, v, a.title, under(areaPointer(d, a.code), "title"))}</a></li>`,
  )}<li><a href="${href(ctx, `${base(v)}/annex`)}">${ctx.t.annex}</a></li></ul></nav>
${d.areas.map((a) => areaBlock(ctx, v, a, edit))}
${amendmentList(ctx, amendments)}
${planDownloadsCard(ctx, d.network.slug, d.year, seesReport)}
${sourceList(ids, ctx, v)}`;
  return page(ctx, {
    title: ctx.t.planOf(d.year),
    body,
    draft: v.reportStatus === "draft",
    nav: "plan",
    year: d.year,
    crumbs: [
      { href: `/${d.network.slug}`, label: d.network.name },
      { label: ctx.t.planOf(d.year) },
    ],
  });
}

export function areaPage(ctx: PageCtx, v: PlanView, area: Area, edit: EditLinks | null): string {
  const cited = citedBy(pageNumbers(ctx, v));
  const o = areaPointer(v.doc, area.code);
  const ids = area.activities.flatMap(activitySourceIds);
  const body = html`<h1><span class="code">${area.code}</span> ${wording(ctx, v, area.title, under(o, "title"))}</h1>
<p class="lead">${ctx.t.area} · ${ctx.t.planOf(v.doc.year)}</p>${untranslatedNote(ctx, v)}
${area.objective ? html`<section class="card"><h2>${ctx.t.objective}</h2><p>${wording(ctx, v, area.objective, under(o, "objective"), cited)}</p></section>` : ""}
${edit?.areas.has(area.code) ? html`<p><a class="button" href="${href(ctx, `/edit${base(v)}/areas/${area.code}`)}">${ctx.t.editArea}</a></p>` : ""}
<section class="card" aria-labelledby="acts-h"><h2 id="acts-h">${ctx.t.activities}</h2>
<ul class="acts">${area.activities.map((a) => html`<li>${activityItem(ctx, v, a, false)}</li>`)}</ul></section>
${sourceList(ids, ctx, v, ctx.t.evidence)}
<section class="card" aria-labelledby="cal-h"><h2 id="cal-h">${ctx.t.calendars}</h2>${calendarDownloads(ctx, v.doc.network.slug, v.doc.year, area.code)}</section>`;
  return page(ctx, {
    title: `${area.code} ${area.title}`,
    body,
    draft: v.reportStatus === "draft",
    nav: "plan",
    year: v.doc.year,
    crumbs: [
      { href: `/${v.doc.network.slug}`, label: v.doc.network.name },
      { href: base(v), label: ctx.t.planOf(v.doc.year) },
      { label: `${area.code}` },
    ],
  });
}

export function activityPage(
  ctx: PageCtx,
  v: PlanView,
  area: Area,
  a: Activity,
  canEdit: boolean,
  history: SafeHtml | null,
): string {
  const cited = citedBy(pageNumbers(ctx, v));
  const related = relatedActivities(v.doc, a.code);
  const relations = related.length
    ? html`<section class="card"><h2>${ctx.t.relations}</h2><ul>${related.map(
        (r) =>
          html`<li>${ctx.t[`relation_${r.kind}`]} <a href="${href(ctx, `/${v.doc.network.slug}/${r.year}/activities/${r.code}`)}">${r.year === v.doc.year ? r.code : `${r.year} ${r.code}`}</a></li>`,
      )}</ul></section>`
    : "";
  const body = html`<h1><span class="code">${a.code}</span> ${wording(ctx, v, a.title, under(activityPointer(v.doc, a.code), "title"), cited)}</h1>
${untranslatedNote(ctx, v)}<p class="lead">${ctx.t.activity} · <a href="${href(ctx, `${base(v)}/areas/${area.code}`)}">${area.code} ${wording(ctx, v, stripCitations(area.title), under(areaPointer(v.doc, area.code), "title"))}</a></p>
${canEdit ? html`<p><a class="button" href="${href(ctx, `/edit${base(v)}/activities/${a.code}`)}">${ctx.t.editActivity}</a></p>` : ""}
<section class="card">${activityItem(ctx, v, a, true)}</section>
${relations}
${sourceList(activitySourceIds(a), ctx, v, ctx.t.evidence)}
${history ?? ""}`;
  return page(ctx, {
    title: `${a.code} ${stripCitations(a.title)}`,
    body,
    draft: v.reportStatus === "draft",
    nav: "plan",
    year: v.doc.year,
    crumbs: [
      { href: `/${v.doc.network.slug}`, label: v.doc.network.name },
      { href: base(v), label: ctx.t.planOf(v.doc.year) },
      { href: `${base(v)}/areas/${area.code}`, label: area.code },
      { label: a.code },
    ],
  });
}

export function annexPage(ctx: PageCtx, v: PlanView, canEdit: boolean): string {
  const cited = citedBy(pageNumbers(ctx, v));
  const d = v.doc;
  const ids = d.annex.flatMap((i) => i.sources);
  const intro = d.annexIntro ? wording(ctx, v, d.annexIntro, "/annexIntro") : ctx.t.annexIntro;
  const body = html`<h1>${ctx.t.annex} · ${ctx.t.planOf(d.year)}</h1>
<p class="lead">${intro}</p>${untranslatedNote(ctx, v)}
${canEdit ? html`<p><a class="button" href="${href(ctx, `/edit${base(v)}/annex`)}">${ctx.t.addAnnexItem}</a></p>` : ""}
${
  d.annex.length
    ? html`<div class="card table-wrap"><table><thead><tr><th scope="col">${ctx.t.actual}</th><th scope="col">${ctx.t.activity}</th></tr></thead><tbody>${d.annex.map(
        (item, i) =>
          html`<tr><td>${timing(item.when, ctx)}</td><td>${wording(ctx, v, item.title, `/annex/${i}/title`, cited)}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p>${ctx.t.noAnnex}</p>`
}
${sourceList(ids, ctx, v, ctx.t.evidence)}`;
  return page(ctx, {
    title: `${ctx.t.annex} ${d.year}`,
    body,
    draft: v.reportStatus === "draft",
    nav: "plan",
    year: d.year,
    crumbs: [
      { href: `/${d.network.slug}`, label: d.network.name },
      { href: base(v), label: ctx.t.planOf(d.year) },
      { label: ctx.t.annex },
    ],
  });
}
