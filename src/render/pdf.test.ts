import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { samplePlan } from "../../test/fixtures/docx/sample-plan.ts";
import { needs, toolPath } from "../../test/helpers/tools.ts";
import { parsePlanJson } from "../import/plan-json.ts";
import { renderHtml } from "./html.ts";
import { renderPdf } from "./pdf.ts";

const dir = mkdtempSync(join(tmpdir(), "workplan-pdf-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const EXAMPLE = new URL("../../examples/gealc-2023/plan.json", import.meta.url);
// pdftotext joins a link broken at a hyphen without the hyphen: compare without spaces and hyphens.
const squash = (s: string) => s.replace(/[\s-]+/g, "");

describe("renderPdf", { skip: needs("chromium", "pdftotext", "pdfinfo") }, () => {
  const plan = samplePlan();
  const seed = parsePlanJson(readFileSync(EXAMPLE, "utf8"), "plan.json");
  const seedText = new Map<string, string>();
  let pdf: Uint8Array = new Uint8Array();
  let text = "";
  let pages = 0;

  before(async () => {
    const CHROMIUM = toolPath("chromium");
    const pdftotext = toolPath("pdftotext");
    pdf = await renderPdf(renderHtml(plan, {}), { chromiumPath: CHROMIUM });
    writeFileSync(join(dir, "report.pdf"), pdf);
    text = execFileSync(pdftotext, ["-layout", join(dir, "report.pdf"), "-"], {
      encoding: "utf8",
    });
    for (const lang of ["en", "es"] as const) {
      const file = join(dir, `seed-${lang}.pdf`);
      writeFileSync(file, await renderPdf(renderHtml(seed, { lang }), { chromiumPath: CHROMIUM }));
      seedText.set(lang, execFileSync(pdftotext, [file, "-"], { encoding: "utf8" }));
    }
    pages = Number(
      /Pages:\s+(\d+)/.exec(
        execFileSync(toolPath("pdfinfo"), [join(dir, "report.pdf")], { encoding: "utf8" }),
      )?.[1],
    );
  });

  it("prints a PDF with every activity code and every footnote link", () => {
    assert.equal(Buffer.from(pdf.subarray(0, 5)).toString("latin1"), "%PDF-");
    for (const area of plan.areas)
      for (const a of area.activities) assert.ok(text.includes(a.code), a.code);
    const flat = text.replace(/\s+/g, "");
    for (const s of plan.sources)
      if (s.url) assert.ok(flat.includes(s.url.replace(/\s+/g, "")), s.url);
  });

  for (const lang of ["en", "es"]) {
    it(`prints the GEALC 2023 report (${lang}) with every activity code and footnote link`, () => {
      const t = seedText.get(lang) ?? "";
      for (const area of seed.areas)
        for (const a of area.activities) assert.ok(t.includes(a.code), a.code);
      const flat = squash(t);
      for (const s of seed.sources)
        if (s.url) assert.ok(flat.includes(squash(s.url.replace(/^https?:\/\//, ""))), s.url);
    });
  }

  it("is A4 with page numbers in the footer", () => {
    const info = execFileSync(toolPath("pdfinfo"), [join(dir, "report.pdf")], {
      encoding: "utf8",
    });
    assert.match(info, /Page size:\s+59[56]\.\d+ x 84[12]\.\d+ pts \(A4\)/);
    assert.ok(pages >= 1);
    assert.match(text, new RegExp(`1\\s*/\\s*${pages}`));
  });
});

describe("renderPdf without Chromium", () => {
  it("answers 'unavailable' with what to do when Chromium is missing", async () => {
    await assert.rejects(renderPdf("<p>x</p>", { chromiumPath: join(dir, "no-chromium") }), {
      name: "AppError",
      code: "unavailable",
      message: `Chromium not found at ${join(dir, "no-chromium")}: install it with \`apt-get install chromium\` or set CHROMIUM_PATH`,
    });
  });
});
