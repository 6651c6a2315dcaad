/** What the portal's route files share about a plan-scoped URL: its year, who may edit what. */
import { planAreaIds } from "../../app/get-edit-item.ts";
import { AppError } from "../../core/errors.ts";
import { can } from "../../core/policies.ts";
import type { WebContext } from "../context.ts";
import type { PageCtx } from "../layout.ts";
import type { EditLinks } from "../pages/plan.pages.ts";

const notFound = () => new AppError("not_found", "no such page");

/** The year of a URL segment; anything but four digits is not_found. */
export function yearOf(s: string): number {
  if (!/^\d{4}$/.test(s)) throw notFound();
  return Number(s);
}

/** Which editor links to show (the server checks again on save). */
export function editLinks(
  ctx: PageCtx,
  actor: Parameters<typeof can>[0],
  network: string,
  areaIds: Map<string, string>,
): EditLinks | null {
  if (!ctx.viewer || !actor) return null;
  const areas = new Set<string>();
  for (const [code, id] of areaIds) {
    if (can(actor, "edit", { kind: "activity", network, areaId: id })) areas.add(code);
  }
  return { plan: can(actor, "edit", { kind: "area", network }), areas };
}

/** Area code -> row id of a plan (for coordinators' rights). */
export async function areaIdsOf(web: WebContext, planId: string): Promise<Map<string, string>> {
  return planAreaIds({ db: web.db }, planId);
}
