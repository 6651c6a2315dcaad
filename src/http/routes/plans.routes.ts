import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { approvePlan } from "../../app/approve-plan.ts";
import { approveReport } from "../../app/approve-report.ts";
import { createPlan } from "../../app/create-plan.ts";
import type { Deps } from "../../app/deps.ts";
import {
  editionFileKey,
  editionFileOr,
  exportedDocument,
  findExportablePlan,
} from "../../app/export-plan.ts";
import { listReportEditions } from "../../app/list-editions.ts";
import { listPlans } from "../../app/list-plans.ts";
import type { LifecycleInput } from "../../app/plan-lifecycle.ts";
import { publishReportWithFiles } from "../../app/render-edition-files.ts";
import { returnPlanToDraft, submitPlan } from "../../app/submit-plan.ts";
import { updatePlan } from "../../app/update-plan.ts";
import { LANGUAGES, Language } from "../../core/plan.ts";
import type { PlanRecord } from "../../db/plan.repository.ts";
import { REPORT_CSP } from "../../edge/report-csp.ts";
import { exportFileName } from "../../render/export.ts";
import { renderHtml } from "../../render/html.ts";
import { renderMarkdown } from "../../render/markdown.ts";
import { rowEtag } from "../etag.ts";
import { planPath } from "../paths.ts";
import { presentPlanSummary } from "../presenters/plan.presenter.ts";
import { sendJson } from "../reply.ts";
import {
  AmendmentReason,
  LangQuery,
  NetParams,
  OPTIONAL_SECURITY,
  PlanDocument,
  PlanParams,
  PlanSummaryOut,
  problems,
  SECURITY,
} from "../schemas.ts";
import { depsFor, type RouteContext, writeDepsFor } from "./context.ts";
import {
  documentBytes,
  documentVariant,
  offerPublic,
  readHead,
  rendered,
  sendRendered,
} from "./documents.ts";
import { conditionalWrite } from "./write.ts";

const ReportQuery = z.object({
  format: z.enum(["html", "md"]).default("html"),
  lang: Language.optional(),
});

const CreatePlanBody = z.object({
  year: z.number().int().min(1900).max(2200),
  title: z.string().min(1),
  language: Language,
  originalLanguage: Language.optional(),
  distribution: z.string().nullable().optional(),
  networkName: z
    .string()
    .min(1)
    .optional()
    .describe("Needed only when the network does not exist yet: it is created"),
});

const PatchPlanBody = z.object({
  lang: Language.optional().describe("The language the wordings are written in"),
  title: z.string().min(1).optional(),
  distribution: z.string().nullable().optional(),
  presentedAt: z.number().int().positive().nullable().optional(),
  annexIntro: z.string().nullable().optional(),
  background: z.array(z.string()).optional(),
  purpose: z.array(z.string()).optional(),
  reason: AmendmentReason,
});

const ApproveBody = z.object({
  assembly: z.object({
    ordinal: z.number().int().positive(),
    date: z.iso.date(),
    place: z.string().min(1),
    placeLang: Language.optional(),
  }),
});

const ApproveReportBody = z
  .object({
    dataAsOf: z.iso.date().optional(),
    approvedBy: z
      .object({
        body: z.string().min(1),
        date: z.iso.date().nullable().optional(),
        place: z.string().min(1).nullable().optional(),
      })
      .optional(),
    corrections: z.string().min(1).optional(),
  })
  // No body at all (a bare POST) arrives as null: the defaults then.
  .nullish()
  .describe(
    "dataAsOf: the day the report's data stand as of (ISO date in the plan year); approvedBy: the body that approved it (e.g. Executive Committee), its date and place; corrections: for a published report's next edition, the summary of its corrections (required then)",
  );

const PublishBody = z
  .object({
    partial: z
      .array(Language)
      .max(LANGUAGES.length)
      .optional()
      .describe(
        "incomplete translations to publish as they are (their report says so); without it an incomplete translation is left out of the edition",
      ),
  })
  .nullish();

const EditionParams = PlanParams.extend({ n: z.coerce.number().int().positive() });

export async function planRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    "/networks/:net/plans/:year",
    {
      schema: {
        tags: ["plans"],
        operationId: "getPlan",
        summary: "The plan document (workplan.plan/v1)",
        description:
          "The whole plan in one language (`lang`, falling back to the plan's original language). Anonymous callers get approved plans only, as frozen at approval and at each recorded amendment and without the execution (statuses, occurrences, annex) until the report is published, then its latest published edition; other plans are 404 to them. Their ETags name that frozen view (never an If-Match).",
        params: PlanParams,
        querystring: LangQuery,
        security: OPTIONAL_SECURITY,
        response: { 200: PlanDocument, 304: z.undefined(), ...problems(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const deps = await depsFor(ctx, request);
      const { net, year } = request.params;
      const key = { network: net, year, lang: request.query.lang };
      const head = await readHead(ctx, deps, key);
      offerPublic(ctx, request, deps, key, head, documentVariant(head));
      return sendRendered(request, reply, head, () => documentBytes(ctx, deps, head, key));
    },
  );

  r.get(
    "/networks/:net/plans/:year/report",
    {
      schema: {
        tags: ["plans"],
        operationId: "getReport",
        summary: "The execution report, as HTML or Markdown",
        description: "Anonymous callers get published reports only (others are 404).",
        params: PlanParams,
        querystring: ReportQuery,
        security: OPTIONAL_SECURITY,
        response: {
          200: {
            description: "The report",
            content: {
              "text/html": { schema: z.string() },
              "text/markdown": { schema: z.string() },
            },
          },
          ...problems(400, 401, 404),
        },
      },
    },
    async (request, reply) => {
      const deps = await depsFor(ctx, request);
      const { net, year } = request.params;
      const { format } = request.query;
      const head = await findExportablePlan(
        deps,
        { network: net, year, lang: request.query.lang, part: "report" },
        (key) => readHead(ctx, deps, key),
      );
      if (format === "html") reply.header("content-security-policy", REPORT_CSP);
      // Labels follow the language asked for; content falls back to the plan's (head.lang).
      const lang = request.query.lang ?? head.lang;
      return sendRendered(request, reply, head, () =>
        rendered(ctx, head, `report:${format}:${lang}:${head.lang}`, () =>
          editionFileOr(deps, head, editionFileKey(format, head, { lang }), async () => {
            const { document, draft } = await exportedDocument(deps, head);
            const options = { lang, draft };
            const fileName = exportFileName(net, year, format, { lang });
            return format === "md"
              ? {
                  body: Buffer.from(renderMarkdown(document, options)),
                  contentType: "text/markdown; charset=utf-8",
                  fileName,
                }
              : {
                  body: Buffer.from(renderHtml(document, options)),
                  contentType: "text/html; charset=utf-8",
                  fileName,
                };
          }),
        ),
      );
    },
  );

  r.get(
    "/networks/:net/plans/:year/editions",
    {
      schema: {
        tags: ["plans"],
        operationId: "listReportEditions",
        summary: "Every published edition of the report",
        description:
          "Oldest first: number, publication and data-as-of days, the approving body, the summary of corrections and the generated list of changes since the previous edition (no editor's name).",
        params: PlanParams,
        security: OPTIONAL_SECURITY,
        response: { 200: z.array(EditionOut), ...problems(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const deps = await depsFor(ctx, request);
      const { net, year } = request.params;
      const { editions } = await listReportEditions(deps, { network: net, year });
      return sendJson(
        request,
        reply,
        editions.map((e) => ({ ...e, links: editionLinks(net, year, e.number) })),
      );
    },
  );

  r.get(
    "/networks/:net/plans/:year/editions/:n",
    {
      schema: {
        tags: ["plans"],
        operationId: "getReportEdition",
        summary: "Edition N of the report: the plan document as published",
        description:
          "Frozen: the same bytes forever. Its ETag names the edition and is never accepted as If-Match.",
        params: EditionParams,
        querystring: LangQuery,
        security: OPTIONAL_SECURITY,
        response: { 200: PlanDocument, 304: z.undefined(), ...problems(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const deps = await depsFor(ctx, request);
      const { net, year, n } = request.params;
      const key = { network: net, year, lang: request.query.lang, edition: n };
      const head = await readHead(ctx, deps, key);
      offerPublic(ctx, request, deps, key, head, documentVariant(head));
      return sendRendered(request, reply, head, () => documentBytes(ctx, deps, head, key));
    },
  );

  r.post(
    "/networks/:net/plans",
    {
      schema: {
        tags: ["plans"],
        operationId: "createPlan",
        summary: "Start an empty draft plan",
        params: NetParams,
        body: CreatePlanBody,
        security: SECURITY,
        response: { 201: PlanSummaryOut, ...problems(400, 401, 403, 409, 413) },
      },
    },
    async (request, reply) => {
      const deps = await writeDepsFor(ctx, request);
      const b = request.body;
      const plan = await createPlan(deps, { ...b, network: request.params.net });
      return sendJson(request, reply, presentPlanSummary({ ...plan, title: b.title }), {
        status: 201,
        etag: rowEtag(plan.id, plan.version),
        location: planPath(plan.network.slug, plan.year),
      });
    },
  );

  r.patch(
    "/networks/:net/plans/:year",
    {
      schema: {
        tags: ["plans"],
        operationId: "updatePlan",
        summary: "Change the plan's own fields (title, paragraphs, ...)",
        description:
          "If-Match may carry the plan document's ETag or the plan's own (from this route's answers).",
        params: PlanParams,
        body: PatchPlanBody,
        security: SECURITY,
        response: { 200: PlanSummaryOut, ...problems(400, 401, 403, 404, 409, 412, 413) },
      },
    },
    async (request, reply) => {
      const deps = await writeDepsFor(ctx, request);
      const { net, year } = request.params;
      const { plan } = await conditionalWrite(
        request,
        deps,
        { network: net, year, part: { kind: "plan" } },
        (expect) => updatePlan(deps, { ...request.body, network: net, year, ...expect }),
      );
      return sendJson(request, reply, await summaryOf(deps, plan, request.body.lang), {
        etag: rowEtag(plan.id, plan.version),
      });
    },
  );

  const lifecycle = (
    path: string,
    operationId: string,
    summary: string,
    run: (deps: Deps, input: LifecycleInput, body: unknown) => Promise<PlanRecord>,
    body?: z.ZodType,
  ) =>
    r.post(
      `/networks/:net/plans/:year/${path}`,
      {
        schema: {
          tags: ["plans"],
          operationId,
          summary,
          params: PlanParams,
          ...(body ? { body } : {}),
          security: SECURITY,
          response: { 200: PlanSummaryOut, ...problems(400, 401, 403, 404, 409, 412) },
        },
      },
      async (request, reply) => {
        const deps = await writeDepsFor(ctx, request);
        const { net, year } = request.params;
        const plan = await conditionalWrite(
          request,
          deps,
          { network: net, year, part: { kind: "plan" } },
          (expect) => run(deps, { network: net, year, ...expect }, request.body),
        );
        return sendJson(request, reply, await summaryOf(deps, plan), {
          etag: rowEtag(plan.id, plan.version),
        });
      },
    );

  lifecycle("submit", "submitPlan", "Submit the draft plan to the Assembly", submitPlan);
  lifecycle(
    "return-to-draft",
    "returnPlanToDraft",
    "Send a submitted plan back to draft",
    returnPlanToDraft,
  );
  lifecycle(
    "approve",
    "approvePlan",
    "Record the Assembly's approval of a submitted plan (it becomes public)",
    (deps, input, body) =>
      approvePlan(deps, { ...input, ...(body as z.infer<typeof ApproveBody>) }),
    ApproveBody,
  );
  lifecycle(
    "report/approve",
    "approveReport",
    "Approve the execution report, with the day its data stand as of (default 31 December); refused while any status is unclassified",
    (deps, input, body) =>
      approveReport(deps, { ...input, ...((body ?? {}) as z.infer<typeof ApproveReportBody>) }),
    ApproveReportBody,
  );
  lifecycle(
    "report/publish",
    "publishReport",
    "Publish the approved report as its next edition (it becomes public) in the plan's language and every complete translation, and the incomplete ones named in `partial`; the edition's files are rendered and stored right after the answer (a download asked for meanwhile joins its rendering; one that fails waits for its first request)",
    (deps, input, body) =>
      publishReportWithFiles(
        deps,
        { ...input, partial: (body as z.infer<typeof PublishBody>)?.partial },
        { baseUrl: ctx.config.publicUrl, chromiumPath: ctx.config.chromiumPath },
      ),
    PublishBody,
  );
}

const EditionOut = z
  .object({
    number: z.number().int(),
    publishedAt: z.string(),
    dataAsOf: z.string(),
    approvedBy: z
      .object({ body: z.string(), date: z.string().nullable(), place: z.string().nullable() })
      .nullable(),
    corrections: z.string().nullable(),
    changes: z.array(z.record(z.string(), z.unknown())),
    languages: z.array(Language),
    links: z.record(z.string(), z.string()),
  })
  .meta({ id: "ReportEdition" });

const editionLinks = (net: string, year: number, n: number) => {
  const self = `${planPath(net, year)}/editions/${n}`;
  return { self, export: `${self}/export` };
};

/** A plan's summary with its title (in `lang` where translated). */
async function summaryOf(deps: Deps, plan: PlanRecord, lang?: Language) {
  const plans = await listPlans(deps, { network: plan.network.slug, ...(lang ? { lang } : {}) });
  const titled = plans.find((p) => p.year === plan.year);
  return presentPlanSummary({ ...plan, title: titled?.title ?? "" });
}
