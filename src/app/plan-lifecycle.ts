/**
 * Shared steps of the plan and report lifecycles (plan: draft -> submitted -> approved;
 * report: draft -> approved -> published). Each use case file calls `transition`.
 */

import { AppError } from "../core/errors.ts";
import { type LifecycleStatus, planResource, type ReportStatus } from "../core/policies.ts";
import { checkVersion } from "../core/version.ts";
import type { Db } from "../db/create-db.ts";
import {
  getPlan,
  getPlanById,
  lockPlan,
  type PlanRecord,
  updatePlanRow,
} from "../db/plan.repository.ts";
import { audit, authorize, requireActor } from "./authorize.ts";
import { nowIso } from "./common.ts";
import type { Deps } from "./deps.ts";
import { transact } from "./transact.ts";

/** The plan, and the version (its own ETag) or revision (its document's) last seen, if any. */
export type LifecycleInput = {
  network: string;
  year: number;
  expectedVersion?: number | undefined;
  expectedRevision?: number | undefined;
};

/**
 * Moves a plan's plan or report status from one of `from` to `to`, if the plan is still at
 * the expected version; `extra` runs in the same transaction (snapshots, assemblies).
 */
export async function transition(
  deps: Deps,
  input: LifecycleInput,
  change:
    | { field: "lifecycleStatus"; from: LifecycleStatus[]; to: LifecycleStatus }
    | { field: "reportStatus"; from: ReportStatus[]; to: ReportStatus },
  action: string,
  extra?: (trx: Db, plan: PlanRecord, now: string) => Promise<void>,
): Promise<PlanRecord> {
  requireActor(deps);
  const now = nowIso(deps);
  return transact(deps, async (trx) => {
    await lockPlan(trx, input.network, input.year, now, input.expectedRevision);
    const plan = await getPlan(trx, input.network, input.year);
    // Handing in is the editors'; approving and publishing, the network administrators'.
    const verb =
      change.to === "approved" ? "approve" : change.to === "published" ? "publish" : "submit";
    authorize(deps.actor, verb, planResource(plan));
    checkVersion(plan.version, input.expectedVersion);
    const current = plan[change.field] as string;
    if (!(change.from as string[]).includes(current)) {
      throw new AppError(
        "conflict",
        `the ${change.field === "lifecycleStatus" ? "plan" : "report"} is ${current}: it cannot become ${change.to}`,
      );
    }
    if (
      change.field === "reportStatus" &&
      change.to !== "draft" &&
      plan.lifecycleStatus !== "approved"
    ) {
      throw new AppError("conflict", "the plan must be approved before its report");
    }
    const version = input.expectedVersion ?? plan.version;
    await updatePlanRow(trx, plan.id, version, { [change.field]: change.to }, now);
    if (extra) await extra(trx, plan, now);
    await audit(
      trx,
      deps,
      now,
      action,
      { kind: "plan", id: plan.id },
      { [change.field]: current },
      { [change.field]: change.to },
    );
    return getPlanById(trx, plan.id);
  });
}
