/**
 * The activity editor: fields (translation side by side), status with a note, occurrences
 * with http(s) evidence. A stale version gets the "changed by someone else" page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { getEditActivity } from "../../app/get-edit-item.ts";
import { recordOccurrence } from "../../app/record-occurrence.ts";
import { setStatus } from "../../app/set-status.ts";
import { updateActivity } from "../../app/update-activity.ts";
import { AppError } from "../../core/errors.ts";
import { parseLocation } from "../../core/places.ts";
import { STATUS_CODES, type StatusCode, type Timing } from "../../core/plan.ts";
import { isWithinYear, parseTiming } from "../../core/timing.ts";
import { sendPage, type WebContext } from "../context.ts";
import { version } from "../form-input.ts";
import { html } from "../html.ts";
import { timing } from "../pages/content.ts";
import { activityEditPage } from "../pages/editor.pages.ts";
import type { FieldErrors } from "../pages/forms.ts";
import {
  type Body,
  evidenceOf,
  type Started,
  saveOrConflict,
  start,
  str,
  whenOf,
} from "./editor-common.ts";
import { historyFor } from "./editor-views.ts";

export async function activityEditorRoutes(app: FastifyInstance, web: WebContext): Promise<void> {
  // --- activities ---
  const activityPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    s: Started,
    which?: "fields" | "status" | "occurrence",
    values: Body = {},
    errors: FieldErrors = {},
  ) => {
    const { ctx } = s;
    const e = await getEditActivity(s.deps, {
      network: s.p.net,
      year: s.year,
      code: s.p.code,
      lang: ctx.lang,
    });
    if (!e.canEdit) throw new AppError("forbidden", "may not edit this activity");
    return sendPage(
      reply,
      activityEditPage(ctx, {
        base: s.base,
        activity: e.original,
        origLang: s.plan.language,
        translation:
          e.translation ?? (ctx.lang === s.plan.language ? null : { ...e.original, title: "" }),
        version: e.version,
        values: values as Record<string, string>,
        errors,
        ...(which ? { which } : {}),
        saved: (request.query as { saved?: string }).saved === "1",
        history:
          (await historyFor(web, request, ctx, s.plan, "activity", e.original.code)) ?? html``,
        year: s.year,
        frozen: s.plan.lifecycleStatus === "approved",
        network: s.plan.network,
      }),
      Object.keys(errors).length ? 400 : 200,
    );
  };

  app.get("/edit/:net/:year/activities/:code", async (request, reply) =>
    activityPage(request, reply, await start(web, request, reply, false)),
  );

  app.post("/edit/:net/:year/activities/:code", async (request, reply) => {
    const s = await start(web, request, reply, true);
    const { ctx, body: b } = s;
    const e = await getEditActivity(s.deps, {
      network: s.p.net,
      year: s.year,
      code: s.p.code,
      lang: ctx.lang,
    });
    const a = e.original;
    const errors: FieldErrors = {};
    const title = str(b, "title");
    if (!title) errors.title = ctx.t.required;
    const plannedText = str(b, "planned");
    let planned: Timing | undefined;
    if (plannedText !== timing(a.planned, ctx)) {
      planned = parseTiming(plannedText, { year: s.year }) ?? undefined;
      // The planned time lies inside the plan year ("January 2024" is no time for 2023).
      if (!planned || !isWithinYear(planned, s.year)) errors.planned = ctx.t.dateInvalid;
    }
    if (Object.keys(errors).length) return activityPage(request, reply, s, "fields", b, errors);
    const location = str(b, "location");
    const patch = {
      ...(title !== a.title ? { title } : {}),
      ...(location !== a.location.text ? { location: parseLocation(location) } : {}),
      ...(planned ? { planned } : {}),
    };
    const key = { network: s.p.net, year: s.year, code: s.p.code };
    return saveOrConflict(
      reply,
      ctx,
      `/edit${s.base}/activities/${s.p.code}`,
      async () => {
        let v = version().parse(b.version);
        if (Object.keys(patch).length) {
          v = (
            await updateActivity(s.deps, {
              ...key,
              expectedVersion: v,
              lang: s.plan.language,
              ...patch,
              // On an approved plan the change is recorded as an amendment with this reason.
              reason: str(b, "reason"),
            })
          ).version;
        } else if (v !== e.version) throw new AppError("precondition_failed", "stale");
        const tr = str(b, "title_tr");
        if (tr && ctx.lang !== s.plan.language && tr !== e.translation?.title) {
          await updateActivity(s.deps, { ...key, expectedVersion: v, lang: ctx.lang, title: tr });
        }
      },
      async () => {
        const now = await getEditActivity(s.deps, { ...key, lang: ctx.lang });
        return [
          { label: ctx.t.title, theirs: now.original.title, yours: title },
          { label: ctx.t.location, theirs: now.original.location.text, yours: location },
          { label: ctx.t.planned, theirs: timing(now.original.planned, ctx), yours: plannedText },
        ];
      },
    );
  });

  app.post("/edit/:net/:year/activities/:code/status", async (request, reply) => {
    const s = await start(web, request, reply, true);
    const { ctx, body: b } = s;
    const code = str(b, "status") as StatusCode;
    if (!STATUS_CODES.includes(code))
      return activityPage(request, reply, s, "status", b, { status: ctx.t.required });
    const note = str(b, "note") || null;
    const key = { network: s.p.net, year: s.year, code: s.p.code };
    return saveOrConflict(
      reply,
      ctx,
      `/edit${s.base}/activities/${s.p.code}`,
      async () => {
        const e = await getEditActivity(s.deps, { ...key, lang: ctx.lang });
        await setStatus(s.deps, {
          ...key,
          expectedVersion: version().parse(b.version),
          lang: ctx.lang,
          status: {
            code,
            note,
            when: e.original.status.when,
            sources: e.original.status.sources,
            // The sentence as written is kept while code and note stay as they were and the
            // editor does not take the one from the record; otherwise the record speaks.
            text:
              b.use_generated === "1" ||
              code !== e.original.status.code ||
              note !== e.original.status.note
                ? ""
                : e.original.status.text,
          },
        });
      },
      async () => {
        const now = await getEditActivity(s.deps, { ...key, lang: ctx.lang });
        return [
          { label: ctx.t.status, theirs: now.original.status.code, yours: code },
          { label: ctx.t.note, theirs: now.original.status.note ?? "", yours: note ?? "" },
        ];
      },
    );
  });

  app.post("/edit/:net/:year/activities/:code/occurrences", async (request, reply) => {
    const s = await start(web, request, reply, true);
    const { ctx, body: b } = s;
    const errors: FieldErrors = {};
    const when = whenOf(b, s.year, ctx.lang, ctx.t);
    if (typeof when === "string") errors.date = when;
    const ev = evidenceOf(b, ctx.t);
    if (typeof ev === "string") errors.url = ev;
    if (Object.keys(errors).length || typeof when === "string" || typeof ev === "string") {
      return activityPage(request, reply, s, "occurrence", b, errors);
    }
    const key = { network: s.p.net, year: s.year, code: s.p.code };
    return saveOrConflict(
      reply,
      ctx,
      `/edit${s.base}/activities/${s.p.code}`,
      async () => {
        await recordOccurrence(s.deps, {
          ...key,
          expectedVersion: version().parse(b.version),
          lang: ctx.lang,
          when,
          evidence: ev ? [{ url: ev.url, label: ev.label, note: null, text: null }] : [],
        });
      },
      async () => {
        const now = await getEditActivity(s.deps, { ...key, lang: ctx.lang });
        return [
          {
            label: ctx.t.occurrences,
            theirs: now.original.occurrences.map((o) => timing(o.when, ctx)).join(", "),
            yours: timing(when, ctx),
          },
        ];
      },
    );
  });
}
