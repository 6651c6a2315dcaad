import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { attachTranslation } from "../../app/attach-translation.ts";
import { importReport } from "../../app/import-report.ts";
import { AppError } from "../../core/errors.ts";
import { Language, Network } from "../../core/plan.ts";
import { lineFinder } from "../../import/line-finder.ts";
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
  translationOf: z
    .string()
    .regex(/^[a-z0-9-]+\/\d{4}$/, "NET/YEAR, e.g. gealc/2023")
    .optional()
    .describe(
      "Attach the file as the translation of this plan (NET/YEAR) instead of storing a plan: its texts go to the working copy, matched by code, order and footnote number and URL",
    ),
  partial: z
    .enum(["true", "false", "1", "0"])
    .optional()
    .transform((v) => v === "true" || v === "1")
    .describe(
      "With translationOf: attach what matches and list the rest (else 422, nothing written)",
    ),
});

const TranslationOut = z.object({
  location: z.string(),
  language: Language,
  attached: z.number().int(),
  unmatched: z.array(z.object({ line: z.number().int(), message: z.string() })),
  warnings: z.array(z.object({ line: z.number().int(), message: z.string() })),
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
          operationId: "importPlan",
          summary: "Import a report or plan file as a stored plan",
          description:
            "The body is the file itself: a plan JSON (application/json), or a text or Markdown execution report (text/plain, text/markdown). All or nothing: a file that fails to import leaves nothing behind. A file the importer cannot read is a 422 problem with the line at fault.",
          querystring: ImportQuery,
          security: SECURITY,
          consumes: Object.keys(EXT_BY_TYPE),
          response: {
            200: z
              .union([ImportOut, TranslationOut])
              .describe("An existing plan was replaced, or a translation attached"),
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
        const of = request.query.translationOf;
        if (of) {
          const [network, year] = of.split("/") as [string, string];
          const r = await attachTranslation(deps, {
            network,
            year: Number(year),
            document,
            partial: request.query.partial,
            fileName: name,
            lineOf: lineFinder(bytes.toString("utf8")),
          });
          const location = planPath(network, Number(year));
          return sendJson(
            request,
            reply,
            {
              location,
              language: r.language,
              attached: r.attached,
              unmatched: r.mismatches,
              warnings,
            },
            { status: 200 },
          );
        }
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
