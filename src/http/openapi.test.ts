import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { PROBLEM_CODES } from "../edge/error-table.ts";
import { problemType } from "./errors.ts";
import { body, openTestApp, type TestApp, testConfig } from "./testing.ts";

// The OpenAPI document as integrators' tools take it: Redocly's recommended rules (the
// linter's Node API, in-process: no CLI, no network, no telemetry), method names for
// generated clients, security per operation, real examples, every problem documented.

process.env.REDOCLY_TELEMETRY = "off";
process.env.REDOCLY_SUPPRESS_UPDATE_NOTICE = "true";

type Operation = {
  operationId?: string;
  security?: Record<string, string[]>[];
  requestBody?: { content: Record<string, { examples?: Record<string, { value: unknown }> }> };
  responses: Record<string, unknown>;
};
type Doc = {
  servers: { url: string }[];
  info: { license?: { name: string } };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>> };
};

const METHODS = new Set(["get", "put", "post", "patch", "delete", "head", "options"]);
const operations = (doc: Doc) =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, op]) => ({ where: `${method.toUpperCase()} ${path}`, method, op })),
  );

describe("OpenAPI document", () => {
  let t: TestApp;
  let text: string;
  let doc: Doc;
  before(async () => {
    t = await openTestApp("sqlite", {
      config: testConfig({ publicUrl: "https://plans.example.org/" }),
    });
    const res = await t.inject({ method: "GET", url: "/api/openapi.json" });
    assert.equal(res.statusCode, 200);
    text = res.body;
    doc = body(res) as Doc;
  });
  after(() => t.close());

  test("passes Redocly's recommended rules with no error and no warning", async () => {
    const config = await createConfig({ extends: ["recommended"] });
    const problems = await lintFromString({ source: text, absoluteRef: "openapi.json", config });
    const report = problems
      .map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)
      .join("\n");
    assert.equal(problems.length, 0, `Redocly lint (recommended):\n${report}`);
  });

  test("every operation has a unique camelCase operationId, named as a client method", () => {
    const ops = operations(doc);
    assert.ok(ops.length >= 40, `only ${ops.length} operations`);
    const missing = ops.filter(({ op }) => !op.operationId).map((o) => o.where);
    assert.deepEqual(missing, [], "add `operationId` to these routes' schema");
    const bad = ops.filter(({ op }) => !/^[a-z][a-zA-Z0-9]*$/.test(op.operationId ?? ""));
    assert.deepEqual(
      bad.map((o) => `${o.where}: ${o.op.operationId}`),
      [],
      "operationIds are camelCase",
    );
    const ids = ops.map(({ op }) => op.operationId);
    assert.equal(new Set(ids).size, ids.length, "operationIds are unique");
    const byId = Object.fromEntries(ops.map(({ op, where }) => [op.operationId, where]));
    assert.equal(byId.getPlan, "GET /api/v1/networks/{net}/plans/{year}");
    assert.equal(
      byId.setActivityStatus,
      "PUT /api/v1/networks/{net}/plans/{year}/activities/{code}/status",
    );
    assert.equal(byId.listNetworks, "GET /api/v1/networks");
  });

  test("docs/API-CHANGELOG.md names every operation (a new one gets its line there)", () => {
    const log = readFileSync(new URL("../../docs/API-CHANGELOG.md", import.meta.url), "utf8");
    const unlisted = operations(doc)
      .map(({ op }) => op.operationId ?? "")
      .filter((id) => !log.includes(`\`${id}\``));
    assert.deepEqual(unlisted, [], "add these operations under Unreleased / Added");
  });

  test("security: writes need a token or session; reads accept them; signing in needs none", () => {
    const schemes = Object.keys(
      (doc.components as { securitySchemes?: object }).securitySchemes ?? {},
    ).sort();
    assert.deepEqual(schemes, ["bearer", "session"]);
    for (const { where, method, op } of operations(doc)) {
      assert.ok(Array.isArray(op.security), `${where} declares its security`);
      const names = op.security.map((r) => Object.keys(r).join("+"));
      if (op.operationId === "signIn") assert.deepEqual(names, [], where);
      // getSession and getPlanTranslation (an editing tool over the working copy) need them.
      else if (
        method === "get" &&
        !["getSession", "getPlanTranslation"].includes(op.operationId ?? "")
      ) {
        assert.deepEqual(names, ["", "bearer", "session"], `${where}: optional credentials`);
      } else assert.deepEqual(names, ["bearer", "session"], `${where}: credentials required`);
      assert.ok(
        Object.keys(op.responses).some((s) => /^4\d\d$/.test(s)),
        `${where} documents a 4xx answer`,
      );
    }
  });

  test("servers come from PUBLIC_URL, and the licence is named", () => {
    assert.deepEqual(
      doc.servers.map((s) => s.url),
      ["https://plans.example.org"],
    );
    assert.equal(doc.info.license?.name, "MIT");
  });

  test("every problem type is in the Problem schema, on /api/problems and in docs/API.md", async () => {
    const problem = doc.components.schemas.Problem as {
      properties: { code: { enum: string[] }; type: { enum: string[] } };
    };
    assert.deepEqual(problem.properties.code.enum, PROBLEM_CODES);
    assert.deepEqual(problem.properties.type.enum, PROBLEM_CODES.map(problemType));
    const page = await t.inject({ method: "GET", url: "/api/problems" });
    assert.equal(page.statusCode, 200);
    const guide = readFileSync(new URL("../../docs/API.md", import.meta.url), "utf8");
    for (const code of PROBLEM_CODES) {
      assert.match(page.body, new RegExp(`<dt id="${code}">`), `/api/problems#${code}`);
      assert.ok(guide.includes(`\`${code}\``), `docs/API.md lists ${code}`);
    }
  });

  test("the main schemas carry GEALC examples that their schemas accept", () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema({ $id: "https://workplan.invalid/openapi.json", components: doc.components });
    const withExamples = Object.entries(doc.components.schemas).filter(([, s]) => s.examples);
    const names = withExamples.map(([n]) => n);
    for (const name of ["PlanDocument", "Area", "Activity", "Occurrence", "Source", "Problem"]) {
      assert.ok(names.includes(name), `${name} has an example`);
    }
    for (const [name, schema] of withExamples) {
      const validate = ajv.getSchema(
        `https://workplan.invalid/openapi.json#/components/schemas/${name}`,
      );
      assert.ok(validate, name);
      for (const example of schema.examples as unknown[]) {
        assert.ok(validate(example), `${name}: ${JSON.stringify(validate.errors)}`);
      }
    }
    // The check has teeth: a plan without its areas is refused.
    const planExamples = (doc.components.schemas.PlanDocument?.examples ?? []) as {
      network: { slug: string };
      areas: unknown;
    }[];
    const plan = planExamples[0];
    assert.ok(plan);
    const { areas: _areas, ...noAreas } = plan;
    const validatePlan = ajv.getSchema(
      "https://workplan.invalid/openapi.json#/components/schemas/PlanDocument",
    );
    assert.equal(validatePlan?.(noAreas), false);
    assert.equal(plan.network.slug, "gealc");
    const status = doc.paths["/api/v1/networks/{net}/plans/{year}/activities/{code}/status"]?.put;
    const example = status?.requestBody?.content["application/json"]?.examples?.gealc?.value;
    assert.equal((example as { code?: string } | undefined)?.code, "executed");
  });
});
