/** The progress dashboard of a plan and a network's execution year by year, as pages. */
import type { Dashboard } from "../../app/get-dashboard.ts";
import type { NetworkExecution } from "../../app/get-network-execution.ts";
import type { Chart } from "../../render/dashboard-svg.ts";
import {
  type DashboardCharts,
  type DashboardLinks,
  dashboardView,
  networkExecutionView,
} from "../dashboard.view.ts";
import { html } from "../html.ts";
import { href, type PageCtx, page } from "../layout.ts";

export function dashboardPage(
  ctx: PageCtx,
  d: Dashboard,
  charts: DashboardCharts,
  links: DashboardLinks,
  draft: boolean,
): string {
  const net = d.network.slug;
  const body = html`<h1>${ctx.t.dashboardOf(d.year)}</h1>
<p class="lead"><a href="${href(ctx, `/${net}/${d.year}`)}">${d.title}</a></p>
${ctx.viewer ? html`<p class="muted">${ctx.t.dashboardSignedIn}</p>` : ""}
${dashboardView(d, charts, ctx.lang, links)}
<p><a href="${href(ctx, `/${net}/${d.year}/reports`)}">${ctx.t.reports}</a> · <a href="${href(ctx, `/${net}/execution`)}">${ctx.t.execution}</a></p>`;
  return page(ctx, {
    title: ctx.t.dashboardOf(d.year),
    body,
    draft,
    nav: "plan",
    year: d.year,
    crumbs: [
      { href: `/${net}`, label: d.network.name },
      { href: `/${net}/${d.year}`, label: ctx.t.planOf(d.year) },
      { label: ctx.t.dashboard },
    ],
  });
}

export function executionPage(ctx: PageCtx, n: NetworkExecution, chart: Chart): string {
  const net = n.network.slug;
  const dashboards = n.years.filter((y) => y.summary !== null);
  const body = html`<h1>${ctx.t.execution}</h1>
<p class="lead">${ctx.t.executionIntro}</p>
${networkExecutionView(n, chart, ctx.lang)}
${
  dashboards.length
    ? html`<h2>${ctx.t.dashboard}</h2><ul>${dashboards.map(
        (y) =>
          html`<li><a href="${href(ctx, `/${net}/${y.year}/dashboard`)}">${ctx.t.dashboardOf(y.year)}</a></li>`,
      )}</ul>`
    : ""
}`;
  const latest = n.years.at(-1)?.year;
  return page(ctx, {
    title: ctx.t.execution,
    body,
    nav: "home",
    ...(latest ? { year: latest } : {}),
    crumbs: [{ href: `/${net}`, label: n.network.name }, { label: ctx.t.execution }],
  });
}
