import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { exportPlan, findExportablePlan, REPORT_FORMATS } from "../../app/export-plan.ts";
import { Language } from "../../core/plan.ts";
import { REPORT_CSP } from "../../edge/report-csp.ts";
import { TABLE_NAMES } from "../../render/csv.ts";
import { EXPORT_FORMATS, exportFileName } from "../../render/export.ts";
import { OPTIONAL_SECURITY, PlanParams, problems } from "../schemas.ts";
import { depsFor, type RouteContext } from "./context.ts";
import { readHead, rendered, sendRendered } from "./documents.ts";

const ExportQuery = z.object({
  format: z.enum(EXPORT_FORMATS),
  lang: Language.optional(),
  table: z.enum(TABLE_NAMES).default("activities"),
  area: z
    .string()
    .regex(/^\d+\.\d+$/, "an area code like 3.1")
    .optional(),
});

const EditionParams = PlanParams.extend({ n: z.coerce.number().int().positive() });

const DESCRIPTION =
  "The report as Word (docx), PDF, HTML or Markdown, and the data as CSV (`table`), XLSX, " +
  "IATI 2.03 XML, ICS calendar (the plan's, or one area's with `area`) or the plan JSON. " +
  "Anonymous callers get the latest published edition of the report (its files are stored " +
  "when first made and served byte-identical), and data formats of approved plans (without " +
  "the execution until a report is published); others are 404. In CSV, a text cell " +
  "beginning with =, +, -, @, tab or carriage return is written with a leading ' so " +
  "spreadsheets do not run it as a formula; numbers stay numbers.";

type ExportRequest = FastifyRequest<{
  Params: { net: string; year: number; n?: number };
  Querystring: z.infer<typeof ExportQuery>;
}>;

export async function exportRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const response = {
    200: {
      description: "The file",
      content: { "application/octet-stream": { schema: z.string() } },
    },
    ...problems(400, 401, 404, 503),
  };
  r.get(
    "/networks/:net/plans/:year/export",
    {
      schema: {
        tags: ["plans"],
        operationId: "exportPlan",
        summary: "The plan as a document or open data",
        description: DESCRIPTION,
        params: PlanParams,
        querystring: ExportQuery,
        security: OPTIONAL_SECURITY,
        response,
      },
    },
    (request, reply) => sendExport(ctx, request, reply),
  );
  r.get(
    "/networks/:net/plans/:year/editions/:n/export",
    {
      schema: {
        tags: ["plans"],
        operationId: "exportReportEdition",
        summary: "A file of edition N of the published report, byte-identical forever",
        description: "Like `export`, from the edition's frozen document and stored files.",
        params: EditionParams,
        querystring: ExportQuery,
        security: OPTIONAL_SECURITY,
        response,
      },
    },
    (request, reply) => sendExport(ctx, request, reply),
  );
}

async function sendExport(ctx: RouteContext, request: ExportRequest, reply: FastifyReply) {
  const deps = await depsFor(ctx, request);
  const { net, year, n } = request.params;
  const { format, table, area } = request.query;
  const head = await findExportablePlan(
    deps,
    {
      network: net,
      year,
      lang: request.query.lang,
      edition: n,
      part: REPORT_FORMATS.has(format) ? "report" : "data",
    },
    (key) => readHead(ctx, deps, key),
  );
  // Labels and generated wordings follow the language asked for; content falls back to
  // the languages the plan has (head.lang).
  const lang = request.query.lang ?? head.lang;
  const variant = `export:${format}:${lang}:${head.lang}:${table}:${area ?? ""}`;
  if (format === "html") reply.header("content-security-policy", REPORT_CSP);
  reply.header(
    "content-disposition",
    `attachment; filename="${exportFileName(net, year, format, { lang, table, areaCode: area })}"`,
  );
  return sendRendered(request, reply, head, () =>
    rendered(ctx, head, variant, () =>
      exportPlan(deps, head, format, {
        lang,
        table,
        areaCode: area,
        baseUrl: ctx.config.publicUrl,
        chromiumPath: ctx.config.chromiumPath,
      }),
    ),
  );
}
