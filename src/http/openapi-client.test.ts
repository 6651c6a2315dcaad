import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { generateTypes } from "workplan-openapi-typegen";
import { testDialects } from "../../test/helpers/db.ts";
import { gealcPlan } from "../../test/helpers/plans.ts";
import { openTestApp, type TestApp } from "./testing.ts";

// What an integrator does: generate a typed client from the OpenAPI document
// (openapi-typescript types + openapi-fetch), compile a program against it with the
// project's compiler and strict settings, and run it against a server over real HTTP.

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The integrator's program; the same steps as the README's example. */
const CLIENT = `import createClient from "openapi-fetch";
import type { paths } from "./workplan-api.d.ts";

export type Outcome = {
  title: string;
  status: string;
  occurrences: number;
  stale: { status: number; code: string; type: string };
};

export async function run(baseUrl: string, token: string): Promise<Outcome> {
  const api = createClient<paths>({ baseUrl, headers: { authorization: \`Bearer \${token}\` } });
  const plan = { net: "gealc", year: 2023 };

  // Read the plan; its ETag names the working copy's revision.
  const read = await api.GET("/api/v1/networks/{net}/plans/{year}", { params: { path: plan } });
  if (!read.data) throw new Error(\`getPlan answered \${read.response.status}\`);
  const workingCopy = read.response.headers.get("etag") ?? "";

  // Set a status, on condition that nothing in the plan changed since it was read.
  const path = { ...plan, code: "3.1.5" };
  const set = await api.PUT("/api/v1/networks/{net}/plans/{year}/activities/{code}/status", {
    params: { path, header: { "If-Match": workingCopy } },
    body: { code: "ongoing", text: "Ongoing: two more meetings are planned." },
  });
  if (!set.data) throw new Error(\`setActivityStatus answered \${set.response.status}\`);

  // Record an occurrence, on condition that the activity is as the status write left it.
  const recorded = await api.POST("/api/v1/networks/{net}/plans/{year}/activities/{code}/occurrences", {
    params: { path, header: { "If-Match": set.response.headers.get("etag") ?? "" } },
    body: {
      when: { kind: "month", start: "2023-11-01", end: "2023-11-30", count: null, text: "November" },
      evidence: [{ url: "https://example.org/minutes/2023-11", label: "Minutes, November" }],
    },
  });
  if (!recorded.data) throw new Error(\`recordOccurrence answered \${recorded.response.status}\`);

  // The working copy read at first is stale now: a write conditional on it is refused.
  const stale = await api.PUT("/api/v1/networks/{net}/plans/{year}/activities/{code}/status", {
    params: { path, header: { "If-Match": workingCopy } },
    body: { code: "executed", text: "Executed." },
  });
  if (!stale.error) throw new Error("a stale ETag was accepted");

  // The types are the document's, not any: these mistakes do not compile (never called).
  const mistakes = () => [
    // @ts-expect-error: the path needs the activity's code
    api.GET("/api/v1/networks/{net}/plans/{year}/activities/{code}", { params: { path: plan } }),
    // @ts-expect-error: an occurrence's time is a timing, not a number
    api.POST("/api/v1/networks/{net}/plans/{year}/activities/{code}/occurrences", { params: { path }, body: { when: 2023 } }),
  ];
  void mistakes;

  return {
    title: read.data.title,
    status: set.data.status.code,
    occurrences: recorded.data.activity.occurrences.length,
    stale: { status: stale.response.status, code: stale.error.code, type: stale.error.type },
  };
}
`;

const execFileP = promisify(execFile);

/** The TypeScript example of a document that makes a client (the block with createClient). */
function clientExampleIn(markdown: string, file: string): string {
  const block = [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)]
    .map((m) => m[1] ?? "")
    .find((code) => code.includes("createClient<paths>"));
  assert.ok(block, `${file} shows a generated client`);
  return `${block}export {};\n`;
}

describe("a client generated from the OpenAPI document", () => {
  let dir: string;
  let run: (baseUrl: string, token: string) => Promise<Record<string, unknown>>;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "workplan-client-"));
    const t = await openTestApp("sqlite");
    const doc = (await t.inject({ method: "GET", url: "/api/openapi.json" })).json();
    await t.close();
    writeFileSync(join(dir, "workplan-api.d.ts"), await generateTypes(doc));
    writeFileSync(join(dir, "client.ts"), CLIENT);
    // The examples of the README and docs/API.md are compiled too, so they stay true.
    for (const [name, file] of [
      ["readme.ts", "README.md"],
      ["api-guide.ts", "docs/API.md"],
    ] as const) {
      writeFileSync(join(dir, name), clientExampleIn(readFileSync(join(ROOT, file), "utf8"), file));
    }
    writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", private: true }));
    // The project's packages (openapi-fetch, @types/node) and compiler options.
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({ extends: join(ROOT, "tsconfig.json"), include: ["*.ts"] }),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("compiles with the project's tsc and strict settings", async () => {
    const tsc = join(ROOT, "node_modules", ".bin", "tsc");
    const out = await execFileP(tsc, ["--noEmit", "-p", dir], { timeout: 120_000 }).catch(
      (e: { stdout?: string; stderr?: string }) => {
        assert.fail(`tsc refused the client:\n${e.stdout ?? ""}${e.stderr ?? ""}`);
      },
    );
    assert.equal(out.stdout, "");
    ({ run } = await import(join(dir, "client.ts")));
  });

  for (const dialect of testDialects()) {
    describe(`runs against the server [${dialect}]`, () => {
      let t: TestApp;
      let baseUrl: string;
      before(async () => {
        t = await openTestApp(dialect, { plan: gealcPlan() });
        baseUrl = await t.app.listen({ host: "127.0.0.1", port: 0 });
      });
      after(() => t.close());

      test("reads the plan, sets a status and records an occurrence with If-Match; a stale ETag is 412", async (c) => {
        if (!run) return c.skip("the client did not compile");
        const outcome = await run(baseUrl, t.tokens.admin);
        assert.deepEqual(outcome, {
          title: gealcPlan()?.title,
          status: "ongoing",
          occurrences: 7,
          stale: {
            status: 412,
            code: "precondition_failed",
            type: "/api/problems#precondition_failed",
          },
        });
        const activity = await t.inject({
          method: "GET",
          url: "/api/v1/networks/gealc/plans/2023/activities/3.1.5",
          as: "admin",
        });
        const stored = activity.json();
        assert.equal(stored.status.code, "ongoing", "the stale write changed nothing");
        assert.equal(stored.occurrences.at(-1).when.text, "November");
      });
    });
  }
});
