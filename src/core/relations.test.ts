import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import type { PlanDocument } from "./plan.ts";
import { relatedActivities } from "./relations.ts";

const plan: PlanDocument = JSON.parse(
  readFileSync(new URL("../../examples/gealc-2023/plan.json", import.meta.url), "utf8"),
);

test("a joint meeting declared by 3.5.3 (footnote 34) shows from both sides", () => {
  assert.deepEqual(relatedActivities(plan, "3.5.3"), [
    { kind: "joint", year: 2023, code: "3.6.4", source: 34 },
  ]);
  assert.deepEqual(relatedActivities(plan, "3.6.4"), [
    { kind: "joint", year: 2023, code: "3.5.3", source: 34 },
  ]);
  assert.deepEqual(relatedActivities(plan, "3.1.1"), []);
});

test("carried over from another year points at that year's activity, one way only", () => {
  const next = structuredClone(plan);
  next.year = 2024;
  const first = next.areas[0]?.activities[0];
  assert.ok(first, "the example has activities");
  first.relations = [{ kind: "carried_over_from", activity: "2023:3.1.5", source: null }];
  assert.deepEqual(relatedActivities(next, first.code), [
    { kind: "carried_over_from", year: 2023, code: "3.1.5", source: null },
  ]);
  assert.deepEqual(relatedActivities(next, "3.1.5").length, 0);
});
