import { z } from "zod";
import { PLAN_SCHEMA_ID, PlanDocument } from "./plan.ts";

/** The JSON Schema (draft 2020-12) of the plan document, generated from the zod model. */
export function planJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(PlanDocument, { target: "draft-2020-12" }),
    $id: "https://workplan.example/schema/plan.v1.schema.json",
    title: `Plan document (${PLAN_SCHEMA_ID})`,
  };
}
