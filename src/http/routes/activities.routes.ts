import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { Evidence } from "../../app/common.ts";
import { createActivity } from "../../app/create-activity.ts";
import { coordinatorAreaCodes } from "../../app/list-filters.ts";
import { recordOccurrence } from "../../app/record-occurrence.ts";
import { setStatus } from "../../app/set-status.ts";
import { updateActivity } from "../../app/update-activity.ts";
import { Language, type PlanDocument, SourceId } from "../../core/plan.ts";
import type { StoredActivity } from "../../db/activity.repository.ts";
import { rowEtag } from "../etag.ts";
import { NextField, PAGINATION_NOTE, PageQuery, pageOf } from "../pagination.ts";
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
  StatusCodeInput,
  TimingInput,
} from "../schemas.ts";
import { depsFor, type RouteContext, writeDepsFor } from "./context.ts";
import { etagOf, readDocument, sendDocumentPart } from "./documents.ts";
import { atTop, conditionalWrite, createExpectation, langOf } from "./write.ts";

const lang = Language.optional().describe("The language of the wordings; default the plan's");

const StatusFields = z.object({
  code: StatusCodeInput,
  when: TimingInput.nullable().optional(),
  note: z.string().nullable().optional(),
  text: z.string().optional().describe("The status line as written"),
  sources: z.array(SourceId).optional(),
});
const afterYearEnd = z
  .boolean()
  .optional()
  .describe("Allows a time after the plan year (held after the year's end)");
const StatusBody = StatusFields.extend({ afterYearEnd, lang });

const CreateActivityBody = z.object({
  code: Activity.shape.code,
  title: z.string().min(1),
  location: Location,
  planned: TimingInput,
  status: StatusFields.optional(),
  relations: z.array(Relation).optional(),
  sources: z.array(SourceId).optional(),
  lang,
  reason: AmendmentReason,
});

const PatchActivityBody = z.object({
  code: Activity.shape.code.optional().describe("A new code for the activity"),
  title: z.string().min(1).optional(),
  location: Location.optional(),
  planned: TimingInput.optional(),
  relations: z.array(Relation).optional(),
  lang,
  reason: AmendmentReason,
});

const OccurrenceBody = z.object({
  when: TimingInput,
  sources: z.array(SourceId).optional().describe("Existing sources of the plan it cites"),
  evidence: z
    .array(Evidence)
    .optional()
    .describe("New evidence: each becomes a source of the plan"),
  afterYearEnd,
  lang,
});

const OccurrenceOut = z.object({
  activity: Activity,
  occurrence: Occurrence,
  evidence: z.array(Source),
});

const ActivityListQuery = LangQuery.extend(PageQuery.shape).extend({
  area: AreaParams.shape.code.optional().describe("Only the activities of this area (e.g. 3.1)"),
  status: StatusCodeInput.optional().describe(
    "Only the activities with this status: a code or one of its labels in en/es/pt",
  ),
  coordinator: z
    .string()
    .min(1)
    .max(254)
    .optional()
    .describe(
      'Only the activities of the areas this user coordinates: their e-mail, or "me". For users with a role in the network: anonymous callers get 401, others without a role 403, whether or not the plan exists.',
    ),
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
        querystring: LangQuery,
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
        ...langOf(request),
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
        querystring: LangQuery,
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
            ...langOf(request),
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
        querystring: LangQuery,
        security: SECURITY,
        response: { 200: Activity, ...WRITE_PROBLEMS },
      },
    },
    async (request, reply) => {
      const deps = await writeDepsFor(ctx, request);
      const { net, year, code } = request.params;
      const { lang: _lang, afterYearEnd: after, ...status } = request.body;
      const stored = await conditionalWrite(
        request,
        deps,
        { network: net, year, part: { kind: "activity", code } },
        (expect) =>
          // The use case names the status's fields status.*: this body has them at its top.
          atTop(
            "status",
            setStatus(deps, {
              network: net,
              year,
              code,
              ...expect,
              ...langOf(request),
              ...(after !== undefined ? { afterYearEnd: after } : {}),
              status,
            }),
          ),
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
        querystring: LangQuery,
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
            ...langOf(request),
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
        summary: "The plan's activities, in plan order",
        description: `Filtered by \`area\`, \`status\` and \`coordinator\` (all given must hold). ${PAGINATION_NOTE}`,
        params: PlanParams,
        querystring: ActivityListQuery,
        security: OPTIONAL_SECURITY,
        response: {
          200: z.object({ activities: z.array(Activity), next: NextField }),
          ...problems(400, 401, 403, 404, 412),
        },
      },
    },
    async (request, reply) => {
      const deps = await depsFor(ctx, request);
      const { net, year } = request.params;
      const { area, status, coordinator, lang } = request.query;
      // Checked before the plan is read: the refusal says nothing of whether it exists.
      const coordinated = coordinator
        ? await coordinatorAreaCodes(deps, { network: net, year, coordinator })
        : null;
      const { head, document } = await readDocument(ctx, deps, { network: net, year, lang });
      const activities = document.areas
        .filter((a) => (!area || a.code === area) && (!coordinated || coordinated.includes(a.code)))
        .flatMap((a) => a.activities)
        .filter((a) => !status || a.status.code === status);
      // The coordinator's areas are part of what the list is: a change of them restarts it.
      const version = `${head.contentVersion}${coordinated ? `:${coordinated.join(",")}` : ""}`;
      const filters = { area, status, coordinator, lang };
      const page = pageOf(
        request,
        reply,
        ctx.config.cursorSecret,
        { name: `activities:${net}:${year}`, version, filters },
        activities,
      );
      const answer = { activities: page.items, next: page.next };
      // The plan's ETag, unless the list also depends on who coordinates what.
      return sendJson(request, reply, answer, coordinated ? {} : { etag: etagOf(head) });
    },
  );
}
