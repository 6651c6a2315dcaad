/**
 * Dashboard views: a plan's progress and a network's execution year by year, as HTML
 * fragments (escaped by default) for a page layout to wrap. Each chart comes with the same
 * numbers in a table. Charts are drawn by src/render/dashboard-svg.ts; nothing here draws.
 */
import type { Dashboard } from "../app/get-dashboard.ts";
import type { NetworkExecution } from "../app/get-network-execution.ts";
import type { Language } from "../core/plan.ts";
import {
  PROGRESS_RULES,
  PROGRESS_STATE_LABELS,
  PROGRESS_STATES,
  type ProgressSummary,
  STATUS_GROUP_LABELS,
  STATUS_GROUPS,
} from "../core/progress.ts";
import {
  type Chart,
  type DashboardCharts,
  drawDashboardCharts,
  executionByYearChart,
} from "../render/dashboard-svg.ts";
import { html, raw, type SafeHtml } from "./html.ts";
import { formatDate, monthName } from "./i18n.ts";
import { messages } from "./messages/index.ts";

/** The interface words of the dashboard, from the portal's message files. */
function wordsOf(lang: Language) {
  const t = messages(lang);
  return {
    asOf: t.dash_asOf,
    area: t.dash_area,
    activity: t.dash_activity,
    total: t.dash_total,
    rate: t.dash_rate,
    target: t.dash_target,
    held: t.dash_held,
    expected: t.dash_expected,
    state: t.dash_state,
    planned: t.dash_planned,
    actual: t.dash_actual,
    scheduled: t.dash_scheduled,
    late: t.dash_late,
    dueSoon: t.dash_dueSoon,
    behindTarget: t.dash_behindTarget,
    nothing: t.dash_nothing,
    due: t.dash_due,
    broken: t.dash_broken,
    brokenNone: t.dash_brokenNone,
    source: t.dash_source,
    error: t.dash_error,
    citedBy: t.dash_citedBy,
    checkedAt: t.dash_checkedAt,
    rules: t.dash_rules,
    year: t.dash_year,
    notPublished: t.dash_notPublished,
    executed: t.dash_executed,
    executionByYear: t.dash_executionByYear,
    edit: t.edit,
  };
}

const LOCALE: Record<Language, string> = { en: "en-GB", es: "es", pt: "pt-BR" };
const percentFormats = new Map<Language, Intl.NumberFormat>();
const percent = (x: number | null, lang: Language) => {
  if (x === null) return "—";
  let f = percentFormats.get(lang);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE[lang], { style: "percent", maximumFractionDigits: 0 });
    percentFormats.set(lang, f);
  }
  return f.format(x);
};

export type { DashboardCharts };

/** Draws the dashboard's charts (async: Vega renders asynchronously). */
export function dashboardCharts(d: Dashboard, lang: Language): Promise<DashboardCharts> {
  return drawDashboardCharts(d, lang);
}

// One formatter per language: making one costs ~0.2 ms, and a big plan's table says
// tens of thousands of dates.
const monthYearFormats = new Map<Language, Intl.DateTimeFormat>();
const monthYear = (iso: string, lang: Language) => {
  let f = monthYearFormats.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, { month: "long", year: "numeric", timeZone: "UTC" });
    monthYearFormats.set(lang, f);
  }
  return f.format(new Date(`${iso}T00:00:00Z`));
};
const isFirstOfMonth = (iso: string) => iso.endsWith("-01");
const isLastOfMonth = (iso: string) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.getUTCDate() === 1;
};

/**
 * A window of days as short as it can be said: a day, a month ("May 2023"), months of a
 * year ("July – December 2023"), a whole year ("2023"), else two dates.
 */
export function spanText(a: { start: string; end: string }, lang: Language): string {
  if (a.start === a.end) return formatDate(a.start, lang);
  if (isFirstOfMonth(a.start) && isLastOfMonth(a.end)) {
    const [y1, m1] = a.start.split("-");
    const [y2, m2] = a.end.split("-");
    if (y1 === y2 && m1 === "01" && m2 === "12") return y1 ?? a.start;
    if (y1 === y2 && m1 === m2) return monthYear(a.start, lang);
    if (y1 === y2) return `${monthName(Number(m1), lang)} – ${monthYear(a.end, lang)}`;
    return `${monthYear(a.start, lang)} – ${monthYear(a.end, lang)}`;
  }
  return `${formatDate(a.start, lang)} – ${formatDate(a.end, lang)}`;
}

// The chart and the table may be wider than a phone: each scrolls sideways in its box,
// focusable so that a keyboard can scroll it too. on a phone: focusable, so a keyboard can scroll it too.
function figure(chart: Chart, table: SafeHtml, id: string, lang: Language): SafeHtml {
  return html`<section class="dashboard-chart" aria-labelledby="${id}">
<h2 id="${id}">${chart.title}</h2>
<figure>
<div class="chart-scroll" tabindex="0" role="group" aria-label="${chart.title}">${raw(chart.svg)}</div>
<figcaption>${chart.description}</figcaption>
</figure>
<div class="table-wrap" tabindex="0" role="group" aria-label="${chart.title}: ${messages(lang).dash_table}">${table}</div>
</section>
`;
}

const stateCell = (state: keyof typeof PROGRESS_STATE_LABELS, lang: Language) =>
  html`<span class="progress-${state}">${PROGRESS_STATE_LABELS[state][lang]}</span>`;

function summaryCells(
  s: ProgressSummary,
  groups: readonly (typeof STATUS_GROUPS)[number][],
  lang: Language,
) {
  return html`${groups.map((g) => html`<td class="num">${s.byGroup[g]}</td>`)}<td class="num">${s.total}</td><td class="num">${percent(s.executionRate, lang)}</td>`;
}

/** Where the attention lists link to: the activity's page, and (when allowed) its editor. */
export type DashboardLinks = {
  activity: (code: string) => string;
  edit?: (code: string, areaCode: string) => string | null;
};

/** The plan dashboard's body: charts with their tables, attention lists, broken links, rules. */
export function dashboardView(
  d: Dashboard,
  charts: DashboardCharts,
  lang: Language,
  links?: DashboardLinks,
): SafeHtml {
  const w = wordsOf(lang);
  const groups = STATUS_GROUPS.filter(
    (g) => d.summary.byGroup[g] > 0 || g === "executed" || g === "not_started",
  );
  const areaTable = html`<table>
<caption>${charts.areas.title}</caption>
<thead><tr><th scope="col">${w.area}</th>${groups.map((g) => html`<th scope="col">${STATUS_GROUP_LABELS[g][lang]}</th>`)}<th scope="col">${w.total}</th><th scope="col">${w.rate}</th></tr></thead>
<tbody>${d.areas.map((a) => html`<tr><th scope="row">${a.code} ${a.title}</th>${summaryCells(a.summary, groups, lang)}</tr>`)}</tbody>
<tfoot><tr><th scope="row">${w.total}</th>${summaryCells(d.summary, groups, lang)}</tr></tfoot>
</table>`;

  const targetTable = html`<table>
<caption>${charts.targets?.title ?? ""}</caption>
<thead><tr><th scope="col">${w.activity}</th><th scope="col">${w.target}</th><th scope="col">${w.held}</th><th scope="col">${w.expected}</th><th scope="col">${w.state}</th></tr></thead>
<tbody>${d.targets.map((t) => html`<tr><th scope="row">${t.code} ${t.title}</th><td class="num">${t.count}</td><td class="num">${t.held}</td><td class="num">${t.expected}</td><td>${stateCell(t.state, lang)}</td></tr>`)}</tbody>
<tfoot><tr><th scope="row">${w.total}</th><td class="num">${d.summary.recurring.target}</td><td class="num">${d.summary.recurring.held}</td><td></td><td></td></tr></tfoot>
</table>`;

  const date = (iso: string) => formatDate(iso, lang);
  const span = (a: { start: string; end: string }) => spanText(a, lang);
  // "September 19" next to "September 19, 2023" says nothing new: the text only when it adds.
  const planned = (p: Dashboard["timeline"][number]["planned"]) => {
    const when = span(p);
    return p.text && !when.toLowerCase().includes(p.text.toLowerCase().replace(/\.$/, ""))
      ? `${p.text} (${when})`
      : when;
  };
  const timelineTable = html`<table>
<caption>${charts.timeline.title}</caption>
<thead><tr><th scope="col">${w.activity}</th><th scope="col">${w.planned}</th><th scope="col">${w.actual}</th><th scope="col">${w.state}</th></tr></thead>
<tbody>${d.timeline.map(
    (r) =>
      html`<tr><th scope="row">${r.code} ${r.title}</th><td>${planned(r.planned)}</td><td>${r.actual.map(
        (a, i) =>
          html`${i > 0 ? "; " : ""}${span(a)}${a.kind === "scheduled" ? ` (${w.scheduled})` : ""}`,
      )}</td><td>${stateCell(r.state, lang)}</td></tr>`,
  )}</tbody>
</table>`;

  const editLink = (i: Dashboard["late"][number]) => {
    const to = links?.edit?.(i.code, i.areaCode);
    return to ? html` · <a href="${to}">${w.edit} ${i.code}</a>` : "";
  };
  const list = (
    title: string,
    id: string,
    items: Dashboard["late"],
  ) => html`<section aria-labelledby="${id}">
<h2 id="${id}">${title} (${items.length})</h2>
${
  items.length === 0
    ? html`<p>${w.nothing}</p>`
    : html`<ul>${items.map(
        (i) =>
          html`<li>${links ? html`<a href="${links.activity(i.code)}"><strong>${i.code}</strong> ${i.title}</a>` : html`<strong>${i.code}</strong> ${i.title}`} — ${w.due} ${date(i.deadline)}${i.target ? html` · ${w.held} ${i.target.held}/${i.target.count}` : ""} <small>(${w.area} ${i.areaCode})</small>${editLink(i)}</li>`,
      )}</ul>`
}
</section>
`;

  const broken =
    d.brokenLinks === null
      ? ""
      : html`<section aria-labelledby="dash-broken">
<h2 id="dash-broken">${w.broken} (${d.brokenLinks.length})</h2>
${
  d.brokenLinks.length === 0
    ? html`<p>${w.brokenNone}</p>`
    : html`<div class="table-wrap"><table>
<thead><tr><th scope="col">${w.source}</th><th scope="col">URL</th><th scope="col">${w.error}</th><th scope="col">${w.citedBy}</th><th scope="col">${w.checkedAt}</th></tr></thead>
<tbody>${d.brokenLinks.map(
        (b) =>
          html`<tr><td class="num">${b.source}</td><td><a href="${b.url}" rel="nofollow noopener">${b.url}</a>${b.label ? html`<br><small>${b.label}</small>` : ""}</td><td>${b.error ?? ""}</td><td>${b.citedBy.join(", ")}</td><td>${date(b.checkedAt.slice(0, 10))}</td></tr>`,
      )}</tbody>
</table></div>`
}
</section>
`;

  return html`<div class="dashboard">
<p>${w.asOf(date(d.today), percent(d.yearShareGone, lang))}</p>
${list(w.late, "dash-late", d.late)}${list(w.behindTarget, "dash-behind", d.behindTarget)}${list(w.dueSoon, "dash-due", d.dueSoon)}
${figure(charts.areas, areaTable, "dash-areas", lang)}
${charts.targets ? figure(charts.targets, targetTable, "dash-targets", lang) : ""}
${figure(charts.timeline, timelineTable, "dash-timeline", lang)}
${broken}
<section aria-labelledby="dash-rules">
<h2 id="dash-rules">${w.rules}</h2>
<dl>${PROGRESS_STATES.map((s) => html`<dt>${PROGRESS_STATE_LABELS[s][lang]}</dt><dd>${PROGRESS_RULES[s][lang]}</dd>`)}</dl>
</section>
</div>
`;
}

/** Draws the network page's chart. */
export function networkExecutionChart(n: NetworkExecution, lang: Language): Promise<Chart> {
  return executionByYearChart(n.years, lang);
}

/** A network's execution year by year: the chart and a table of the same numbers. */
export function networkExecutionView(n: NetworkExecution, chart: Chart, lang: Language): SafeHtml {
  const w = wordsOf(lang);
  const table = html`<table>
<caption>${w.executionByYear}</caption>
<thead><tr><th scope="col">${w.year}</th><th scope="col">${w.total}</th><th scope="col">${w.executed}</th><th scope="col">${w.target}</th><th scope="col">${w.held}</th><th scope="col">${w.rate}</th></tr></thead>
<tbody>${n.years.map((y) => {
    const s = y.summary;
    if (!s) {
      return html`<tr><th scope="row">${y.year}</th><td colspan="5">${w.notPublished}</td></tr>`;
    }
    const executed = s.rate.numerator;
    return html`<tr><th scope="row">${y.year}</th><td class="num">${s.total}</td><td class="num">${executed}</td><td class="num">${s.recurring.target}</td><td class="num">${s.recurring.held}</td><td class="num">${percent(s.executionRate, lang)}</td></tr>`;
  })}</tbody>
</table>`;
  return figure(chart, table, "network-years", lang);
}
