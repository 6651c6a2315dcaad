/**
 * The editor (signed-in): plan, area and activity fields with translations side by side,
 * status, occurrences, annex, sources, plan and report lifecycle. Every change goes
 * through a use case (authorized and audited there); forms carry the item's version and
 * a stale one gets the "changed by someone else" page, never a silent overwrite.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { addAnnexItem } from "../../app/add-annex-item.ts";
import { addSource } from "../../app/add-source.ts";
import { approvePlan } from "../../app/approve-plan.ts";
import { approveReport } from "../../app/approve-report.ts";
import { carryOverPlan } from "../../app/carry-over-plan.ts";
import { getEditArea } from "../../app/get-edit-item.ts";
import { getPlanDocument } from "../../app/get-plan-document.ts";
import { publishReport } from "../../app/publish-report.ts";
import { returnPlanToDraft, submitPlan } from "../../app/submit-plan.ts";
import { updateArea } from "../../app/update-area.ts";
import { updatePlan } from "../../app/update-plan.ts";
import { AppError } from "../../core/errors.ts";
import { sendPage, type WebContext } from "../context.ts";
import { html } from "../html.ts";
import { href, type PageCtx } from "../layout.ts";
import { conflictPage, sideBySide, simpleEditPage } from "../pages/editor.pages.ts";
import { type FieldErrors, field, form } from "../pages/forms.ts";
import { activityEditorRoutes } from "./editor-activity.routes.ts";
import {
  type Body,
  evidenceOf,
  isStale,
  type Started,
  saved,
  saveOrConflict,
  start,
  str,
  whenOf,
} from "./editor-common.ts";
import { historyFor, lifecycleControls } from "./editor-views.ts";

export async function editorRoutes(app: FastifyInstance, web: WebContext): Promise<void> {
  // --- the plan ---
  app.get("/edit/:net/:year", async (request, reply) => {
    const s = await start(web, request, reply, false);
    const { ctx, plan } = s;
    const orig = await getPlanDocument(s.deps, {
      network: s.p.net,
      year: s.year,
      lang: plan.language,
    });
    const tr =
      ctx.lang === plan.language
        ? null
        : await getPlanDocument(s.deps, { network: s.p.net, year: s.year, lang: ctx.lang });
    const trTitle =
      tr && tr.document.language === ctx.lang && tr.document.title !== orig.document.title
        ? tr.document.title
        : "";
    const fields = form(
      ctx,
      `/edit${s.base}`,
      html`<input type="hidden" name="version" value="${plan.version}">${sideBySide(ctx, "title", ctx.t.title, { lang: plan.language, value: orig.document.title }, tr ? trTitle : null, {})}`,
      ctx.t.save,
    );
    const body = html`${await lifecycleControls(web, request, ctx, plan)}
<section class="card"><h2>${ctx.t.editPlan}</h2>${fields}</section>
<section class="card"><h2>${ctx.t.areas}</h2><ul>${orig.document.areas.map(
      (a) =>
        html`<li><a href="${href(ctx, `/edit${s.base}/areas/${a.code}`)}">${a.code} ${a.title}</a></li>`,
    )}</ul><p><a href="${href(ctx, `/edit${s.base}/annex`)}">${ctx.t.addAnnexItem}</a> · <a href="${href(ctx, `/edit${s.base}/sources`)}">${ctx.t.addSource}</a> · <a href="${href(ctx, `${s.base}/reports`)}">${ctx.t.reports}</a></p></section>
${(await historyFor(web, request, ctx, plan, "plan")) ?? ""}`;
    return sendPage(
      reply,
      simpleEditPage(ctx, {
        title: `${ctx.t.editPlan} ${s.year}`,
        year: s.year,
        saved: (request.query as { saved?: string }).saved === "1",
        crumbs: [
          { href: `/${s.p.net}`, label: plan.network.name },
          { href: s.base, label: ctx.t.planOf(s.year) },
          { label: ctx.t.edit },
        ],
        body,
      }),
    );
  });

  app.post("/edit/:net/:year", async (request, reply) => {
    const s = await start(web, request, reply, true);
    const { ctx, plan, body: b } = s;
    const version = Number(b.version);
    try {
      let v = version;
      const title = str(b, "title");
      if (title)
        v = (
          await updatePlan(s.deps, {
            network: s.p.net,
            year: s.year,
            expectedVersion: v,
            lang: plan.language,
            title,
            reason: str(b, "reason"),
          })
        ).version;
      const tr = str(b, "title_tr");
      if (tr && ctx.lang !== plan.language)
        await updatePlan(s.deps, {
          network: s.p.net,
          year: s.year,
          expectedVersion: v,
          lang: ctx.lang,
          title: tr,
        });
    } catch (e) {
      if (!isStale(e)) throw e;
      const now = await getPlanDocument(s.deps, {
        network: s.p.net,
        year: s.year,
        lang: plan.language,
      });
      return sendPage(
        reply,
        conflictPage(
          ctx,
          [{ label: ctx.t.title, theirs: now.document.title, yours: str(b, "title") }],
          `/edit${s.base}`,
        ),
        409,
      );
    }
    return saved(reply, ctx, `/edit${s.base}`);
  });

  app.post("/edit/:net/:year/lifecycle", async (request, reply) => {
    const s = await start(web, request, reply, true);
    const { ctx, body: b } = s;
    const input = { network: s.p.net, year: s.year, expectedVersion: Number(b.version) };
    const action = str(b, "action");
    if (action === "submit") await submitPlan(s.deps, input);
    else if (action === "return") await returnPlanToDraft(s.deps, input);
    else if (action === "approve") {
      const errors: FieldErrors = {};
      const ordinal = Number(str(b, "ordinal"));
      if (!Number.isInteger(ordinal) || ordinal < 1) errors.ordinal = ctx.t.required;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(str(b, "date"))) errors.date = ctx.t.dateInvalid;
      if (!str(b, "place")) errors.place = ctx.t.required;
      if (Object.keys(errors).length) {
        const controls = await lifecycleControls(
          web,
          request,
          ctx,
          s.plan,
          b as Record<string, string>,
          errors,
        );
        return sendPage(
          reply,
          simpleEditPage(ctx, { title: ctx.t.lifecycle, year: s.year, errors, body: controls }),
          400,
        );
      }
      await approvePlan(s.deps, {
        ...input,
        assembly: { ordinal, date: str(b, "date"), place: str(b, "place"), placeLang: ctx.lang },
      });
    } else throw new AppError("invalid_input", "unknown action");
    return saved(reply, ctx, `/edit${s.base}`);
  });

  app.post("/edit/:net/:year/carry-over", async (request, reply) => {
    const s = await start(web, request, reply, true);
    const next = s.year + 1;
    await carryOverPlan(s.deps, { network: s.p.net, year: s.year });
    return saved(reply, s.ctx, `/edit/${s.p.net}/${next}`);
  });

  app.post("/edit/:net/:year/report", async (request, reply) => {
    const s = await start(web, request, reply, true);
    const input = { network: s.p.net, year: s.year, expectedVersion: Number(s.body.version) };
    const action = str(s.body, "action");
    if (action === "approve") await approveReport(s.deps, input);
    else if (action === "publish") await publishReport(s.deps, input);
    else throw new AppError("invalid_input", "unknown action");
    return saved(reply, s.ctx, `${s.base}/reports`);
  });

  // --- areas ---
  const areaPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    s: Started,
    values: Body = {},
    errors: FieldErrors = {},
  ) => {
    const { ctx } = s;
    const e = await getEditArea(s.deps, {
      network: s.p.net,
      year: s.year,
      code: s.p.code,
      lang: ctx.lang,
    });
    if (!e.canEdit) throw new AppError("forbidden", "may not edit this area");
    const orig = { lang: s.plan.language };
    const tr = e.translation;
    const body = form(
      ctx,
      `/edit${s.base}/areas/${e.area.code}`,
      html`<input type="hidden" name="version" value="${e.area.version}">
${sideBySide(ctx, "title", ctx.t.title, { ...orig, value: values.title ?? e.area.title }, tr ? (values.title_tr ?? tr.title) : null, errors)}
${sideBySide(ctx, "objective", ctx.t.objective, { ...orig, value: values.objective ?? e.area.objective }, tr ? (values.objective_tr ?? tr.objective) : null, errors, true)}`,
      ctx.t.save,
    );
    return sendPage(
      reply,
      simpleEditPage(ctx, {
        title: `${ctx.t.editArea} ${e.area.code}`,
        year: s.year,
        errors,
        saved: (request.query as { saved?: string }).saved === "1",
        crumbs: [
          { href: s.base, label: ctx.t.planOf(s.year) },
          { href: `${s.base}/areas/${e.area.code}`, label: e.area.code },
          { label: ctx.t.edit },
        ],
        body: html`<div class="card">${body}</div>${(await historyFor(web, request, ctx, s.plan, "area", e.area.code)) ?? ""}`,
      }),
      Object.keys(errors).length ? 400 : 200,
    );
  };

  app.get("/edit/:net/:year/areas/:code", async (request, reply) =>
    areaPage(request, reply, await start(web, request, reply, false)),
  );

  app.post("/edit/:net/:year/areas/:code", async (request, reply) => {
    const s = await start(web, request, reply, true);
    const { ctx, body: b } = s;
    const e = await getEditArea(s.deps, {
      network: s.p.net,
      year: s.year,
      code: s.p.code,
      lang: ctx.lang,
    });
    if (!str(b, "title")) return areaPage(request, reply, s, b, { title: ctx.t.required });
    const key = { network: s.p.net, year: s.year, code: s.p.code };
    return saveOrConflict(
      reply,
      ctx,
      `/edit${s.base}/areas/${s.p.code}`,
      async () => {
        let v = Number(b.version);
        const title = str(b, "title");
        const objective = str(b, "objective");
        if (title !== e.area.title || objective !== e.area.objective) {
          v = (
            await updateArea(s.deps, {
              ...key,
              expectedVersion: v,
              lang: s.plan.language,
              title,
              objective,
              reason: str(b, "reason"),
            })
          ).version;
        }
        const tt = str(b, "title_tr");
        const to = str(b, "objective_tr");
        if (
          e.translation &&
          (tt !== e.translation.title || to !== e.translation.objective) &&
          (tt || to)
        ) {
          await updateArea(s.deps, {
            ...key,
            expectedVersion: v,
            lang: ctx.lang,
            ...(tt ? { title: tt } : {}),
            objective: to,
          });
        }
      },
      async () => {
        const now = await getEditArea(s.deps, {
          network: s.p.net,
          year: s.year,
          code: s.p.code,
          lang: ctx.lang,
        });
        return [
          { label: ctx.t.title, theirs: now.area.title, yours: str(b, "title") },
          { label: ctx.t.objective, theirs: now.area.objective, yours: str(b, "objective") },
        ];
      },
    );
  });

  await activityEditorRoutes(app, web);

  // --- annex and sources ---
  const annexForm = (ctx: PageCtx, base: string, v: Body, errors: FieldErrors) =>
    form(
      ctx,
      `/edit${base}/annex`,
      html`<div class="row">
${field({ name: "date", label: ctx.t.occurrenceDate, type: "date", value: v.date ?? "", errors, hint: ctx.t.dateHint })}
${field({ name: "month", label: ctx.t.occurrenceMonth, type: "month", value: v.month ?? "", errors })}</div>
${field({ name: "title", label: ctx.t.title, value: v.title ?? "", errors, required: true })}
${field({ name: "url", label: ctx.t.evidenceUrl, type: "url", value: v.url ?? "", errors, hint: ctx.t.urlHint })}
${field({ name: "label", label: ctx.t.evidenceLabel, value: v.label ?? "", errors })}`,
      ctx.t.addAnnexItem,
    );

  const simple = (
    request: FastifyRequest,
    s: Started,
    title: string,
    body: ReturnType<typeof html>,
    errors: FieldErrors = {},
  ) =>
    simpleEditPage(s.ctx, {
      title,
      year: s.year,
      errors,
      saved: (request.query as { saved?: string }).saved === "1",
      crumbs: [{ href: s.base, label: s.ctx.t.planOf(s.year) }, { label: title }],
      body: html`<div class="card">${body}</div>`,
    });

  app.get("/edit/:net/:year/annex", async (request, reply) => {
    const s = await start(web, request, reply, false);
    return sendPage(
      reply,
      simple(request, s, s.ctx.t.addAnnexItem, annexForm(s.ctx, s.base, {}, {})),
    );
  });

  app.post("/edit/:net/:year/annex", async (request, reply) => {
    const s = await start(web, request, reply, true);
    const { ctx, body: b } = s;
    const errors: FieldErrors = {};
    const when = whenOf(b, s.year, ctx.lang, ctx.t);
    if (typeof when === "string") errors.date = when;
    if (!str(b, "title")) errors.title = ctx.t.required;
    const ev = evidenceOf(b, ctx.t);
    if (typeof ev === "string") errors.url = ev;
    if (Object.keys(errors).length || typeof when === "string" || typeof ev === "string") {
      return sendPage(
        reply,
        simple(request, s, ctx.t.addAnnexItem, annexForm(ctx, s.base, b, errors), errors),
        400,
      );
    }
    await addAnnexItem(s.deps, {
      network: s.p.net,
      year: s.year,
      lang: ctx.lang,
      when,
      title: str(b, "title"),
      evidence: ev ? [{ url: ev.url, label: ev.label, note: null, text: null }] : [],
    });
    return reply.redirect(href(ctx, `${s.base}/annex`), 303);
  });

  const sourceForm = (ctx: PageCtx, base: string, v: Body, errors: FieldErrors) =>
    form(
      ctx,
      `/edit${base}/sources`,
      html`${field({ name: "url", label: ctx.t.evidenceUrl, type: "url", value: v.url ?? "", errors, hint: ctx.t.urlHint, required: true })}
${field({ name: "label", label: ctx.t.evidenceLabel, value: v.label ?? "", errors })}
${field({ name: "note", label: ctx.t.sourceNote, value: v.note ?? "", errors, textarea: true })}`,
      ctx.t.addSource,
    );

  app.get("/edit/:net/:year/sources", async (request, reply) => {
    const s = await start(web, request, reply, false);
    return sendPage(
      reply,
      simple(request, s, s.ctx.t.addSource, sourceForm(s.ctx, s.base, {}, {})),
    );
  });

  app.post("/edit/:net/:year/sources", async (request, reply) => {
    const s = await start(web, request, reply, true);
    const { ctx, body: b } = s;
    const ev = evidenceOf(b, ctx.t);
    const errors: FieldErrors = {};
    if (ev === null) errors.url = ctx.t.urlInvalid;
    if (typeof ev === "string") errors.url = ev;
    if (!ev || typeof ev === "string") {
      return sendPage(
        reply,
        simple(request, s, ctx.t.addSource, sourceForm(ctx, s.base, b, errors), errors),
        400,
      );
    }
    await addSource(s.deps, {
      network: s.p.net,
      year: s.year,
      lang: ctx.lang,
      url: ev.url,
      label: ev.label,
      note: str(b, "note") || null,
      text: null,
    });
    return saved(reply, ctx, `/edit${s.base}/sources`);
  });
}
