import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { importReport } from "../../app/import-report.ts";
import { AppError } from "../../core/errors.ts";
import { Network } from "../../core/plan.ts";
import { loadPlan } from "../../import/load-plan.ts";
import { rowEtag } from "../etag.ts";
import { planPath } from "../paths.ts";
import { presentPlanSummary } from "../presenters/plan.presenter.ts";
import { sendJson } from "../reply.ts";
import { PlanSummaryOut, problems, SECURITY } from "../schemas.ts";
import { type RouteContext, writeDepsFor } from "./context.ts";

const ImportQuery = z.object({
  network: Network.shape.slug
    .optional()
    .describe("Store the plan under this network (default: the one the document names)"),
  networkName: Network.shape.name
    .optional()
    .describe(
      "The network's name, for a report whose header does not name it (the slug is made from it unless `network` is given)",
    ),
  replace: z
    .enum(["true", "false", "1", "0"])
    .optional()
    .transform((v) => v === "true" || v === "1")
    .describe("Replace the network's plan of that year if there is one (else 409)"),
  filename: z
    .string()
    .max(200)
    .optional()
    .describe("The file's name, for messages and to tell its format (e.g. report.md)"),
});

const ImportOut = z.object({
  location: z.string(),
  replaced: z.boolean(),
  plan: PlanSummaryOut,
  warnings: z.array(z.object({ line: z.number().int(), message: z.string() })),
});

const EXT_BY_TYPE: Record<string, string> = {
  "application/json": ".json",
  "text/markdown": ".md",
  "text/plain": ".txt",
};

/** The file name a body goes by: ?filename=, Content-Disposition's, or one its type implies. */
function fileNameOf(
  query: string | undefined,
  disposition: string | undefined,
  type: string,
): string {
  const fromHeader = disposition ? /filename="?([^";]+)"?/i.exec(disposition)?.[1] : undefined;
  const name = (query ?? fromHeader ?? "").replace(/^.*[\\/]/, "");
  return name || `upload${EXT_BY_TYPE[type] ?? ""}`;
}

export async function importRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  // Own scope: here JSON bodies arrive as bytes too, for the importer to report lines.
  await app.register(async (scope) => {
    scope.removeContentTypeParser("application/json");
    for (const type of Object.keys(EXT_BY_TYPE)) {
      scope.addContentTypeParser(type, { parseAs: "buffer" }, (_req, body, done) =>
        done(null, body),
      );
    }
    scope.withTypeProvider<ZodTypeProvider>().post(
      "/imports",
      {
        schema: {
          tags: ["imports"],
          summary: "Import a report or plan file as a stored plan",
          description:
            "The body is the file itself: a plan JSON (application/json), or a text or Markdown execution report (text/plain, text/markdown). All or nothing: a file that fails to import leaves nothing behind. A file the importer cannot read is a 422 problem with the line at fault.",
          querystring: ImportQuery,
          security: SECURITY,
          consumes: Object.keys(EXT_BY_TYPE),
          response: {
            200: ImportOut.describe("An existing plan was replaced"),
            201: ImportOut.describe("A new plan was stored"),
            ...problems(400, 401, 403, 409, 413, 415, 422),
          },
        },
      },
      async (request, reply) => {
        const deps = await writeDepsFor(ctx, request);
        const bytes = request.body;
        if (!Buffer.isBuffer(bytes) || bytes.length === 0) {
          throw new AppError("invalid_input", "The body is empty: send the file as the body.");
        }
        const type = (request.headers["content-type"] ?? "").split(";")[0]?.trim() ?? "";
        const name = fileNameOf(
          request.query.filename,
          request.headers["content-disposition"],
          type,
        );
        const { networkName, network: slug } = request.query;
        const { plan: document, warnings } = loadPlan(bytes, name, {
          network: { ...(networkName ? { name: networkName } : {}), ...(slug ? { slug } : {}) },
        });
        const { plan, replaced } = await importReport(deps, {
          document,
          replace: request.query.replace,
        });
        const location = planPath(plan.network.slug, plan.year);
        return sendJson(
          request,
          reply,
          {
            location,
            replaced,
            plan: presentPlanSummary({ ...plan, title: document.title }),
            warnings,
          },
          { status: replaced ? 200 : 201, etag: rowEtag(plan.id, plan.version), location },
        );
      },
    );
  });
}
