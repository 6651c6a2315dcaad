import type { PlanRecord } from "../db/plan.repository.ts";
import type { Deps } from "./deps.ts";
import { type LifecycleInput, transition } from "./plan-lifecycle.ts";

/** The execution report is approved (still unseen by the public until published). */
export function approveReport(deps: Deps, input: LifecycleInput): Promise<PlanRecord> {
  return transition(
    deps,
    input,
    { field: "reportStatus", from: ["draft"], to: "approved" },
    "report.approve",
  );
}
