/** The public portal: networks, a network's home, plan, area, activity, annex, reports, upcoming. */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { getNetwork } from "../../app/find-readable-plan.ts";
import { frozenPlanDocument, getPlanDocument } from "../../app/get-plan-document.ts";
import { listReportEditions } from "../../app/list-editions.ts";
import { listNetworks } from "../../app/list-networks.ts";
import { listPlans } from "../../app/list-plans.ts";
import { listAmendmentsOf } from "../../app/record-amendment.ts";
import { AppError } from "../../core/errors.ts";
import { LANGUAGES, type Language } from "../../core/plan.ts";
import { can } from "../../core/policies.ts";
import { isoDay } from "../../core/progress.ts";
import { sendPage, type WebContext } from "../context.ts";
import { withLang } from "../i18n.ts";
import { findActivity, findArea, type PlanView } from "../pages/content.ts";
import { editionsPage } from "../pages/editions.pages.ts";
import { activityPage, annexPage, areaPage, planPage } from "../pages/plan.pages.ts";
import {
  homePage,
  latestEvidence,
  networksPage,
  reportsPage,
  upcomingOf,
  upcomingPage,
} from "../pages/portal.pages.ts";
import { portalPage } from "../public-page.ts";
import { historyFor, reportControls } from "./editor-views.ts";
import { areaIdsOf, editLinks, yearOf } from "./plan-scope.ts";

const notFound = () => new AppError("not_found", "no such page");

/** The plan as the viewer may see it, in the page language (untranslated texts marked). */
export async function loadView(
  web: WebContext,
  request: FastifyRequest,
  network: string,
  year: number,
  lang: Language | undefined,
) {
  const deps = await web.deps(request);
  // An anonymous reader's page is drawn under the public identity just looked up (and
  // memoized): the view found with it is read, not looked up again.
  const head = deps.actor === null ? (await web.publicIdentity({ network, year })).head : undefined;
  const res =
    (head && (await frozenPlanDocument(deps, head, lang))) ??
    (await getPlanDocument(deps, { network, year, ...(lang ? { lang } : {}) }));
  const view: PlanView = {
    doc: res.document,
    lifecycleStatus: res.plan.lifecycleStatus,
    reportStatus: res.plan.reportStatus,
    approvedByAssembly: res.plan.approvedByAssembly,
    changedSinceEdition:
      res.edition === null &&
      res.latestEdition &&
      res.plan.updatedAt > res.latestEdition.publishedAt
        ? res.latestEdition.number
        : null,
  };
  return {
    view,
    plan: res.plan,
    languages: res.languages,
    seesReport: res.view === "full",
    edition: res.edition,
  };
}

/** The page context and plan of a plan-scoped page; the plan's original language is the default. */
async function planPage_(
  web: WebContext,
  request: FastifyRequest,
  reply: Parameters<WebContext["pageCtx"]>[1],
) {
  const p = request.params as { net: string; year: string };
  const year = yearOf(p.year);
  const explicit = (request.query as { lang?: string }).lang;
  const first = await loadView(
    web,
    request,
    p.net,
    year,
    LANGUAGES.find((l) => l === explicit),
  );
  const ctx = await web.pageCtx(
    request,
    reply,
    first.view.doc.network,
    first.plan.originalLanguage,
  );
  // Without ?lang the page language came from Accept-Language: read the plan in it.
  const loaded =
    ctx.lang === first.view.doc.language || explicit
      ? first
      : await loadView(web, request, p.net, year, ctx.lang);
  return { ctx, ...loaded };
}

export async function publicRoutes(app: FastifyInstance, web: WebContext): Promise<void> {
  app.get("/", async (request, reply) => {
    const networks = await listNetworks({ db: web.db });
    const ctx = await web.pageCtx(request, reply);
    if (networks.length === 1 && networks[0]) {
      return reply.redirect(withLang(`/${networks[0].slug}`, ctx.lang), 302);
    }
    return sendPage(reply, networksPage(ctx, networks));
  });

  const byNetwork = (request: FastifyRequest) => ({
    network: (request.params as { net: string }).net,
  });
  const byPlan = (request: FastifyRequest) => {
    const p = request.params as { net: string; year: string };
    return { network: p.net, year: yearOf(p.year) };
  };

  app.get(
    "/:net",
    portalPage(web, byNetwork, async (request, reply) => {
      const { net } = request.params as { net: string };
      // One network by its key: listing all of them was a scan per request (2,500 at scale).
      const network = await getNetwork({ db: web.db }, net);
      const deps = await web.deps(request);
      const ctx0 = await web.pageCtx(request, reply, network);
      const plans = await listPlans(deps, { network: network.slug, lang: ctx0.lang });
      const today = isoDay(web.clock());
      const thisYear = Number(today.slice(0, 4));
      const current = plans.find((p) => p.year === thisYear) ?? plans[0];
      const ctx = current
        ? await web.pageCtx(request, reply, network, current.originalLanguage)
        : ctx0;
      const views = [];
      for (const p of plans.filter((x) => x.year >= thisYear - 1 || x === current).slice(0, 3)) {
        views.push({
          year: p.year,
          ...(await loadView(web, request, network.slug, p.year, ctx.lang)),
        });
      }
      const curLoaded = views.find((v) => v.year === current?.year);
      const cur = curLoaded?.view ?? null;
      const docs = views.map((v) => v.view.doc);
      return homePage(
        ctx,
        network,
        cur,
        upcomingOf(docs, today),
        latestEvidence(cur ? [cur.doc] : [], 5),
        plans.map((p) => p.year),
        curLoaded?.seesReport ?? false,
      );
    }),
  );

  app.get(
    "/:net/upcoming",
    portalPage(web, byNetwork, async (request, reply) => {
      const { net } = request.params as { net: string };
      // One network by its key: listing all of them was a scan per request (2,500 at scale).
      const network = await getNetwork({ db: web.db }, net);
      const deps = await web.deps(request);
      const ctx = await web.pageCtx(request, reply, network);
      const today = isoDay(web.clock());
      const plans = (await listPlans(deps, { network: network.slug })).filter(
        (p) => p.year >= Number(today.slice(0, 4)) - 1,
      );
      const docs = [];
      for (const p of plans)
        docs.push((await loadView(web, request, network.slug, p.year, ctx.lang)).view.doc);
      return upcomingPage(ctx, network, upcomingOf(docs, today), plans[0]?.year);
    }),
  );

  app.get(
    "/:net/:year",
    portalPage(
      web,
      byPlan,
      async (request, reply) => {
        const { ctx, view, plan, seesReport, edition } = await planPage_(web, request, reply);
        const actor = (await web.viewer(request))?.actor ?? null;
        const links = actor
          ? editLinks(ctx, actor, plan.network.slug, await areaIdsOf(web, plan.id))
          : null;
        // The plan was found readable by this reader just above: its amendments need no
        // look-up. An edition shows those recorded before it was published (the page is the
        // edition's, kept as it was); the next edition shows the later ones.
        const amendments = (await listAmendmentsOf(await web.deps(request), plan))
          .filter((a) => !edition || a.createdAt <= edition.publishedAt)
          .map((a) => ({
            number: a.number,
            reason: a.reason,
            code: a.change.code,
            fields: Object.keys(a.change.after),
            at: a.createdAt,
          }));
        return planPage(ctx, view, links, amendments, seesReport);
      },
      // A published edition's plan page is kept rendered (it does not move with the day).
      "plan",
    ),
  );

  app.get(
    "/:net/:year/areas/:code",
    portalPage(web, byPlan, async (request, reply) => {
      const { ctx, view, plan } = await planPage_(web, request, reply);
      const area = findArea(view.doc, (request.params as { code: string }).code);
      if (!area) throw notFound();
      const actor = (await web.viewer(request))?.actor ?? null;
      const links = actor
        ? editLinks(ctx, actor, plan.network.slug, await areaIdsOf(web, plan.id))
        : null;
      return areaPage(ctx, view, area, links);
    }),
  );

  app.get(
    "/:net/:year/activities/:code",
    portalPage(web, byPlan, async (request, reply) => {
      const { ctx, view, plan } = await planPage_(web, request, reply);
      const found = findActivity(view.doc, (request.params as { code: string }).code);
      if (!found) throw notFound();
      const actor = (await web.viewer(request))?.actor ?? null;
      const links = actor
        ? editLinks(ctx, actor, plan.network.slug, await areaIdsOf(web, plan.id))
        : null;
      const history = ctx.viewer
        ? await historyFor(web, request, ctx, plan, "activity", found.activity.code)
        : null;
      return activityPage(
        ctx,
        view,
        found.area,
        found.activity,
        links?.areas.has(found.area.code) ?? false,
        history,
      );
    }),
  );

  app.get(
    "/:net/:year/annex",
    portalPage(web, byPlan, async (request, reply) => {
      const { ctx, view } = await planPage_(web, request, reply);
      const actor = (await web.viewer(request))?.actor ?? null;
      const canEdit =
        actor !== null &&
        can(actor, "create", {
          kind: "annex_item",
          network: (request.params as { net: string }).net,
          areaIds: actor.areaIds,
        });
      return annexPage(ctx, view, canEdit);
    }),
  );

  app.get(
    "/:net/:year/reports",
    portalPage(web, byPlan, async (request, reply) => {
      const { ctx, view, plan, seesReport } = await planPage_(web, request, reply);
      const viewer = await web.viewer(request);
      const controls = viewer ? await reportControls(web, request, ctx, plan) : null;
      return reportsPage(ctx, view, seesReport, controls);
    }),
  );

  // Every edition of the report: public once it is published, unseen before (as a draft is).
  app.get(
    "/:net/:year/editions",
    portalPage(web, byPlan, async (request, reply) => {
      const { ctx, view, seesReport } = await planPage_(web, request, reply);
      if (!seesReport) throw notFound();
      const { editions } = await listReportEditions(await web.deps(request), byPlan(request));
      return editionsPage(ctx, view, editions);
    }),
  );
}
