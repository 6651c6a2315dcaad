/**
 * The plan in the editor: its title (translation beside it), its lifecycle (submit, return,
 * approve by an Assembly), next year's draft, and its report's approval and publication;
 * submit, approve and publish behind a confirmation page.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import { approvePlan } from "../../app/approve-plan.ts";
import { approveReport } from "../../app/approve-report.ts";
import { carryOverPlan } from "../../app/carry-over-plan.ts";
import { getPlanDocument } from "../../app/get-plan-document.ts";
import { translationsToPublish } from "../../app/publish-report.ts";
import { publishReportWithFiles } from "../../app/render-edition-files.ts";
import { returnPlanToDraft, submitPlan } from "../../app/submit-plan.ts";
import { inOneTransaction } from "../../app/transact.ts";
import { getTranslationProgress } from "../../app/translate-plan.ts";
import { updatePlan } from "../../app/update-plan.ts";
import { isComplete, languageName } from "../../core/language.ts";
import { Language } from "../../core/plan.ts";
import { sendPage, type WebContext } from "../context.ts";
import { actionOf, parseForm, required, text, version } from "../form-input.ts";
import { html, type SafeHtml } from "../html.ts";
import { carried, confirmPage } from "../pages/confirm.pages.ts";
import { simpleEditPage } from "../pages/editor.pages.ts";
import { planEditPage } from "../pages/plan-edit.pages.ts";
import { type Started, saved, saveOrConflict, start } from "./editor-common.ts";
import { decides, historyFor, lifecycleControls } from "./editor-views.ts";

const PlanForm = z.object({ version: version(), title: text(), title_tr: text(), reason: text() });
const LifecycleForm = z.object({ version: version() });
/** The incomplete translations ticked on the publish confirmation (one box each). */
const PublishForm = z.object({
  partial: z
    .preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(Language))
    .catch([]),
});
const ApproveForm = z.object({
  version: version(),
  ordinal: z.coerce.number().catch(0).pipe(z.number().int().min(1, "required")),
  date: text().pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "dateInvalid")),
  place: required(),
});

/** Whether the form comes from its confirmation page. */
const confirmed = (body: unknown) => (body as Record<string, unknown> | null)?.confirmed === "1";

/**
 * Submit, approve and publish ask first: a page saying what will happen, whose one button
 * posts the same form again with `confirmed=1` (no JavaScript needed).
 */
function confirmStep(
  reply: FastifyReply,
  ctx: Started["ctx"],
  s: Started,
  path: "lifecycle" | "report",
  title: string,
  lines: string[],
  fields: Record<string, string>,
  extra: SafeHtml | string = "",
) {
  return sendPage(
    reply,
    confirmPage(ctx, {
      title,
      lines,
      action: `/edit${s.base}/${path}`,
      submit: ctx.t.confirmYes,
      back: path === "report" ? `${s.base}/reports` : `/edit${s.base}`,
      fields: html`${carried(fields)}${extra}`,
    }),
  );
}

export async function planEditorRoutes(app: FastifyInstance, web: WebContext): Promise<void> {
  app.get("/edit/:net/:year", async (request, reply) => {
    const s = await start(web, request, reply, false);
    const { ctx, plan } = s;
    const key = { network: s.p.net, year: s.year };
    const orig = await getPlanDocument(s.deps, { ...key, lang: plan.language });
    const tr =
      ctx.lang === plan.language ? null : await getPlanDocument(s.deps, { ...key, lang: ctx.lang });
    const trTitle =
      tr && tr.document.language === ctx.lang && tr.document.title !== orig.document.title
        ? tr.document.title
        : "";
    return sendPage(
      reply,
      planEditPage(ctx, {
        plan,
        base: s.base,
        year: s.year,
        title: orig.document.title,
        translatedTitle: tr ? trTitle : null,
        areas: orig.document.areas,
        lifecycle: await lifecycleControls(web, request, ctx, plan),
        history: await historyFor(web, request, ctx, plan, "plan"),
        translations: await getTranslationProgress(s.deps, key),
        saved: (request.query as { saved?: string }).saved === "1",
      }),
    );
  });

  app.post("/edit/:net/:year", async (request, reply) => {
    const s = await start(web, request, reply, true);
    const { ctx, plan } = s;
    const form = PlanForm.parse(request.body ?? {});
    const key = { network: s.p.net, year: s.year };
    // The original and its translation are saved together or not at all.
    return saveOrConflict(
      reply,
      ctx,
      `/edit${s.base}`,
      () =>
        inOneTransaction(s.deps, async (deps) => {
          let v = form.version;
          if (form.title) {
            const lang = plan.language;
            const reason = form.reason;
            v = (
              await updatePlan(deps, {
                ...key,
                expectedVersion: v,
                lang,
                title: form.title,
                reason,
              })
            ).version;
          }
          if (form.title_tr && ctx.lang !== plan.language) {
            await updatePlan(deps, {
              ...key,
              expectedVersion: v,
              lang: ctx.lang,
              title: form.title_tr,
            });
          }
        }),
      async () => {
        const now = await getPlanDocument(s.deps, { ...key, lang: plan.language });
        return [{ label: ctx.t.title, theirs: now.document.title, yours: form.title }];
      },
    );
  });

  app.post("/edit/:net/:year/lifecycle", async (request, reply) => {
    const s = await start(web, request, reply, true);
    const { ctx } = s;
    const action = actionOf(["submit", "return", "approve"], request.body);
    const key = { network: s.p.net, year: s.year };
    const input = { ...key, expectedVersion: LifecycleForm.parse(request.body ?? {}).version };
    let write: () => Promise<unknown>;
    if (action === "approve") {
      const form = parseForm(ApproveForm, request.body, ctx.t);
      if (!form.ok) {
        const values = s.body as Record<string, string>;
        const controls = await lifecycleControls(web, request, ctx, s.plan, values, form.errors);
        return sendPage(
          reply,
          simpleEditPage(ctx, {
            title: ctx.t.lifecycle,
            year: s.year,
            errors: form.errors,
            body: controls,
          }),
          400,
        );
      }
      const { ordinal, date, place } = form.data;
      if (
        !confirmed(request.body) &&
        s.plan.lifecycleStatus === "submitted" &&
        (await decides(web, request, s.plan, "approve"))
      ) {
        const assembly = `${ctx.t.assemblyOrdinal}: ${ordinal} · ${ctx.t.assemblyDate}: ${date} · ${ctx.t.assemblyPlace}: ${place}`;
        return confirmStep(
          reply,
          ctx,
          s,
          "lifecycle",
          ctx.t.confirmApprovePlan(s.year),
          [assembly, ctx.t.confirmApprovePlanLine],
          { version: String(input.expectedVersion), action, ordinal: String(ordinal), date, place },
        );
      }
      write = () =>
        approvePlan(s.deps, { ...input, assembly: { ordinal, date, place, placeLang: ctx.lang } });
    } else {
      if (
        action === "submit" &&
        !confirmed(request.body) &&
        s.plan.lifecycleStatus === "draft" &&
        (await decides(web, request, s.plan, "submit"))
      ) {
        return confirmStep(
          reply,
          ctx,
          s,
          "lifecycle",
          ctx.t.confirmSubmit(s.year),
          [ctx.t.confirmSubmitLine],
          { version: String(input.expectedVersion), action },
        );
      }
      write = () => (action === "submit" ? submitPlan : returnPlanToDraft)(s.deps, input);
    }
    return saveOrConflict(reply, ctx, `/edit${s.base}`, write, async () => {
      const now = (await getPlanDocument(s.deps, key)).plan;
      const status = (l: string) => ctx.t[`lifecycle_${l}` as "lifecycle_draft"] ?? l;
      return [
        {
          label: ctx.t.planStatus,
          theirs: status(now.lifecycleStatus),
          yours: status(s.plan.lifecycleStatus),
        },
      ];
    });
  });

  app.post("/edit/:net/:year/carry-over", async (request, reply) => {
    const s = await start(web, request, reply, true);
    await carryOverPlan(s.deps, { network: s.p.net, year: s.year });
    return saved(reply, s.ctx, `/edit/${s.p.net}/${s.year + 1}`);
  });

  app.post("/edit/:net/:year/report", async (request, reply) => {
    const s = await start(web, request, reply, true);
    const { ctx } = s;
    const action = actionOf(["approve", "publish"], request.body);
    const key = { network: s.p.net, year: s.year };
    const input = { ...key, expectedVersion: LifecycleForm.parse(request.body ?? {}).version };
    const { plan } = s;
    const due =
      action === "approve"
        ? plan.lifecycleStatus === "approved" && plan.reportStatus === "draft"
        : plan.reportStatus === "approved";
    if (!confirmed(request.body) && due && (await decides(web, request, plan, action))) {
      const [title, line] =
        action === "approve"
          ? [ctx.t.confirmApproveReport(s.year), ctx.t.confirmApproveReportLine]
          : [ctx.t.confirmPublish(s.year), ctx.t.confirmPublishLine];
      // Publishing: one box per incomplete translation, to publish it as it is.
      const incomplete =
        action === "publish"
          ? (await translationsToPublish(s.deps, key)).filter((c) => !isComplete(c))
          : [];
      const boxes = incomplete.map(
        (c) =>
          html`<p class="check"><label><input type="checkbox" name="partial" value="${c.language}"> ${ctx.t.publishPartial(languageName(c.language, ctx.lang), c.translated, c.total)}</label></p>`,
      );
      return confirmStep(
        reply,
        ctx,
        s,
        "report",
        title,
        [line],
        { version: String(input.expectedVersion), action },
        html`${boxes}`,
      );
    }
    const tools = { baseUrl: web.config.publicUrl, chromiumPath: web.config.chromiumPath };
    const { partial } = PublishForm.parse(request.body ?? {});
    const write = () =>
      action === "approve"
        ? approveReport(s.deps, input)
        : publishReportWithFiles(s.deps, { ...input, partial }, tools);
    return saveOrConflict(reply, ctx, `${s.base}/reports`, write, async () => {
      const now = (await getPlanDocument(s.deps, key)).plan;
      const status = (l: string) => ctx.t[`lifecycle_${l}` as "lifecycle_draft"] ?? l;
      return [
        {
          label: ctx.t.reportStatus,
          theirs: status(now.reportStatus),
          yours: status(s.plan.reportStatus),
        },
      ];
    });
  });
}
