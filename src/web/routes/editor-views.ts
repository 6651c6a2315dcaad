/** Editor pieces shown inside portal pages: item history, the lifecycle and report controls. */
import type { FastifyRequest } from "fastify";
import { getItemHistory, type ItemRef } from "../../app/get-item-history.ts";
import { isAppError } from "../../core/errors.ts";
import { can } from "../../core/policies.ts";
import type { PlanRecord } from "../../db/plan.repository.ts";
import type { WebContext } from "../context.ts";
import { html, type SafeHtml } from "../html.ts";
import type { PageCtx } from "../layout.ts";
import { historyBlock } from "../pages/editor.pages.ts";
import { field, form } from "../pages/forms.ts";
import { lifecycleBadge } from "../pages/plan.pages.ts";

/** The history of an item, or null when the viewer may not see it. */
export async function historyFor(
  web: WebContext,
  request: FastifyRequest,
  ctx: PageCtx,
  plan: PlanRecord,
  kind: "activity" | "area" | "plan",
  code?: string,
): Promise<SafeHtml | null> {
  const item: ItemRef = kind === "plan" ? { kind } : { kind, code: code ?? "" };
  try {
    const entries = await getItemHistory(await web.deps(request), {
      network: plan.network.slug,
      year: plan.year,
      item,
    });
    return historyBlock(ctx, entries);
  } catch (e) {
    if (isAppError(e) && (e.code === "forbidden" || e.code === "unauthenticated")) return null;
    throw e;
  }
}

/** Whether the viewer decides the plan's lifecycle (editors and admins, not coordinators). */
export async function decides(
  web: WebContext,
  request: FastifyRequest,
  plan: PlanRecord,
): Promise<boolean> {
  const actor = (await web.viewer(request))?.actor ?? null;
  return can(actor, "update", { kind: "area" }) && can(actor, "update", { kind: "plan", ...plan });
}

/** Plan approval: its status and the next step's form. */
export async function lifecycleControls(
  web: WebContext,
  request: FastifyRequest,
  ctx: PageCtx,
  plan: PlanRecord,
  values: Record<string, string> = {},
  errors: Record<string, string> = {},
): Promise<SafeHtml> {
  const base = `/edit/${plan.network.slug}/${plan.year}`;
  const version = html`<input type="hidden" name="version" value="${plan.version}">`;
  const may = await decides(web, request, plan);
  const step = (action: string, label: string, extra: SafeHtml = html``) =>
    form(
      ctx,
      `${base}/lifecycle`,
      html`${version}<input type="hidden" name="action" value="${action}">${extra}`,
      label,
    );
  let next: SafeHtml = html``;
  if (may && plan.lifecycleStatus === "draft") next = step("submit", ctx.t.submitPlan);
  if (may && plan.lifecycleStatus === "submitted") {
    next = html`${step(
      "approve",
      ctx.t.approvePlan,
      html`<div class="row">
${field({ name: "ordinal", label: ctx.t.assemblyOrdinal, type: "number", value: values.ordinal ?? String(plan.presentedAt ?? ""), errors, required: true })}
${field({ name: "date", label: ctx.t.assemblyDate, type: "date", value: values.date ?? "", errors, required: true })}
${field({ name: "place", label: ctx.t.assemblyPlace, value: values.place ?? "", errors, required: true })}</div>`,
    )}${step("return", ctx.t.returnToDraft)}`;
  }
  return html`<section class="card" aria-labelledby="lc-h"><h2 id="lc-h">${ctx.t.lifecycle}</h2>
<p>${ctx.t.planStatus}: ${lifecycleBadge(ctx, plan.lifecycleStatus)}</p>
${plan.lifecycleStatus === "approved" ? html`<p class="muted">${ctx.t.frozenNote}</p>` : ""}
${next}
${may ? html`<p class="muted">${ctx.t.carryOverHint}</p>${form(ctx, `${base}/carry-over`, version, ctx.t.carryOver(plan.year + 1))}` : ""}</section>`;
}

/** Report approval and publication, shown on the reports page to signed-in viewers. */
export async function reportControls(
  web: WebContext,
  request: FastifyRequest,
  ctx: PageCtx,
  plan: PlanRecord,
): Promise<SafeHtml> {
  const may = await decides(web, request, plan);
  const action = (a: string, label: string) =>
    form(
      ctx,
      `/edit/${plan.network.slug}/${plan.year}/report`,
      html`<input type="hidden" name="version" value="${plan.version}"><input type="hidden" name="action" value="${a}">`,
      label,
    );
  const next =
    !may || plan.lifecycleStatus !== "approved"
      ? ""
      : plan.reportStatus === "draft"
        ? action("approve", ctx.t.approveReport)
        : plan.reportStatus === "approved"
          ? action("publish", ctx.t.publishReport)
          : "";
  return html`<section class="card" aria-labelledby="rs-h"><h2 id="rs-h">${ctx.t.reportStatus}</h2>
<p>${lifecycleBadge(ctx, plan.reportStatus)}</p>${next}</section>`;
}
