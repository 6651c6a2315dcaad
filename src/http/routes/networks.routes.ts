import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { getNetwork } from "../../app/find-readable-plan.ts";
import { listNetworks } from "../../app/list-networks.ts";
import { listPlans } from "../../app/list-plans.ts";
import { fingerprint, NextField, PAGINATION_NOTE, PageQuery, pageOf } from "../pagination.ts";
import { presentNetwork } from "../presenters/network.presenter.ts";
import { presentPlanSummary } from "../presenters/plan.presenter.ts";
import { sendJson } from "../reply.ts";
import {
  LangQuery,
  NetParams,
  NetworkOut,
  OPTIONAL_SECURITY,
  PlanSummaryOut,
  problems,
} from "../schemas.ts";
import { depsFor, type RouteContext } from "./context.ts";

export async function networkRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    "/networks",
    {
      schema: {
        tags: ["networks"],
        operationId: "listNetworks",
        summary: "List the networks",
        description: PAGINATION_NOTE,
        querystring: PageQuery,
        security: OPTIONAL_SECURITY,
        response: {
          200: z.object({ networks: z.array(NetworkOut), next: NextField }),
          ...problems(400, 401, 412),
        },
      },
    },
    async (request, reply) => {
      const networks = (await listNetworks({ db: ctx.db })).map(presentNetwork);
      const version = fingerprint(networks.map((n) => [n.slug, n.name]));
      const page = pageOf(
        request,
        reply,
        ctx.config.cursorSecret,
        { name: "networks", version },
        networks,
      );
      return sendJson(request, reply, { networks: page.items, next: page.next });
    },
  );

  r.get(
    "/networks/:net",
    {
      schema: {
        tags: ["networks"],
        operationId: "getNetwork",
        summary: "One network",
        params: NetParams,
        security: OPTIONAL_SECURITY,
        response: { 200: NetworkOut, ...problems(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const network = await getNetwork({ db: ctx.db }, request.params.net);
      return sendJson(request, reply, presentNetwork(network));
    },
  );

  r.get(
    "/networks/:net/plans",
    {
      schema: {
        tags: ["networks"],
        operationId: "listPlans",
        summary: "The network's plans you may read, newest first",
        description: `Anonymous callers see approved plans and plans whose report is published. ${PAGINATION_NOTE}`,
        params: NetParams,
        querystring: LangQuery.extend(PageQuery.shape),
        security: OPTIONAL_SECURITY,
        response: {
          200: z.object({ plans: z.array(PlanSummaryOut), next: NextField }),
          ...problems(400, 401, 404, 412),
        },
      },
    },
    async (request, reply) => {
      const deps = await depsFor(ctx, request);
      await getNetwork(deps, request.params.net);
      const plans = await listPlans(deps, {
        network: request.params.net,
        ...(request.query.lang ? { lang: request.query.lang } : {}),
      });
      // The list depends on who asks: never let a shared cache mix them up.
      reply.header("vary", "authorization, cookie");
      const all = plans.map(presentPlanSummary);
      const version = fingerprint(all.map((p) => [p.year, p.revision, p.reportStatus]));
      const page = pageOf(
        request,
        reply,
        ctx.config.cursorSecret,
        { name: `plans:${request.params.net}`, version, filters: { lang: request.query.lang } },
        all,
      );
      return sendJson(request, reply, { plans: page.items, next: page.next });
    },
  );
}
