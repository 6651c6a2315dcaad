/**
 * Corrections under /api/v1: an activity's occurrences and relations edited or deleted
 * (If-Match: the activity's ETag, as they are part of it), and an earlier version of any
 * item restored from its history.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { Evidence } from "../../app/common.ts";
import { deleteOccurrence } from "../../app/delete-occurrence.ts";
import { restoreVersion } from "../../app/restore-version.ts";
import { updateOccurrence } from "../../app/update-occurrence.ts";
import { updateRelation } from "../../app/update-relation.ts";
import { Language, SourceId } from "../../core/plan.ts";
import type { StoredActivity } from "../../db/activity.repository.ts";
import { type Expectation, rowEtag } from "../etag.ts";
import { activityPath } from "../paths.ts";
import { sendJson } from "../reply.ts";
import {
  Activity,
  ActivityParams,
  AmendmentReason,
  LangQuery,
  PlanParams,
  problems,
  Relation,
  SECURITY,
  TimingInput,
} from "../schemas.ts";
import { type RouteContext, writeDepsFor } from "./context.ts";
import { conditionalWrite, langOf } from "./write.ts";

const lang = Language.optional().describe("The language of the wordings; default the plan's");
const ItemParams = ActivityParams.extend({ index: z.coerce.number().int().nonnegative() });
const WRITE_PROBLEMS = problems(400, 401, 403, 404, 409, 412, 413);

const PatchOccurrenceBody = z.object({
  when: TimingInput.optional(),
  sources: z
    .array(SourceId)
    .optional()
    .describe("Every existing source it cites (replaces the list)"),
  evidence: z
    .array(Evidence)
    .optional()
    .describe("New evidence; a link the plan has is cited, not copied"),
  afterYearEnd: z.boolean().optional().describe("Allows a time after the plan year"),
  lang,
});
const PatchRelationBody = z.object({ relation: Relation, lang, reason: AmendmentReason });
const RestoreBody = z.object({ lang, reason: AmendmentReason });

type WriteDeps = Awaited<ReturnType<typeof writeDepsFor>>;
type ItemKey = { network: string; year: number; code: string; index: number } & Expectation;

export async function correctionRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  /**
   * One correction of an activity's occurrence or relation: conditional on the activity's
   * ETag, answered with the activity as it now is.
   */
  const correctActivity = async (
    request: FastifyRequest<{ Params: z.infer<typeof ItemParams> }>,
    reply: FastifyReply,
    write: (deps: WriteDeps, item: ItemKey) => Promise<StoredActivity>,
  ) => {
    const deps = await writeDepsFor(ctx, request);
    const { net, year, code, index } = request.params;
    const stored = await conditionalWrite(
      request,
      deps,
      { network: net, year, part: { kind: "activity", code } },
      (expect) => write(deps, { network: net, year, code, index, ...expect }),
    );
    return sendJson(request, reply, stored.activity, {
      etag: rowEtag(stored.id, stored.version),
      location: activityPath(net, year, stored.activity.code),
    });
  };

  r.patch(
    "/networks/:net/plans/:year/activities/:code/occurrences/:index",
    {
      schema: {
        tags: ["activities"],
        operationId: "correctOccurrence",
        summary: "Correct one time the activity was held (time, evidence)",
        params: ItemParams,
        body: PatchOccurrenceBody,
        querystring: LangQuery,
        security: SECURITY,
        response: { 200: Activity, ...WRITE_PROBLEMS },
      },
    },
    (request, reply) =>
      correctActivity(request, reply, async (deps, item) => {
        return (await updateOccurrence(deps, { ...request.body, ...langOf(request), ...item }))
          .activity;
      }),
  );

  r.delete(
    "/networks/:net/plans/:year/activities/:code/occurrences/:index",
    {
      schema: {
        tags: ["activities"],
        operationId: "deleteOccurrence",
        summary: "Delete one time the activity was held (restorable from its history)",
        params: ItemParams,
        security: SECURITY,
        response: { 200: Activity, ...WRITE_PROBLEMS },
      },
    },
    (request, reply) =>
      correctActivity(request, reply, (deps, item) => deleteOccurrence(deps, item)),
  );

  r.patch(
    "/networks/:net/plans/:year/activities/:code/relations/:index",
    {
      schema: {
        tags: ["activities"],
        operationId: "correctRelation",
        summary: "Correct one relation of the activity (an amendment on an approved plan)",
        params: ItemParams,
        body: PatchRelationBody,
        security: SECURITY,
        response: { 200: Activity, ...WRITE_PROBLEMS },
      },
    },
    (request, reply) =>
      correctActivity(request, reply, (deps, item) =>
        updateRelation(deps, { ...request.body, ...item }),
      ),
  );

  r.delete(
    "/networks/:net/plans/:year/activities/:code/relations/:index",
    {
      schema: {
        tags: ["activities"],
        operationId: "deleteRelation",
        summary: "Delete one relation of the activity (an amendment on an approved plan)",
        params: ItemParams,
        security: SECURITY,
        response: { 200: Activity, ...WRITE_PROBLEMS },
      },
    },
    (request, reply) =>
      correctActivity(request, reply, (deps, item) =>
        updateRelation(deps, { ...item, relation: null }),
      ),
  );

  r.post(
    "/networks/:net/plans/:year/history/:entry/restore",
    {
      schema: {
        tags: ["plans"],
        operationId: "restoreHistoryEntry",
        summary: "Put an item back as it was before one change of its history (deleted items too)",
        description:
          "Written as a new change by the same rules as any write; on an approved plan, a change to planned content is an amendment.",
        params: PlanParams.extend({ entry: z.string().min(1) }),
        body: RestoreBody,
        security: SECURITY,
        response: {
          200: z.object({
            kind: z.enum(["activity", "annex_item", "source"]),
            code: z.string().optional(),
            index: z.number().int().optional(),
            id: z.number().int().optional(),
          }),
          ...WRITE_PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const deps = await writeDepsFor(ctx, request);
      const { net, year, entry } = request.params;
      const restored = await restoreVersion(deps, { ...request.body, network: net, year, entry });
      return sendJson(request, reply, restored, {});
    },
  );
}
