import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import mammoth from "mammoth";
import { samplePlan } from "../../test/fixtures/docx/sample-plan.ts";
import { needs, toolPath } from "../../test/helpers/tools.ts";
import type { PlanDocument } from "../core/plan.ts";
import { parsePlanJson } from "../import/plan-json.ts";
import { renderDocx } from "./docx.ts";

const dir = mkdtempSync(join(tmpdir(), "workplan-docx-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Converts .docx files to PDF with LibreOffice (one run, a private profile) and returns their text. */
function officeText(names: string[]): Map<string, string> {
  execFileSync(
    toolPath("soffice"),
    [
      `-env:UserInstallation=${pathToFileURL(join(dir, "profile")).href}`,
      "--headless",
      "--convert-to",
      "pdf",
      "--outdir",
      dir,
      ...names.map((n) => join(dir, `${n}.docx`)),
    ],
    { stdio: "pipe", timeout: 120_000 },
  );
  return new Map(
    names.map((n) => [
      n,
      execFileSync(toolPath("pdftotext"), [join(dir, `${n}.pdf`), "-"], { encoding: "utf8" }),
    ]),
  );
}

// pdftotext joins a link broken at a hyphen without the hyphen: compare without spaces and hyphens.
const squash = (s: string) => s.replace(/[\s-]+/g, "");

function spanishPlan(): PlanDocument {
  const p = samplePlan();
  return {
    ...p,
    language: "es",
    distribution: null,
    network: { ...p.network, name: "Red GEALC" },
    title: "Informe del PLAN DE TRABAJO 2023",
  };
}

const EXAMPLE = new URL("../../examples/gealc-2023/plan.json", import.meta.url);

describe("renderDocx", () => {
  const plan = samplePlan();
  const seed = parsePlanJson(readFileSync(EXAMPLE, "utf8"), "plan.json");
  const docs = new Map<string, Uint8Array>();
  let text = new Map<string, string>();

  before(async () => {
    docs.set("en", await renderDocx(plan));
    docs.set("final", await renderDocx(plan, { draft: false }));
    docs.set("es", await renderDocx(spanishPlan(), { draft: true }));
    docs.set("seed", await renderDocx(seed));
    docs.set("seed-es", await renderDocx(seed, { lang: "es" }));
  });

  describe("opened in LibreOffice", { skip: needs("soffice", "pdftotext") }, () => {
    before(() => {
      for (const [n, bytes] of docs) writeFileSync(join(dir, `${n}.docx`), bytes);
      text = officeText([...docs.keys()]);
    });

    it("opens in LibreOffice with every activity code and every footnote link in its text", () => {
      const t = text.get("en") ?? "";
      for (const area of plan.areas)
        for (const a of area.activities) assert.ok(t.includes(`${a.code})`), a.code);
      for (const s of plan.sources) if (s.url) assert.ok(squash(t).includes(squash(s.url)), s.url);
      assert.ok(
        t.includes("The meetings of the Innovation & Emerging Technologies working groups"),
      );
    });

    for (const name of ["seed", "seed-es"]) {
      it(`${name}: the GEALC 2023 report has every activity code, footnote link and label`, () => {
        const t = text.get(name) ?? "";
        const flat = squash(t);
        for (const area of seed.areas)
          for (const a of area.activities) assert.ok(t.includes(`${a.code})`), a.code);
        // A link written without a scheme ("www.redGEALC.org") is stored with https://.
        for (const s of seed.sources)
          if (s.url) assert.ok(flat.includes(squash(s.url.replace(/^https?:\/\//, ""))), s.url);
        assert.ok(t.includes(name === "seed" ? "Location: " : "Lugar: "));
        assert.ok(
          t.includes(name === "seed" ? "For PUBLIC distribution" : "Para distribución PÚBLICA"),
        );
      });
    }

    it("follows the seed's order: note, original language, assembly, title, sections, annex", () => {
      const t = text.get("en") ?? "";
      const order = [
        "For PUBLIC distribution",
        "(once approved)",
        "ORIGINAL: SPANISH",
        "XVII GEALC Network Annual Assembly",
        "November 21, 2023",
        "2023 WORK PLAN Report",
        "1. Background",
        "2) Purpose",
        "3) Work areas",
        "3.1) Cross-border services",
        "Objective: To generate capacity",
        "3.1.1) Regional cross-border digital signature webinar.",
        "Location: Brasilia.",
        "Date: September 19.",
        "3.2) Emerging technologies",
        "3.3) Annex",
        "March: Ceremony for the transfer",
      ];
      let at = -1;
      for (const s of order) {
        const next = t.indexOf(s, at + 1);
        assert.ok(next > at, `"${s}" after the previous item`);
        at = next;
      }
    });

    it("leaves the distribution note out of a final report", () => {
      assert.ok(!(text.get("final") ?? "").includes("For PUBLIC distribution"));
      assert.ok((text.get("final") ?? "").includes("ORIGINAL: SPANISH"));
    });

    it("writes Spanish labels and the Spanish distribution note", () => {
      const t = text.get("es") ?? "";
      for (const s of [
        "Para distribución PÚBLICA",
        "(una vez aprobado)",
        "ORIGINAL: ESPAÑOL",
        "XVII Asamblea Anual de la Red GEALC",
        "21 de noviembre de 2023",
        "1. Antecedentes",
        "2) Propósito",
        "3) Áreas de trabajo",
        "Objetivo:",
        "Lugar: Brasilia.",
        "Fecha: September 19.",
        "3.3) Anexo",
      ]) {
        assert.ok(t.includes(s), s);
      }
    });
  });

  it("uses Word's Title and Heading styles and real footnotes numbered in order of citation", async () => {
    const { value: html, messages } = await mammoth.convertToHtml({
      buffer: Buffer.from(docs.get("en") ?? []),
    });
    assert.deepEqual(
      messages.map((m) => m.message),
      ["Unrecognised paragraph style: 'Title' (Style ID: Title)"],
    );
    assert.deepEqual(
      [...html.matchAll(/<h1>([^<]*)<\/h1>/g)].map((m) => m[1]),
      ["1. Background", "2) Purpose", "3) Work areas"],
    );
    assert.deepEqual(
      [...html.matchAll(/<h2>([^<]*)<\/h2>/g)].map((m) => m[1]),
      ["3.1) Cross-border services", "3.2) Emerging technologies", "3.3) Annex"],
    );
    assert.equal([...html.matchAll(/<h3>/g)].length, 6);
    assert.deepEqual(
      [...html.matchAll(/id="footnote-ref-\d+">\[(\d+)\]/g)].map((m) => Number(m[1])),
      [1, 2, 3, 4, 5, 6, 7, 8],
    );
    assert.match(
      html,
      /<li id="footnote-1"><p>Source: Red GEALC Bylaws: &lt;<a href="https:\/\/www\.redGEALC\.org\/sobre-red-GEALC\/estatutos\/">/,
    );
  });

  it("cites a source a second time with a superscript cross-reference, not a second footnote", async () => {
    const p = samplePlan();
    p.background = [`${p.background[0]}[^1]`, ...p.background.slice(1)];
    p.purpose = ["Purpose[^1] again[^2]."];
    const { value: html } = await mammoth.convertToHtml({
      buffer: Buffer.from(await renderDocx(p)),
    });
    assert.equal([...html.matchAll(/<li id="footnote-/g)].length, 8);
    assert.match(html, /Purpose<sup>1<\/sup> again<sup><a href="#footnote-2"/);
  });
});
