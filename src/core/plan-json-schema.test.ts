import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { planJsonSchema } from "./plan-json-schema.ts";

test("the published JSON Schema is the one the model generates", () => {
  const published = JSON.parse(
    readFileSync(new URL("../../schema/plan.v1.schema.json", import.meta.url), "utf8"),
  );
  // Regenerate with: node scripts/gen-json-schema.ts
  assert.deepEqual(published, planJsonSchema());
});
