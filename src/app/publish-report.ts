import type { PlanRecord } from "../db/plan.repository.ts";
import type { Deps } from "./deps.ts";
import { type LifecycleInput, transition } from "./plan-lifecycle.ts";

/** An approved report is published: anyone may read and download it. */
export function publishReport(deps: Deps, input: LifecycleInput): Promise<PlanRecord> {
  return transition(
    deps,
    input,
    { field: "reportStatus", from: ["approved"], to: "published" },
    "report.publish",
  );
}
