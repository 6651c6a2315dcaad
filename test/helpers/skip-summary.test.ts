import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import reporter, { INSTALL_TOOLS, skipReason, skipSummary } from "./skip-summary.ts";

async function report(events: { type: string; data: object }[]): Promise<string> {
  async function* source() {
    yield* events;
  }
  let out = "";
  for await (const chunk of reporter(source())) out += chunk;
  return out;
}

describe("the skip-summary reporter", () => {
  const file = (f: string) => join(process.cwd(), f);

  it("says once, at the end, which tools were missing, where, and how to install them", async () => {
    const out = await report([
      {
        type: "test:pass",
        data: {
          name: "pdf",
          skip: skipReason(["chromium", "pdftotext"]),
          file: file("src/render/pdf.test.ts"),
        },
      },
      {
        type: "test:pass",
        data: {
          name: "portal",
          skip: skipReason(["chromium"]),
          file: file("test/browser/portal.test.ts"),
        },
      },
      { type: "test:pass", data: { name: "by hand", skip: "not today", file: file("a.test.ts") } },
      { type: "test:pass", data: { name: "ran", file: file("a.test.ts") } },
      {
        type: "test:diagnostic",
        data: { nesting: 1, message: "a file's own note", file: file("a.test.ts") },
      },
      { type: "test:diagnostic", data: { nesting: 0, message: "pass 4" } },
      { type: "test:diagnostic", data: { nesting: 0, message: "fail 0" } },
      { type: "test:diagnostic", data: { nesting: 0, message: "duration_ms 12.5" } },
    ]);
    assert.equal(
      out,
      [
        "# skipped 2 tests or suites that need system tools not installed here:",
        "#   chromium: src/render/pdf.test.ts, test/browser/portal.test.ts",
        "#   pdftotext: src/render/pdf.test.ts",
        `# to run them, install the tools: ${INSTALL_TOOLS}`,
        "# pass 4",
        "# fail 0",
        "# duration_ms 12.5",
        "",
      ].join("\n"),
    );
  });

  it("prints only the run's totals when nothing was skipped for a tool", async () => {
    assert.equal(skipSummary([]), "");
    const out = await report([
      { type: "test:diagnostic", data: { nesting: 0, message: "tests 1" } },
    ]);
    assert.equal(out, "# tests 1\n");
  });
});
