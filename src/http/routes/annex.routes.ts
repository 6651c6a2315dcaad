import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { addAnnexItem } from "../../app/add-annex-item.ts";
import { Evidence } from "../../app/common.ts";
import { deleteAnnexItem } from "../../app/delete-annex-item.ts";
import { findReadablePlan } from "../../app/find-readable-plan.ts";
import { updateAnnexItem } from "../../app/update-annex-item.ts";
import { Language, SourceId } from "../../core/plan.ts";
import { planEtag, rowEtag } from "../etag.ts";
import { NextField, PAGINATION_NOTE, PageQuery, pageOf } from "../pagination.ts";
import { planPath } from "../paths.ts";
import { sendJson } from "../reply.ts";
import {
  AnnexItem,
  LangQuery,
  OPTIONAL_SECURITY,
  PlanParams,
  problems,
  SECURITY,
  Source,
  TimingInput,
} from "../schemas.ts";
import { depsFor, type RouteContext, writeDepsFor } from "./context.ts";
import { etagOf, readDocument } from "./documents.ts";
import { conditionalWrite, createExpectation, langOf } from "./write.ts";

const AnnexOut = z.object({
  intro: z.string().nullable(),
  items: z.array(AnnexItem),
  next: NextField,
});

const AddAnnexBody = z.object({
  when: TimingInput,
  title: z.string().min(1),
  sources: z.array(SourceId).optional(),
  evidence: z.array(Evidence).optional(),
  lang: Language.optional(),
});

const PatchAnnexBody = z.object({
  when: TimingInput.optional(),
  title: z.string().min(1).optional(),
  sources: z
    .array(SourceId)
    .optional()
    .describe("Every existing source it cites (replaces the list)"),
  evidence: z
    .array(Evidence)
    .optional()
    .describe("New evidence, cited by a marker at the end of the title"),
  afterYearEnd: z.boolean().optional().describe("Allows a time after the plan year"),
  lang: Language.optional(),
});
const AnnexItemParams = PlanParams.extend({ index: z.coerce.number().int().nonnegative() });
const WRITE_PROBLEMS = problems(400, 401, 403, 404, 409, 412, 413);

export async function annexRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    "/networks/:net/plans/:year/annex",
    {
      schema: {
        tags: ["annex"],
        operationId: "listAnnexItems",
        summary: "Activities held that the plan did not foresee",
        description: `Empty to anonymous callers until the report is published. ${PAGINATION_NOTE} An item's index (for PATCH and DELETE) is its place in the whole list.`,
        params: PlanParams,
        querystring: LangQuery.extend(PageQuery.shape),
        security: OPTIONAL_SECURITY,
        response: { 200: AnnexOut, ...problems(400, 401, 404, 412) },
      },
    },
    async (request, reply) => {
      const deps = await depsFor(ctx, request);
      const { net, year } = request.params;
      const { lang } = request.query;
      const { head, document } = await readDocument(ctx, deps, { network: net, year, lang });
      const page = pageOf(
        request,
        reply,
        ctx.config.cursorSecret,
        { name: `annex:${net}:${year}`, version: head.contentVersion, filters: { lang } },
        document.annex,
      );
      const answer = { intro: document.annexIntro, items: page.items, next: page.next };
      return sendJson(request, reply, answer, { etag: etagOf(head) });
    },
  );

  r.post(
    "/networks/:net/plans/:year/annex",
    {
      schema: {
        tags: ["annex"],
        operationId: "createAnnexItem",
        summary: "Add an unplanned activity to the annex, with its evidence",
        params: PlanParams,
        body: AddAnnexBody,
        querystring: LangQuery,
        security: SECURITY,
        response: {
          201: z.object({ index: z.number().int(), item: AnnexItem, evidence: z.array(Source) }),
          ...problems(400, 401, 403, 404, 409, 412, 413),
        },
      },
    },
    async (request, reply) => {
      const deps = await writeDepsFor(ctx, request);
      const { net, year } = request.params;
      const expect = await createExpectation(request, deps, { network: net, year });
      const added = await addAnnexItem(deps, {
        ...request.body,
        ...langOf(request),
        ...expect,
        network: net,
        year,
      });
      const { plan } = await findReadablePlan(deps, { network: net, year });
      return sendJson(
        request,
        reply,
        { index: added.index, item: added.item, evidence: added.evidence },
        {
          status: 201,
          etag: planEtag(plan.id, plan.revision),
          location: `${planPath(net, year)}/annex`,
        },
      );
    },
  );

  r.patch(
    "/networks/:net/plans/:year/annex/:index",
    {
      schema: {
        tags: ["annex"],
        operationId: "correctAnnexItem",
        summary: "Correct an item of the annex (If-Match: its ETag)",
        params: AnnexItemParams,
        body: PatchAnnexBody,
        querystring: LangQuery,
        security: SECURITY,
        response: { 200: AnnexItem, ...WRITE_PROBLEMS },
      },
    },
    async (request, reply) => {
      const deps = await writeDepsFor(ctx, request);
      const { net, year, index } = request.params;
      const stored = await conditionalWrite(
        request,
        deps,
        { network: net, year, part: { kind: "annex_item", index } },
        (expect) =>
          updateAnnexItem(deps, {
            ...request.body,
            ...langOf(request),
            network: net,
            year,
            index,
            ...expect,
          }),
      );
      return sendJson(request, reply, stored.item, {
        etag: rowEtag(stored.id, stored.version),
        location: `${planPath(net, year)}/annex/${index}`,
      });
    },
  );

  r.delete(
    "/networks/:net/plans/:year/annex/:index",
    {
      schema: {
        tags: ["annex"],
        operationId: "deleteAnnexItem",
        summary: "Delete an item of the annex (restorable from the history; its sources stay)",
        params: AnnexItemParams,
        security: SECURITY,
        response: { 204: z.undefined(), ...WRITE_PROBLEMS },
      },
    },
    async (request, reply) => {
      const deps = await writeDepsFor(ctx, request);
      const { net, year, index } = request.params;
      await conditionalWrite(
        request,
        deps,
        { network: net, year, part: { kind: "annex_item", index } },
        (expect) => deleteAnnexItem(deps, { network: net, year, index, ...expect }),
      );
      return reply.code(204).send();
    },
  );
}
