// Writes schema/plan.v1.schema.json from the zod model (src/core/plan.ts), the one source of truth.
import { writeFileSync } from "node:fs";
import { planJsonSchema } from "../src/core/plan-json-schema.ts";

writeFileSync(
  new URL("../schema/plan.v1.schema.json", import.meta.url),
  `${JSON.stringify(planJsonSchema(), null, 2)}\n`,
);
