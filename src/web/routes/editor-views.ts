/** What editor pieces shown inside portal pages need: item history, who decides the lifecycle. */
import type { FastifyRequest } from "fastify";
import { getItemHistory, type ItemRef } from "../../app/get-item-history.ts";
import { isAppError } from "../../core/errors.ts";
import { can, planResource } from "../../core/policies.ts";
import type { PlanRecord } from "../../db/plan.repository.ts";
import type { WebContext } from "../context.ts";
import type { SafeHtml } from "../html.ts";
import type { PageCtx } from "../layout.ts";
import { historyBlock } from "../pages/editor.pages.ts";
import {
  lifecycleControls as lifecycleView,
  reportControls as reportView,
} from "../pages/plan-edit.pages.ts";

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

/** Whether the viewer may hand the plan in (editors and administrators, not coordinators). */
export async function decides(
  web: WebContext,
  request: FastifyRequest,
  plan: PlanRecord,
  verb: "submit" | "approve" | "publish" = "submit",
): Promise<boolean> {
  const actor = (await web.viewer(request))?.actor ?? null;
  return can(actor, verb, planResource(plan));
}

/** What the viewer may do with the plan's lifecycle. */
async function decisions(web: WebContext, request: FastifyRequest, plan: PlanRecord) {
  return {
    submit: await decides(web, request, plan, "submit"),
    approve: await decides(web, request, plan, "approve"),
    publish: await decides(web, request, plan, "publish"),
  };
}

/** Plan approval: its status and the next step's form (pages/plan-edit.pages.ts). */
export async function lifecycleControls(
  web: WebContext,
  request: FastifyRequest,
  ctx: PageCtx,
  plan: PlanRecord,
  values: Record<string, string> = {},
  errors: Record<string, string> = {},
): Promise<SafeHtml> {
  return lifecycleView(ctx, plan, await decisions(web, request, plan), values, errors);
}

/** Report approval and publication, shown on the reports page to signed-in viewers. */
export async function reportControls(
  web: WebContext,
  request: FastifyRequest,
  ctx: PageCtx,
  plan: PlanRecord,
): Promise<SafeHtml> {
  return reportView(ctx, plan, await decisions(web, request, plan));
}
