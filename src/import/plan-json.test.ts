import assert from "node:assert/strict";
import { test } from "node:test";
import { AppError } from "../core/errors.ts";
import { parsePlanJson } from "./plan-json.ts";

const minimal = {
  schema: "workplan.plan/v1",
  network: { slug: "gealc", name: "GEALC Network" },
  year: 2023,
  title: "2023 WORK PLAN Report",
  language: "en",
  originalLanguage: "es",
  distribution: null,
  presentedAt: null,
  governance: [],
  assemblies: [],
  background: [],
  purpose: [],
  areas: [
    {
      code: "3.1",
      title: "Cross-border services",
      objective: "",
      activities: [],
    },
  ],
  annexIntro: null,
  annex: [],
  sources: [],
};

function failure(text: string): AppError {
  try {
    parsePlanJson(text, "plan.json");
  } catch (e) {
    assert.ok(e instanceof AppError);
    return e;
  }
  assert.fail("expected an error");
}

test("a valid plan document parses", () => {
  const plan = parsePlanJson(JSON.stringify(minimal), "plan.json");
  assert.equal(plan.areas[0]?.code, "3.1");
});

test("a bad field names its line and path", () => {
  const doc = structuredClone(minimal);
  (doc.areas[0] as { code: string }).code = "three";
  const text = JSON.stringify(doc, null, 2);
  const line = text.split("\n").findIndex((l) => l.includes('"three"')) + 1;
  const e = failure(text);
  assert.equal(e.code, "parse_error");
  assert.match(e.message, new RegExp(`^plan\\.json:${line}: areas\\.0\\.code: `));
});

test("a missing field points at its parent object", () => {
  const { title: _dropped, ...rest } = minimal;
  const e = failure(JSON.stringify(rest, null, 2));
  assert.match(e.message, /^plan\.json:1: title: /);
});

test("broken JSON names the line of the syntax error", () => {
  const e = failure('{\n  "schema": "workplan.plan/v1",\n  "year": ,\n}');
  assert.match(e.message, /^plan\.json:3: not valid JSON/);
});
