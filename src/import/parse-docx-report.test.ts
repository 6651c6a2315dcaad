import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import type { PlanDocument } from "../core/plan.ts";
import { renderDocx } from "../render/docx.ts";
import { htmlToReportText, parseDocxReport } from "./parse-docx-report.ts";
import { parseTextReport } from "./parse-text-report.ts";

const seed = (f: string) =>
  readFileSync(new URL(`../../examples/gealc-2023/${f}`, import.meta.url));
const fixture = (f: string) =>
  readFileSync(new URL(`../../test/fixtures/docx/${f}`, import.meta.url));

/**
 * The plan with every source id replaced by its footnote text. A DOCX numbers footnotes in
 * order of citation, as Word does; the Spanish extract skips from note 18 to 56, so its
 * sources come back renumbered 19, 20... but must say the same things in the same places.
 */
function byFootnoteText(plan: PlanDocument): unknown {
  const text = new Map(plan.sources.map((s) => [s.id, `<${s.text}>`]));
  const name = (id: number) => text.get(id) ?? `missing ${id}`;
  const walk = (v: unknown, key: string): unknown => {
    if (typeof v === "string")
      return v.replace(/\[\^(\d+)\]/g, (_m, n: string) => `[^${name(Number(n))}]`);
    if (typeof v === "number" && (key === "source" || key === "sources" || key === "id"))
      return name(v);
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === "object")
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(plan, "");
}

/** Ids in the extract run 1..18 then 56..65: equal up to renumbering for it, exactly equal for the seed. */
function assertSamePlan(actual: PlanDocument, expected: PlanDocument, exact: boolean) {
  if (exact) assert.deepStrictEqual(actual, expected);
  else assert.deepStrictEqual(byFootnoteText(actual), byFootnoteText(expected));
}

const SEEDS = [
  ["gealc-2023-work-plan-report.en.txt", "gealc-2023-work-plan-report.en", true],
  ["extracto-informe-2023.es.txt", "extracto-informe-2023.es", false],
] as const;

describe("parseDocxReport", () => {
  for (const [txt, name, exact] of SEEDS) {
    const fromText = parseTextReport(seed(txt), { fileName: txt }).plan;

    it(`${name}: text -> plan -> DOCX -> plan gives the text's plan`, async () => {
      const docx = await renderDocx(fromText);
      const { plan } = await parseDocxReport(docx, { fileName: `${name}.docx` });
      assertSamePlan(plan, fromText, exact);
    });

    it(`${name}: the committed fixture (real Word footnotes) imports to the text's plan`, async () => {
      const { plan } = await parseDocxReport(fixture(`${name}.docx`), { fileName: `${name}.docx` });
      assertSamePlan(plan, fromText, exact);
    });

    it(`${name}: the same document saved by LibreOffice imports to the text's plan`, async () => {
      const { plan } = await parseDocxReport(fixture(`${name}.libreoffice.docx`), {
        fileName: `${name}.libreoffice.docx`,
      });
      assertSamePlan(plan, fromText, exact);
    });
  }

  it("turns mammoth's footnote references and notes into markers and definitions", () => {
    const html =
      '<h1>1. Background</h1><p>A &amp; B<sup><a href="#footnote-7" id="footnote-ref-7">[1]</a></sup>, again<sup>1</sup>.</p>' +
      '<ol><li id="footnote-7"><p>&lt;<a href="https://x.org/a">https://x.org/a</a>&gt; <a href="#footnote-ref-7">↑</a></p></li></ol>';
    assert.equal(
      htmlToReportText(html),
      "1. Background\n\nA & B[^1], again[^1].\n\n[^1] <https://x.org/a>\n",
    );
  });

  it("refuses bytes that are not a Word document with a parse error", async () => {
    await assert.rejects(
      parseDocxReport(new TextEncoder().encode("not a zip"), { fileName: "x.docx" }),
      {
        code: "parse_error",
      },
    );
  });
});
