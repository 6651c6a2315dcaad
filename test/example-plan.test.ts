import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { PlanDocument } from "../src/core/plan.ts";
import { parseTextReport } from "../src/import/parse-text-report.ts";

const SEED = new URL("../examples/gealc-2023/gealc-2023-work-plan-report.en.txt", import.meta.url);
const EXAMPLE = new URL("../examples/gealc-2023/plan.json", import.meta.url);
const SCHEMA = new URL("../schema/plan.v1.schema.json", import.meta.url);

const example: PlanDocument = JSON.parse(readFileSync(EXAMPLE, "utf8"));

test("the example plan is what a fresh import of the seed report gives", () => {
  // Regenerate with: bin/workplan convert examples/gealc-2023/gealc-2023-work-plan-report.en.txt --to json --out examples/gealc-2023/plan.json
  const { plan } = parseTextReport(readFileSync(SEED), { fileName: "seed.txt" });
  assert.deepStrictEqual(plan, example);
});

test("the example plan validates against the published JSON Schema", () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, "utf8")));
  assert.ok(validate(example), JSON.stringify(validate.errors, null, 2));
  const broken = structuredClone(example) as {
    areas: { activities: { status: { code: string } }[] }[];
  };
  const first = broken.areas[0]?.activities[0];
  assert.ok(first, "the example has activities");
  first.status.code = "done";
  assert.equal(validate(broken), false, "the schema must reject an unknown status code");
});
