import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { addSource } from "../../app/add-source.ts";
import { Evidence } from "../../app/common.ts";
import { deleteSource } from "../../app/delete-source.ts";
import { sourceLinkStatuses } from "../../app/list-filters.ts";
import { updateSource } from "../../app/update-source.ts";
import { Language, type PlanDocument, SourceId } from "../../core/plan.ts";
import { rowEtag } from "../etag.ts";
import { fingerprint, NextField, PAGINATION_NOTE, PageQuery, pageOf } from "../pagination.ts";
import { sourcePath } from "../paths.ts";
import { sendJson } from "../reply.ts";
import {
  LangQuery,
  OPTIONAL_SECURITY,
  PlanParams,
  problems,
  SECURITY,
  Source,
  SourceParams,
} from "../schemas.ts";
import { depsFor, type RouteContext, writeDepsFor } from "./context.ts";
import { etagOf, readDocument, sendDocumentPart } from "./documents.ts";
import { conditionalWrite, createExpectation } from "./write.ts";

const lang = Language.optional().describe("The language of the wordings; default the plan's");

const AddSourceBody = Evidence.extend({
  url: Evidence.shape.url.default(null),
  lang,
});

const PatchSourceBody = z.object({
  url: Evidence.shape.url.optional(),
  label: z.string().nullable().optional(),
  note: z.string().nullable().optional(),
  text: z.string().nullable().optional(),
  lang,
});

const DeleteSourceQuery = z.object({
  citations: z
    .enum(["remove", "replace"])
    .optional()
    .describe(
      "What becomes of its citations, needed while it is cited: remove them, or replace them",
    ),
  replacement: z.coerce.number().pipe(SourceId).optional().describe("The source that replaces it"),
});

const SourceListQuery = LangQuery.extend(PageQuery.shape).extend({
  linkStatus: z
    .enum(["ok", "broken", "unchecked"])
    .optional()
    .describe(
      "Only the sources whose link's last check said this (unchecked: never checked, no link, or its URL changed since). For users with a role in the network: anonymous callers get 401, others without a role 403.",
    ),
});

const WRITE_PROBLEMS = problems(400, 401, 403, 404, 409, 412, 413);

export async function sourceRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    "/networks/:net/plans/:year/sources",
    {
      schema: {
        tags: ["sources"],
        operationId: "listSources",
        summary: "The plan's sources (evidence footnotes), by number",
        description: `Filtered by \`linkStatus\`. ${PAGINATION_NOTE}`,
        params: PlanParams,
        querystring: SourceListQuery,
        security: OPTIONAL_SECURITY,
        response: {
          200: z.object({ sources: z.array(Source), next: NextField }),
          ...problems(400, 401, 403, 404, 412),
        },
      },
    },
    async (request, reply) => {
      const deps = await depsFor(ctx, request);
      const { net, year } = request.params;
      const { linkStatus, lang } = request.query;
      // Checked before the plan is read: the refusal says nothing of whether it exists.
      const checks = linkStatus ? await sourceLinkStatuses(deps, { network: net, year }) : null;
      const { head, document } = await readDocument(ctx, deps, { network: net, year, lang });
      const sources = checks
        ? document.sources.filter((s) => (checks.statuses.get(s.id) ?? "unchecked") === linkStatus)
        : document.sources;
      // A new check changes the filtered list without changing the plan: it restarts it too.
      const version = `${head.contentVersion}${checks ? `:${fingerprint(checks.fingerprint)}` : ""}`;
      const page = pageOf(
        request,
        reply,
        ctx.config.cursorSecret,
        { name: `sources:${net}:${year}`, version, filters: { linkStatus, lang } },
        sources,
      );
      const answer = { sources: page.items, next: page.next };
      return sendJson(request, reply, answer, checks ? {} : { etag: etagOf(head) });
    },
  );

  r.get(
    "/networks/:net/plans/:year/sources/:id",
    {
      schema: {
        tags: ["sources"],
        operationId: "getSource",
        summary: "One source",
        params: SourceParams,
        querystring: LangQuery,
        security: OPTIONAL_SECURITY,
        response: { 200: Source, ...problems(400, 401, 404) },
      },
    },
    (request, reply) => {
      const { id } = request.params;
      const source = (d: PlanDocument) => d.sources.find((s) => s.id === id);
      return sendDocumentPart(ctx, request, reply, source, `source ${id}`);
    },
  );

  r.post(
    "/networks/:net/plans/:year/sources",
    {
      schema: {
        tags: ["sources"],
        operationId: "createSource",
        summary: "Add a source (numbered after the plan's highest) for texts to cite",
        params: PlanParams,
        body: AddSourceBody,
        security: SECURITY,
        response: { 201: Source, ...WRITE_PROBLEMS },
      },
    },
    async (request, reply) => {
      const deps = await writeDepsFor(ctx, request);
      const { net, year } = request.params;
      const expect = await createExpectation(request, deps, { network: net, year });
      const stored = await addSource(deps, { ...request.body, ...expect, network: net, year });
      return sendJson(request, reply, stored.source, {
        status: 201,
        etag: rowEtag(stored.id, stored.version),
        location: sourcePath(net, year, stored.source.id),
      });
    },
  );

  r.patch(
    "/networks/:net/plans/:year/sources/:id",
    {
      schema: {
        tags: ["sources"],
        operationId: "updateSource",
        summary: "Change a source",
        description:
          "Coordinators may change the sources their areas' activities cite, and sources nothing cites yet.",
        params: SourceParams,
        body: PatchSourceBody,
        security: SECURITY,
        response: { 200: Source, ...WRITE_PROBLEMS },
      },
    },
    async (request, reply) => {
      const deps = await writeDepsFor(ctx, request);
      const { net, year, id } = request.params;
      const stored = await conditionalWrite(
        request,
        deps,
        { network: net, year, part: { kind: "source", id } },
        (expect) => updateSource(deps, { ...request.body, network: net, year, id, ...expect }),
      );
      return sendJson(request, reply, stored.source, {
        etag: rowEtag(stored.id, stored.version),
        location: sourcePath(net, year, stored.source.id),
      });
    },
  );

  r.delete(
    "/networks/:net/plans/:year/sources/:id",
    {
      schema: {
        tags: ["sources"],
        operationId: "deleteSource",
        summary: "Delete a source",
        description:
          "A cited source only with `citations`: remove (markers and lists drop it) or replace (by `replacement`); else 409. Restorable from the history.",
        params: SourceParams,
        querystring: DeleteSourceQuery,
        security: SECURITY,
        response: { 204: z.undefined(), ...WRITE_PROBLEMS },
      },
    },
    async (request, reply) => {
      const deps = await writeDepsFor(ctx, request);
      const { net, year, id } = request.params;
      await conditionalWrite(
        request,
        deps,
        { network: net, year, part: { kind: "source", id } },
        (expect) => deleteSource(deps, { ...request.query, network: net, year, id, ...expect }),
      );
      return reply.code(204).send();
    },
  );
}
