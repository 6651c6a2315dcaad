/**
 * The progress dashboard of a plan (`/:net/:year/dashboard`) and a network's execution year
 * by year (`/:net/execution`). getDashboard decides who sees what: the execution report
 * must be readable (published, or signed in with the right); broken links are for signed-in
 * users only. An edition's charts are stored with its files; the working copy's are cached by
 * content (src/edge/render-cache.ts).
 */
import type { FastifyInstance } from "fastify";
import { findReadablePlan, getNetwork } from "../../app/find-readable-plan.ts";
import { getDashboard } from "../../app/get-dashboard.ts";
import { editionDashboardCharts } from "../../app/get-dashboard-charts.ts";
import { getNetworkExecution } from "../../app/get-network-execution.ts";
import { jsonSize, RenderCache } from "../../edge/render-cache.ts";
import type { Chart } from "../../render/dashboard-svg.ts";
import type { WebContext } from "../context.ts";
import {
  type DashboardCharts,
  type DashboardLinks,
  dashboardCharts,
  networkExecutionChart,
} from "../dashboard.view.ts";
import { href } from "../layout.ts";
import { dashboardPage, executionPage } from "../pages/dashboard.pages.ts";
import { portalPage } from "../public-page.ts";
import { areaIdsOf, editLinks, yearOf } from "./plan-scope.ts";

export async function dashboardRoutes(app: FastifyInstance, web: WebContext): Promise<void> {
  // Vega takes ~100 ms a chart set. An edition's charts (what the public sees) are drawn
  // once and stored with its files (editionDashboardCharts). The working copy's, for
  // signed-in readers, are drawn once per (revision, language, day: progress moves with
  // the day) and kept here. Small (a few dozen plans' charts): a page hit never needs them,
  // and an anonymous reader's page is kept whole in the render cache, charts drawn in.
  const charts = { maxBytes: 2 * 1024 * 1024, buildId: web.config.buildId, sizeOf: jsonSize };
  const planCharts = new RenderCache<DashboardCharts>(charts);
  const yearCharts = new RenderCache<Chart>(charts);

  app.get(
    "/:net/:year/dashboard",
    portalPage(
      web,
      (request) => {
        const p = request.params as { net: string; year: string };
        return { network: p.net, year: yearOf(p.year) };
      },
      async (request, reply, identity) => {
        const params = request.params as { net: string; year: string };
        const year = yearOf(params.year);
        const deps = await web.deps(request);
        // An anonymous reader's page is drawn from the view its public identity found.
        const known = deps.actor === null ? identity?.head : undefined;
        const network = known?.plan.network ?? (await getNetwork(deps, params.net));
        const head = known ?? (await findReadablePlan(deps, { network: network.slug, year }));
        const ctx = await web.pageCtx(
          request,
          reply,
          { slug: network.slug, name: network.name },
          head.plan.originalLanguage,
        );
        // The edition the head found (a publication in between changes neither).
        const d = await getDashboard(
          deps,
          { network: network.slug, year, lang: ctx.lang, edition: head.edition?.number },
          head,
        );
        const charts =
          (await editionDashboardCharts(deps, head, ctx.lang)) ??
          (await planCharts.get(head.contentVersion, `${ctx.lang}:${d.today}`, () =>
            dashboardCharts(d, ctx.lang),
          ));
        const base = `/${network.slug}/${year}`;
        const edit = deps.actor
          ? editLinks(ctx, deps.actor, head.plan.network.slug, await areaIdsOf(web, head.plan.id))
          : null;
        const links: DashboardLinks = {
          activity: (code) => href(ctx, `${base}/activities/${code}`),
          edit: (code, area) =>
            edit?.areas.has(area) ? href(ctx, `/edit${base}/activities/${code}`) : null,
        };
        return dashboardPage(ctx, d, charts, links, head.plan.reportStatus === "draft");
      },
    ),
  );

  app.get(
    "/:net/execution",
    portalPage(
      web,
      (request) => ({ network: (request.params as { net: string }).net }),
      async (request, reply, identity) => {
        const deps = await web.deps(request);
        // An anonymous reader's: the network and its plans as the public identity read them.
        const known = deps.actor === null ? identity?.network : undefined;
        const network =
          known?.network ?? (await getNetwork(deps, (request.params as { net: string }).net));
        const ctx = await web.pageCtx(request, reply, { slug: network.slug, name: network.name });
        const n = await getNetworkExecution(deps, { network: network.slug, lang: ctx.lang }, known);
        // What a reader sees of each year, as the rows say (signed-in readers may see more).
        const version = n.years.map((y) => `${y.year}:${y.summary ? "f" : "p"}`).join(",");
        const chart = await yearCharts.byContent([ctx.lang, version, n.years], () =>
          networkExecutionChart(n, ctx.lang),
        );
        return executionPage(ctx, n, chart);
      },
    ),
  );
}
