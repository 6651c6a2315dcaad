import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { createArea } from "../../app/create-area.ts";
import { updateArea } from "../../app/update-area.ts";
import { Language, type PlanDocument } from "../../core/plan.ts";
import { notFound } from "../errors.ts";
import { rowEtag } from "../etag.ts";
import { areaPath } from "../paths.ts";
import { sendJson } from "../reply.ts";
import {
  AmendmentReason,
  Area,
  AreaParams,
  LangQuery,
  OPTIONAL_SECURITY,
  PlanParams,
  problems,
  SECURITY,
} from "../schemas.ts";
import { type depsFor, type RouteContext, writeDepsFor } from "./context.ts";
import { readDocument, sendDocumentPart } from "./documents.ts";
import { conditionalWrite, createExpectation } from "./write.ts";

const CreateAreaBody = z.object({
  code: Area.shape.code,
  title: z.string().min(1),
  objective: z.string().optional(),
  lang: Language.optional().describe("The language of the wordings; default the plan's"),
  reason: AmendmentReason,
});

const PatchAreaBody = z.object({
  code: Area.shape.code.optional().describe("A new code for the area"),
  title: z.string().min(1).optional(),
  objective: z.string().optional(),
  lang: Language.optional(),
  reason: AmendmentReason,
});

const WRITE_PROBLEMS = problems(400, 401, 403, 404, 409, 412, 413);

export async function areaRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    "/networks/:net/plans/:year/areas",
    {
      schema: {
        tags: ["areas"],
        operationId: "listAreas",
        summary: "The plan's work areas, with their activities",
        params: PlanParams,
        querystring: LangQuery,
        security: OPTIONAL_SECURITY,
        response: { 200: z.object({ areas: z.array(Area) }), ...problems(400, 401, 404) },
      },
    },
    (request, reply) => sendDocumentPart(ctx, request, reply, (d) => ({ areas: d.areas })),
  );

  r.get(
    "/networks/:net/plans/:year/areas/:code",
    {
      schema: {
        tags: ["areas"],
        operationId: "getArea",
        summary: "One work area, with its activities",
        params: AreaParams,
        querystring: LangQuery,
        security: OPTIONAL_SECURITY,
        response: { 200: Area, ...problems(400, 401, 404) },
      },
    },
    (request, reply) => {
      const { code } = request.params;
      const area = (d: PlanDocument) => d.areas.find((a) => a.code === code);
      return sendDocumentPart(ctx, request, reply, area, `area ${code}`);
    },
  );

  /** The area as the writer now sees it, with its own ETag. */
  async function answerArea(
    request: Parameters<typeof depsFor>[1],
    reply: import("fastify").FastifyReply,
    deps: Awaited<ReturnType<typeof writeDepsFor>>,
    key: { network: string; year: number; lang?: Language | undefined },
    written: { id: string; code: string; version: number },
    status = 200,
  ) {
    const { document } = await readDocument(ctx, deps, key);
    const area = document.areas.find((a) => a.code === written.code);
    if (!area) throw notFound(`area ${written.code}`);
    return sendJson(request, reply, area, {
      status,
      etag: rowEtag(written.id, written.version),
      location: areaPath(key.network, key.year, written.code),
    });
  }

  r.post(
    "/networks/:net/plans/:year/areas",
    {
      schema: {
        tags: ["areas"],
        operationId: "createArea",
        summary: "Add a work area after the last one",
        params: PlanParams,
        body: CreateAreaBody,
        security: SECURITY,
        response: { 201: Area, ...WRITE_PROBLEMS },
      },
    },
    async (request, reply) => {
      const deps = await writeDepsFor(ctx, request);
      const { net, year } = request.params;
      const expect = await createExpectation(request, deps, { network: net, year });
      const area = await createArea(deps, { ...request.body, ...expect, network: net, year });
      const key = { network: net, year, lang: request.body.lang };
      return answerArea(request, reply, deps, key, area, 201);
    },
  );

  r.patch(
    "/networks/:net/plans/:year/areas/:code",
    {
      schema: {
        tags: ["areas"],
        operationId: "updateArea",
        summary: "Change a work area's code, title or objective",
        params: AreaParams,
        body: PatchAreaBody,
        security: SECURITY,
        response: { 200: Area, ...WRITE_PROBLEMS },
      },
    },
    async (request, reply) => {
      const deps = await writeDepsFor(ctx, request);
      const { net, year, code } = request.params;
      const { code: newCode, ...rest } = request.body;
      const { area, version } = await conditionalWrite(
        request,
        deps,
        { network: net, year, part: { kind: "area", code } },
        (expect) =>
          updateArea(deps, {
            ...rest,
            ...(newCode ? { newCode } : {}),
            network: net,
            year,
            code,
            ...expect,
          }),
      );
      const key = { network: net, year, lang: request.body.lang };
      return answerArea(request, reply, deps, key, { ...area, version });
    },
  );
}
