import { existsSync, readFileSync } from "node:fs";
import { PlanDocument } from "../../src/core/plan.ts";

const read = (url: URL) => PlanDocument.parse(JSON.parse(readFileSync(url, "utf8")));

/** A hand-built plan touching every field of the plan document. */
export const smallPlan = (): PlanDocument =>
  read(new URL("../fixtures/plan-small.json", import.meta.url));

const GEALC = new URL("../../examples/gealc-2023/plan.json", import.meta.url);

/** The real GEALC 2023 plan, once the importer has written it; else null. */
export const gealcPlan = (): PlanDocument | null => (existsSync(GEALC) ? read(GEALC) : null);
