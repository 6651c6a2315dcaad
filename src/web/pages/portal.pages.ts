/** The network list, a network's home, upcoming events, reports and error pages. */
import { stripCitations } from "../../core/citations.ts";
import type { Activity, PlanDocument, Timing } from "../../core/plan.ts";
import { DONE_CODES, windowOf } from "../../core/progress.ts";
import { html, type SafeHtml } from "../html.ts";
import { withLang } from "../i18n.ts";
import { href, type PageCtx, page } from "../layout.ts";
import {
  type PlanView,
  place,
  safeUrl,
  saysWhen,
  sourceMap,
  statusBadge,
  statusDateLabel,
  timing,
  untranslatedNote,
} from "./content.ts";
import { calendarDownloads, dataDownloads, reportDownloads } from "./downloads.pages.ts";

export function networksPage(ctx: PageCtx, networks: { slug: string; name: string }[]): string {
  const body = html`<h1>${ctx.t.networks}</h1><p class="lead">${ctx.t.networksIntro}</p>
<ul class="grid plain">${networks.map(
    (n) => html`<li class="card"><a href="${href(ctx, `/${n.slug}`)}">${n.name}</a></li>`,
  )}</ul>`;
  return page(ctx, { title: ctx.t.networks, body });
}

export type UpcomingItem = {
  plan: PlanDocument;
  activity: Activity;
  areaCode: string;
  start: string;
  end: string;
};

/** Activities still to be held whose (scheduled or planned) window ends today or later. */
export function upcomingOf(docs: readonly PlanDocument[], today: string): UpcomingItem[] {
  const out: UpcomingItem[] = [];
  for (const plan of docs) {
    for (const area of plan.areas) {
      for (const a of area.activities) {
        if (DONE_CODES.includes(a.status.code)) continue;
        const t = a.status.when ?? a.planned;
        // Recurring targets and whole-year items are not events one can put in a calendar.
        if (["frequency", "year", "unspecified", "semester"].includes(t.kind)) continue;
        const w = windowOf(t, plan.year);
        if (w.end >= today) out.push({ plan, activity: a, areaCode: area.code, ...w });
      }
    }
  }
  return out.sort(
    (x, y) => x.start.localeCompare(y.start) || x.activity.code.localeCompare(y.activity.code),
  );
}

export type EvidenceItem = {
  plan: PlanDocument;
  activity: Activity;
  /** The last day it may have been held: for ordering only, never shown (it may be invented). */
  when: string;
  /** When it was held, as written: "October" stays a month. */
  held: Timing;
  url: string;
  label: string;
};

/** Occurrences with a link, latest first. */
export function latestEvidence(docs: readonly PlanDocument[], limit: number): EvidenceItem[] {
  const out: EvidenceItem[] = [];
  for (const plan of docs) {
    const sources = sourceMap(plan);
    for (const area of plan.areas) {
      for (const a of area.activities) {
        for (const o of a.occurrences) {
          const s = o.sources.map((id) => sources.get(id)).find((x) => safeUrl(x?.url ?? null));
          if (!s?.url) continue;
          out.push({
            plan,
            activity: a,
            when: o.when.end ?? o.when.start ?? "",
            held: o.when,
            url: s.url,
            label: s.label ?? "",
          });
        }
      }
    }
  }
  return out.sort((x, y) => y.when.localeCompare(x.when)).slice(0, limit);
}

function upcomingList(ctx: PageCtx, items: UpcomingItem[]): SafeHtml {
  if (items.length === 0) return html`<p>${ctx.t.noUpcoming}</p>`;
  return html`<ul class="acts">${items.map(
    (u) => html`<li><div class="act-head"><span class="code">${u.activity.code}</span>
<a href="${href(ctx, `/${u.plan.network.slug}/${u.plan.year}/activities/${u.activity.code}`)}">${stripCitations(u.activity.title)}</a>
${statusBadge(u.activity.status.code, ctx.lang)}</div>
<dl class="meta">${
      u.activity.status.when
        ? html`<dt>${statusDateLabel(u.activity.status.code, ctx.lang)}</dt><dd>${timing(u.activity.status.when, ctx)}</dd>`
        : html`<dt>${ctx.t.planned}</dt><dd>${timing(u.activity.planned, ctx)}</dd>`
    }
<dt>${ctx.t.location}</dt><dd>${place(u.activity.location, ctx) || "—"}</dd></dl></li>`,
  )}</ul>`;
}

export function homePage(
  ctx: PageCtx,
  network: { slug: string; name: string },
  current: PlanView | null,
  upcoming: UpcomingItem[],
  evidence: EvidenceItem[],
  years: number[],
  seesReport = false,
): string {
  const d = current?.doc;
  const body = html`<h1>${network.name}</h1>
${
  d && current
    ? html`<section class="card" aria-labelledby="cur-h"><h2 id="cur-h">${ctx.t.currentPlan}</h2>${untranslatedNote(ctx, current)}
<p><a href="${href(ctx, `/${network.slug}/${d.year}`)}"><strong>${d.title}</strong></a></p>
<ul class="grid plain tight">${d.areas.map(
        (a) =>
          html`<li><a href="${href(ctx, `/${network.slug}/${d.year}/areas/${a.code}`)}">${a.code} ${a.title}</a></li>`,
      )}</ul>
<p><a href="${href(ctx, `/${network.slug}/${d.year}/annex`)}">${ctx.t.annex}</a> · <a href="${href(ctx, `/${network.slug}/${d.year}/reports`)}">${ctx.t.reports}</a>${seesReport ? html` · <a href="${href(ctx, `/${network.slug}/${d.year}/dashboard`)}">${ctx.t.dashboard}</a>` : ""}</p></section>`
    : html`<p>${ctx.t.noPlans}</p>`
}
<div class="grid">
<section class="card" aria-labelledby="up-h"><h2 id="up-h">${ctx.t.upcomingEvents}</h2>${upcomingList(ctx, upcoming.slice(0, 5))}
<p><a href="${href(ctx, `/${network.slug}/upcoming`)}">${ctx.t.seeAll}</a></p></section>
<section class="card" aria-labelledby="ev-h"><h2 id="ev-h">${ctx.t.latestEvidence}</h2>${
    evidence.length
      ? html`<ul class="acts">${evidence.map(
          (
            e,
          ) => html`<li><span class="muted">${saysWhen(e.held) ? timing(e.held, ctx) : ""}</span><br>
<a href="${e.url}" rel="noopener">${stripCitations(e.activity.title)}</a> <span class="code">${e.activity.code}</span></li>`,
        )}</ul>`
      : html`<p>${ctx.t.noEvidence}</p>`
  }</section>
</div>
${years.length > 1 ? html`<section aria-labelledby="years-h"><h2 id="years-h">${ctx.t.plan}</h2><ul>${years.map((y) => html`<li><a href="${href(ctx, `/${network.slug}/${y}`)}">${ctx.t.planOf(y)}</a></li>`)}</ul></section>` : ""}
${
  years.length
    ? html`<section class="card" aria-labelledby="exec-h"><h2 id="exec-h">${ctx.t.execution}</h2><p>${ctx.t.executionIntro}</p>
<p><a href="${href(ctx, `/${network.slug}/execution`)}">${ctx.t.execution}</a> · <a href="${withLang(`/${network.slug}/calendar.ics`, ctx.lang)}" download>${ctx.t.calendarNetwork}</a></p></section>`
    : ""
}`;
  return page(ctx, {
    title: network.name,
    body,
    nav: "home",
    draft: current?.reportStatus === "draft",
    ...(d ? { year: d.year } : {}),
  });
}

export function upcomingPage(
  ctx: PageCtx,
  network: { slug: string; name: string },
  items: UpcomingItem[],
  year?: number,
): string {
  const body = html`<h1>${ctx.t.upcomingEvents}</h1><section class="card">${upcomingList(ctx, items)}</section>`;
  return page(ctx, {
    title: ctx.t.upcomingEvents,
    body,
    nav: "upcoming",
    ...(year ? { year } : {}),
    crumbs: [{ href: `/${network.slug}`, label: network.name }, { label: ctx.t.upcomingEvents }],
  });
}

export function reportsPage(
  ctx: PageCtx,
  v: PlanView,
  seesReport: boolean,
  controls: SafeHtml | null,
): string {
  const d = v.doc;
  const net = d.network.slug;
  const body = html`<h1>${ctx.t.reports} · ${ctx.t.planOf(d.year)}</h1>
<p class="lead">${ctx.t.reportsIntro}</p>
${controls ?? ""}
${
  seesReport
    ? html`<section class="card" aria-labelledby="rep-h"><h2 id="rep-h">${ctx.t.report(d.year)}</h2>${reportDownloads(ctx, net, d.year)}
<p><a href="${href(ctx, `/${net}/${d.year}/editions`)}">${ctx.t.allEditions}</a></p>
<p><a href="${href(ctx, `/${net}/${d.year}/dashboard`)}">${ctx.t.dashboard}</a></p></section>`
    : html`<p>${ctx.t.noReports}</p>`
}
<section class="card" aria-labelledby="data-h"><h2 id="data-h">${ctx.t.openData}</h2>${dataDownloads(ctx, net, d.year)}<p class="muted">${ctx.t.openDataCsvNote}</p></section>
<section class="card" aria-labelledby="cal-h"><h2 id="cal-h">${ctx.t.calendars}</h2>${calendarDownloads(ctx, net, d.year)}</section>`;
  return page(ctx, {
    title: `${ctx.t.reports} ${d.year}`,
    body,
    nav: "reports",
    year: d.year,
    draft: v.reportStatus === "draft",
    crumbs: [
      { href: `/${d.network.slug}`, label: d.network.name },
      { href: `/${d.network.slug}/${d.year}`, label: ctx.t.planOf(d.year) },
      { label: ctx.t.reports },
    ],
  });
}

/** A page for an error: 404, 403, 400 (CSRF), 429, 500. */
export function errorPage(ctx: PageCtx, title: string, text: string | SafeHtml): string {
  return page(ctx, {
    title,
    body: html`<h1>${title}</h1><p>${text}</p><p><a href="${href(ctx, "/")}">${ctx.t.home}</a></p>`,
    noindex: true,
  });
}
