import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { Evidence } from "../../app/common.ts";
import { createActivity } from "../../app/create-activity.ts";
import { recordOccurrence } from "../../app/record-occurrence.ts";
import { setStatus } from "../../app/set-status.ts";
import { updateActivity } from "../../app/update-activity.ts";
import { Language, type PlanDocument, SourceId, StatusCode } from "../../core/plan.ts";
import type { StoredActivity } from "../../db/activity.repository.ts";
import { rowEtag } from "../etag.ts";
import { activityPath } from "../paths.ts";
import { sendJson } from "../reply.ts";
import {
  Activity,
  ActivityParams,
  AmendmentReason,
  AreaParams,
  LangQuery,
  Location,
  Occurrence,
  OPTIONAL_SECURITY,
  PlanParams,
  problems,
  Relation,
  SECURITY,
  Source,
  Status,
  Timing,
} from "../schemas.ts";
import { type RouteContext, writeDepsFor } from "./context.ts";
import { sendDocumentPart } from "./documents.ts";
import { conditionalWrite, createExpectation } from "./write.ts";

const lang = Language.optional().describe("The language of the wordings; default the plan's");

const CreateActivityBody = z.object({
  code: Activity.shape.code,
  title: z.string().min(1),
  location: Location,
  planned: Timing,
  status: Status.optional(),
  relations: z.array(Relation).optional(),
  sources: z.array(SourceId).optional(),
  lang,
  reason: AmendmentReason,
});

const PatchActivityBody = z.object({
  code: Activity.shape.code.optional().describe("A new code for the activity"),
  title: z.string().min(1).optional(),
  location: Location.optional(),
  planned: Timing.optional(),
  relations: z.array(Relation).optional(),
  lang,
  reason: AmendmentReason,
});

const StatusBody = z.object({
  code: StatusCode,
  when: Timing.nullable().optional(),
  note: z.string().nullable().optional(),
  text: z.string().optional().describe("The status line as written"),
  sources: z.array(SourceId).optional(),
  lang,
});

const OccurrenceBody = z.object({
  when: Timing,
  sources: z.array(SourceId).optional().describe("Existing sources of the plan it cites"),
  evidence: z
    .array(Evidence)
    .optional()
    .describe("New evidence: each becomes a source of the plan"),
  lang,
});

const OccurrenceOut = z.object({
  activity: Activity,
  occurrence: Occurrence,
  evidence: z.array(Source),
});

const WRITE_PROBLEMS = problems(400, 401, 403, 404, 409, 412, 413);

export async function activityRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const answer = (
    request: Parameters<typeof sendJson>[0],
    reply: Parameters<typeof sendJson>[1],
    key: { net: string; year: number },
    stored: StoredActivity,
    opts: { status?: number; body?: unknown } = {},
  ) =>
    sendJson(request, reply, opts.body ?? stored.activity, {
      status: opts.status ?? 200,
      etag: rowEtag(stored.id, stored.version),
      location: activityPath(key.net, key.year, stored.activity.code),
    });

  r.get(
    "/networks/:net/plans/:year/activities/:code",
    {
      schema: {
        tags: ["activities"],
        operationId: "getActivity",
        summary: "One activity",
        params: ActivityParams,
        querystring: LangQuery,
        security: OPTIONAL_SECURITY,
        response: { 200: Activity, ...problems(400, 401, 404) },
      },
    },
    (request, reply) => {
      const { code } = request.params;
      const activity = (d: PlanDocument) =>
        d.areas.flatMap((a) => a.activities).find((a) => a.code === code);
      return sendDocumentPart(ctx, request, reply, activity, `activity ${code}`);
    },
  );

  r.post(
    "/networks/:net/plans/:year/areas/:code/activities",
    {
      schema: {
        tags: ["activities"],
        operationId: "createActivity",
        summary: "Add an activity at the end of an area",
        description: "Coordinators may add activities to their own areas only.",
        params: AreaParams,
        body: CreateActivityBody,
        security: SECURITY,
        response: { 201: Activity, ...WRITE_PROBLEMS },
      },
    },
    async (request, reply) => {
      const deps = await writeDepsFor(ctx, request);
      const { net, year, code } = request.params;
      const expect = await createExpectation(request, deps, { network: net, year });
      const { status, ...rest } = request.body;
      const stored = await createActivity(deps, {
        ...rest,
        ...expect,
        ...(status ? { status } : {}),
        network: net,
        year,
        areaCode: code,
      });
      return answer(request, reply, { net, year }, stored, { status: 201 });
    },
  );

  r.patch(
    "/networks/:net/plans/:year/activities/:code",
    {
      schema: {
        tags: ["activities"],
        operationId: "updateActivity",
        summary: "Change what an activity is (code, title, location, planned time, relations)",
        params: ActivityParams,
        body: PatchActivityBody,
        security: SECURITY,
        response: { 200: Activity, ...WRITE_PROBLEMS },
      },
    },
    async (request, reply) => {
      const deps = await writeDepsFor(ctx, request);
      const { net, year, code } = request.params;
      const { code: newCode, ...rest } = request.body;
      const stored = await conditionalWrite(
        request,
        deps,
        { network: net, year, part: { kind: "activity", code } },
        (expect) =>
          updateActivity(deps, {
            ...rest,
            ...(newCode ? { newCode } : {}),
            network: net,
            year,
            code,
            ...expect,
          }),
      );
      return answer(request, reply, { net, year }, stored);
    },
  );

  r.put(
    "/networks/:net/plans/:year/activities/:code/status",
    {
      schema: {
        tags: ["activities"],
        operationId: "setActivityStatus",
        summary: "Set an activity's execution status",
        params: ActivityParams,
        body: StatusBody,
        security: SECURITY,
        response: { 200: Activity, ...WRITE_PROBLEMS },
      },
    },
    async (request, reply) => {
      const deps = await writeDepsFor(ctx, request);
      const { net, year, code } = request.params;
      const { lang: l, ...status } = request.body;
      const stored = await conditionalWrite(
        request,
        deps,
        { network: net, year, part: { kind: "activity", code } },
        (expect) =>
          setStatus(deps, {
            network: net,
            year,
            code,
            ...expect,
            ...(l ? { lang: l } : {}),
            status,
          }),
      );
      return answer(request, reply, { net, year }, stored);
    },
  );

  r.post(
    "/networks/:net/plans/:year/activities/:code/occurrences",
    {
      schema: {
        tags: ["activities"],
        operationId: "recordOccurrence",
        summary: "Record one time the activity was held, with its evidence",
        params: ActivityParams,
        body: OccurrenceBody,
        security: SECURITY,
        response: { 201: OccurrenceOut, ...WRITE_PROBLEMS },
      },
    },
    async (request, reply) => {
      const deps = await writeDepsFor(ctx, request);
      const { net, year, code } = request.params;
      const result = await conditionalWrite(
        request,
        deps,
        { network: net, year, part: { kind: "activity", code } },
        (expect) =>
          recordOccurrence(deps, {
            ...request.body,
            network: net,
            year,
            code,
            ...expect,
          }),
      );
      return answer(request, reply, { net, year }, result.activity, {
        status: 201,
        body: {
          activity: result.activity.activity,
          occurrence: result.occurrence,
          evidence: result.evidence,
        },
      });
    },
  );

  r.get(
    "/networks/:net/plans/:year/activities",
    {
      schema: {
        tags: ["activities"],
        operationId: "listActivities",
        summary: "Every activity of the plan, in plan order",
        params: PlanParams,
        querystring: LangQuery,
        security: OPTIONAL_SECURITY,
        response: { 200: z.object({ activities: z.array(Activity) }), ...problems(400, 401, 404) },
      },
    },
    (request, reply) =>
      sendDocumentPart(ctx, request, reply, (d) => ({
        activities: d.areas.flatMap((a) => a.activities),
      })),
  );
}
