import type { PlanDocument } from "../core/plan.ts";

/** Something an importer noticed but could read past, at a line of the input. */
export type Warning = { line: number; message: string };
/** What every importer returns: the plan read, and what it read past. */
export type LoadedPlan = { plan: PlanDocument; warnings: Warning[] };
