import type { PlanRecord } from "../db/plan.repository.ts";
import type { Deps } from "./deps.ts";
import { type LifecycleInput, transition } from "./plan-lifecycle.ts";

/** A draft plan goes to the Assembly for approval (it stays unseen by the public). */
export function submitPlan(deps: Deps, input: LifecycleInput): Promise<PlanRecord> {
  return transition(
    deps,
    input,
    { field: "lifecycleStatus", from: ["draft"], to: "submitted" },
    "plan.submit",
  );
}

/** A submitted plan goes back to draft (the Assembly asked for changes). */
export function returnPlanToDraft(deps: Deps, input: LifecycleInput): Promise<PlanRecord> {
  return transition(
    deps,
    input,
    { field: "lifecycleStatus", from: ["submitted"], to: "draft" },
    "plan.return_to_draft",
  );
}
