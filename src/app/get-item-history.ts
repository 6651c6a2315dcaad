import { AppError } from "../core/errors.ts";
import { can, planResource } from "../core/policies.ts";
import { findItemIds } from "../db/area.repository.ts";
import { listAudit } from "../db/audit.repository.ts";
import { getPlan } from "../db/plan.repository.ts";
import { userNames } from "../db/user.repository.ts";
import type { Deps } from "./deps.ts";

export type HistoryEntry = {
  /** The audit entry's id (what a restore names). */
  id: string;
  at: string;
  action: string;
  actorName: string | null;
  before: unknown;
  after: unknown;
};

export type ItemRef =
  | { kind: "plan" }
  | { kind: "area"; code: string }
  | { kind: "activity"; code: string }
  /** The plan's annex items and sources, deleted ones included (their audit rows carry plan_id). */
  | { kind: "annex" }
  | { kind: "sources" };

/**
 * The audit trail of one item of a plan, newest first, with who made each change. Shown
 * to the people who may change the item (the whole log stays for administrators).
 */
export async function getItemHistory(
  deps: Deps,
  input: { network: string; year: number; item: ItemRef; limit?: number },
): Promise<HistoryEntry[]> {
  const plan = await getPlan(deps.db, input.network, input.year);
  const { item } = input;
  let entity: { kind: string; id?: string; planId?: string } | null = null;
  let allowed = false;
  if (item.kind === "plan") {
    entity = { kind: "plan", id: plan.id };
    allowed = can(deps.actor, "edit", planResource(plan));
  } else if (item.kind === "annex" || item.kind === "sources") {
    entity = { kind: item.kind === "annex" ? "annex_item" : "source", planId: plan.id };
    allowed = can(deps.actor, "edit", planResource(plan));
  } else {
    const row = await findItemIds(deps.db, plan.id, item.kind, item.code);
    if (!row) throw new AppError("not_found", `no ${item.kind} ${item.code}`);
    entity = { kind: item.kind, id: row.id };
    allowed =
      item.kind === "area"
        ? can(deps.actor, "edit", { kind: "area", network: plan.network.slug })
        : can(deps.actor, "edit", {
            kind: "activity",
            network: plan.network.slug,
            areaId: row.areaId,
          });
  }
  if (!deps.actor || !allowed) throw new AppError("forbidden", "may not see this item's history");
  const entries = await listAudit(deps.db, {
    entityKind: entity.kind,
    ...(entity.id ? { entityId: entity.id } : {}),
    ...(entity.planId ? { planId: entity.planId } : {}),
    limit: input.limit ?? 50,
  });
  const actorIds = [...new Set(entries.map((e) => e.actorId).filter((x): x is string => !!x))];
  const names = await userNames(deps.db, actorIds);
  return entries.map((e) => ({
    id: e.id,
    at: e.at,
    action: e.action,
    actorName: e.actorId ? (names.get(e.actorId) ?? null) : null,
    before: e.before,
    after: e.after,
  }));
}
