/**
 * The download lists of the plan, reports and area pages. Every file is served by
 * routes/download.routes.ts; the URLs are built here only.
 */
import { languageName } from "../../core/language.ts";
import { LANGUAGES, type Language } from "../../core/plan.ts";
import { html, type SafeHtml } from "../html.ts";
import { withLang } from "../i18n.ts";
import { href, type PageCtx } from "../layout.ts";

type Link = { href: string; label: string; hreflang?: string };

const REPORT_FORMATS = ["html", "md", "docx", "pdf", "json"] as const;

function linkList(links: readonly Link[]): SafeHtml {
  return html`<ul class="downloads">${links.map(
    (l) =>
      html`<li><a href="${l.href}"${l.hreflang ? html` hreflang="${l.hreflang}"` : ""} download>${l.label}</a></li>`,
  )}</ul>`;
}

/** Edition `n`'s report in each of its languages, as served forever at its address. */
export function editionDownloads(
  ctx: PageCtx,
  net: string,
  year: number,
  n: number,
  languages: readonly Language[],
): SafeHtml {
  const base = `/${net}/${year}/editions/${n}`;
  return html`${languages.map(
    (l) =>
      html`<h4>${ctx.t.reportIn(languageName(l, ctx.lang))}</h4>${linkList(
        (["md", "docx", "pdf", "html"] as const).map((f) => ({
          href: `${base}/report.${l}.${f}`,
          label: ctx.t[`format_${f}`],
          hreflang: l,
        })),
      )}`,
  )}`;
}

/** The report in each language and format (only for readers who may see the report). */
export function reportDownloads(ctx: PageCtx, net: string, year: number): SafeHtml {
  const base = `/${net}/${year}/reports`;
  return html`${LANGUAGES.map(
    (l) =>
      html`<h3>${ctx.t.reportIn(languageName(l, ctx.lang))}</h3>${linkList(
        REPORT_FORMATS.map((f) => ({
          href: `${base}/report.${l}.${f}`,
          label: ctx.t[`format_${f}`],
          hreflang: l,
        })),
      )}`,
  )}`;
}

/** The plan's open data, in the page language where the plan has it. */
export function dataDownloads(ctx: PageCtx, net: string, year: number): SafeHtml {
  const base = `/${net}/${year}/data`;
  const file = (name: string) => withLang(`${base}/${name}`, ctx.lang);
  return linkList([
    { href: file("activities.csv"), label: ctx.t.format_csv_activities },
    { href: file("occurrences.csv"), label: ctx.t.format_csv_occurrences },
    { href: file("sources.csv"), label: ctx.t.format_csv_sources },
    { href: file("plan.xlsx"), label: ctx.t.format_xlsx },
    { href: file("iati.xml"), label: ctx.t.format_iati },
    { href: file("plan.json"), label: ctx.t.format_plan_json },
  ]);
}

/** Calendars: the plan's, the network's, and an area's when on an area page. */
export function calendarDownloads(
  ctx: PageCtx,
  net: string,
  year: number,
  areaCode?: string,
): SafeHtml {
  return linkList([
    ...(areaCode
      ? [
          {
            href: withLang(`/${net}/${year}/areas/${areaCode}/calendar.ics`, ctx.lang),
            label: ctx.t.calendarArea(areaCode),
          },
        ]
      : []),
    { href: withLang(`/${net}/${year}/calendar.ics`, ctx.lang), label: ctx.t.calendarPlan(year) },
    { href: withLang(`/${net}/calendar.ics`, ctx.lang), label: ctx.t.calendarNetwork },
  ]);
}

/** The downloads card of a plan page: data, calendars, and where the reports and progress are. */
export function planDownloadsCard(
  ctx: PageCtx,
  net: string,
  year: number,
  seesReport: boolean,
): SafeHtml {
  return html`<section class="card" aria-labelledby="dl-h"><h2 id="dl-h">${ctx.t.downloads}</h2>
<p class="muted">${ctx.t.downloadsIntro}</p>
<div class="grid">
<div><h3>${ctx.t.openData}</h3>${dataDownloads(ctx, net, year)}<p class="muted">${ctx.t.openDataCsvNote}</p></div>
<div><h3>${ctx.t.calendars}</h3>${calendarDownloads(ctx, net, year)}</div>
</div>
<p>${seesReport ? html`<a href="${href(ctx, `/${net}/${year}/dashboard`)}">${ctx.t.dashboard}</a> · ` : ""}<a href="${href(ctx, `/${net}/${year}/reports`)}">${ctx.t.reports}</a></p>
</section>`;
}
