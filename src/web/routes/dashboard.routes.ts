/**
 * The progress dashboard of a plan (`/:net/:year/dashboard`) and a network's execution year
 * by year (`/:net/execution`). getDashboard decides who sees what: the execution report
 * must be readable (published, or signed in with the right); broken links are for signed-in
 * users only. Charts are cached by content (src/edge/render-cache.ts).
 */
import type { FastifyInstance } from "fastify";
import { findReadablePlan, getNetwork } from "../../app/find-readable-plan.ts";
import { getDashboard } from "../../app/get-dashboard.ts";
import { getNetworkExecution } from "../../app/get-network-execution.ts";
import { jsonSize, RenderCache } from "../../edge/render-cache.ts";
import type { Chart } from "../../render/dashboard-svg.ts";
import { sendPage, type WebContext } from "../context.ts";
import {
  type DashboardCharts,
  type DashboardLinks,
  dashboardCharts,
  networkExecutionChart,
} from "../dashboard.view.ts";
import { href } from "../layout.ts";
import { dashboardPage, executionPage } from "../pages/dashboard.pages.ts";
import { areaIdsOf, editLinks, yearOf } from "./plan-scope.ts";

export async function dashboardRoutes(app: FastifyInstance, web: WebContext): Promise<void> {
  // Vega takes ~100 ms a chart, and a plan's numbers change far less often than it is read.
  // Keyed by what the charts draw (content, not revision: progress also moves with the day).
  const charts = { maxBytes: 16 * 1024 * 1024, buildId: web.config.buildId, sizeOf: jsonSize };
  const planCharts = new RenderCache<DashboardCharts>(charts);
  const yearCharts = new RenderCache<Chart>(charts);

  app.get<{ Params: { net: string; year: string } }>(
    "/:net/:year/dashboard",
    async (request, reply) => {
      const year = yearOf(request.params.year);
      const deps = await web.deps(request);
      const network = await getNetwork(deps, request.params.net);
      const head = await findReadablePlan(deps, { network: network.slug, year });
      const ctx = await web.pageCtx(
        request,
        reply,
        { slug: network.slug, name: network.name },
        head.plan.originalLanguage,
      );
      const d = await getDashboard(deps, { network: network.slug, year, lang: ctx.lang });
      const charts = await planCharts.byContent(
        [ctx.lang, d.year, d.today, d.areas, d.targets, d.timeline],
        () => dashboardCharts(d, ctx.lang),
      );
      const base = `/${network.slug}/${year}`;
      const edit = editLinks(
        ctx,
        deps.actor,
        head.plan.network.slug,
        await areaIdsOf(web, head.plan.id),
      );
      const links: DashboardLinks = {
        activity: (code) => href(ctx, `${base}/activities/${code}`),
        edit: (code, area) =>
          edit?.areas.has(area) ? href(ctx, `/edit${base}/activities/${code}`) : null,
      };
      return sendPage(
        reply,
        dashboardPage(ctx, d, charts, links, head.plan.reportStatus === "draft"),
      );
    },
  );

  app.get<{ Params: { net: string } }>("/:net/execution", async (request, reply) => {
    const deps = await web.deps(request);
    const network = await getNetwork(deps, request.params.net);
    const ctx = await web.pageCtx(request, reply, { slug: network.slug, name: network.name });
    const n = await getNetworkExecution(deps, { network: network.slug, lang: ctx.lang });
    const chart = await yearCharts.byContent([ctx.lang, n.years], () =>
      networkExecutionChart(n, ctx.lang),
    );
    return sendPage(reply, executionPage(ctx, n, chart));
  });
}
