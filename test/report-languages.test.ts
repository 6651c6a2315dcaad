/**
 * One language rule in every output format: the GEALC 2023 example with the Spanish extract
 * attached as a partial translation (as the example database has it), rendered in Spanish.
 * A text shown in English because it has no Spanish is marked in each format's own way,
 * every other text is the report's language, and the first page says how much is missing.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parse as parseCsv } from "csv-parse/sync";
import { HtmlValidate } from "html-validate";
import ICAL from "ical.js";
import JSZip from "jszip";
import { completeness } from "../src/core/language.ts";
import type { Language, PlanDocument } from "../src/core/plan.ts";
import { parseTextReport } from "../src/import/parse-text-report.ts";
import { renderCsv } from "../src/render/csv.ts";
import { renderDocx } from "../src/render/docx.ts";
import { renderHtml } from "../src/render/html.ts";
import { renderIati } from "../src/render/iati.ts";
import { renderIcs } from "../src/render/ics.ts";
import { renderMarkdown } from "../src/render/markdown.ts";
import { renderPdf } from "../src/render/pdf.ts";
import { needs, toolPath } from "./helpers/tools.ts";
import { translatedGealc } from "./helpers/translated.ts";

let docs: Record<Language, PlanDocument>;
before(async () => {
  docs = await translatedGealc();
});

/** The es document with its second background paragraph back in English (untranslated). */
function withEnglishParagraph(): PlanDocument {
  const es = structuredClone(docs.es);
  es.background[1] = docs.en.background[1] as string;
  es.textLanguages = { ...es.textLanguages, "/background/1": "en" };
  return es;
}

const NOTES: Record<Language, (missing: number, total: number) => string> = {
  en: (m, t) => `This translation is incomplete: ${m} of ${t} texts are shown in Spanish`,
  es: (m, t) => `Esta traducción está incompleta: ${m} de ${t} textos se muestran en inglés`,
  pt: (m, t) => `Esta tradução está incompleta: ${m} de ${t} textos são exibidos em inglês`,
};

describe("HTML (and the PDF printed from it)", () => {
  test("the page is Spanish; an English area and paragraph carry lang=en and a visible mark", async () => {
    const page = renderHtml(withEnglishParagraph(), { lang: "es" });
    assert.match(page, /^<!DOCTYPE html>\n<html lang="es">/);
    const en = docs.en.areas[1];
    assert.ok(en);
    // 3.2 (Open data) has no Spanish: its title and objective are English, so marked.
    assert.ok(
      page.includes(
        `<span class="num">3.2)</span> <span lang="en">${en.title}</span> <span class="orig" lang="es">(en inglés)</span>`,
      ),
    );
    assert.ok(
      page.includes(
        `<strong>Objetivo:</strong> <span lang="en">${en.objective}</span> <span class="orig" lang="es">(en inglés)</span>`,
      ),
    );
    const p = docs.en.background[1] as string;
    assert.ok(
      page.includes(`<p lang="en">${p.slice(0, 40)}`),
      "the English paragraph says it is English",
    );
    // Spanish texts are neither wrapped nor marked.
    const es = docs.es.areas[0];
    assert.ok(es);
    assert.ok(page.includes(`<span class="num">3.1)</span> ${es.title}<a class="permalink"`));
    assert.ok(page.includes(`<p>${docs.es.background[0]?.slice(0, 40)}`));
    // Every English mark is inside the report's language again.
    assert.equal(
      [...page.matchAll(/<span class="orig" lang="es">\(en inglés\)<\/span>/g)].length,
      [...page.matchAll(/ lang="en"/g)].length,
    );
    const validator = new HtmlValidate({ extends: ["html-validate:recommended"] });
    const report = await validator.validateString(page, "report.es.html");
    assert.deepEqual(
      report.results.flatMap((r) => r.messages.map((m) => `${m.line}: ${m.message}`)),
      [],
    );
  });

  test("a status line written anew in Spanish keeps its English note, marked", () => {
    const page = renderHtml(docs.es, { lang: "es" });
    const a = docs.es.areas[1]?.activities[0];
    assert.ok(
      a?.status.note && docs.es.textLanguages?.["/areas/1/activities/0/status/note"] === "en",
    );
    const line = /<h4 id="a-3-2-1">[\s\S]*?<span class="status-line">([\s\S]*?)<\/dd>/.exec(
      page,
    )?.[1];
    assert.ok(line);
    assert.match(line, /^Ejecutado por otros medios\. <span lang="en">Executed through /);
    assert.match(line, /<\/span> <span class="orig" lang="es">\(en inglés\)<\/span><\/span>$/);
  });

  test("the first page says how incomplete the translation is, as core counts it", () => {
    const c = completeness(docs.es);
    assert.ok(c.translated > 0 && c.translated < c.total);
    const page = renderHtml(docs.es, { lang: "es" });
    const note = NOTES.es(c.total - c.translated, c.total);
    const at = page.indexOf(`<p class="incomplete" role="note"><strong>${note}</strong></p>`);
    assert.ok(at > 0, note);
    assert.ok(at < page.indexOf("<h1"), "before the title");
  });

  test("the English original has no marks and no note; Portuguese falls back on English", () => {
    const en = renderHtml(docs.en, { lang: "en" });
    assert.ok(!en.includes('class="orig"'));
    assert.ok(!en.includes('class="incomplete"'));
    assert.ok(!/ lang="(es|pt)"/.test(en.replace('<html lang="en">', "")));
    const pt = renderHtml(docs.pt, { lang: "pt" });
    assert.ok(pt.includes('<html lang="pt">'));
    const c = completeness(docs.pt);
    assert.equal(c.translated, 0);
    assert.ok(pt.includes(NOTES.pt(c.total, c.total)));
    assert.ok(pt.includes('<span class="orig" lang="pt">(em inglês)</span>'));
    assert.ok(!pt.includes('lang="es"'), "never the Spanish translation");
  });

  test("a hostile English fallback text stays escaped inside its lang span", () => {
    const es = structuredClone(docs.es);
    const area = es.areas[1];
    assert.ok(area);
    area.title = `<script>alert(1)</script> & "quoted"`;
    const page = renderHtml(es, { lang: "es" });
    assert.ok(
      page.includes(
        '<span lang="en">&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;</span>',
      ),
    );
    assert.ok(!page.includes("<script"));
  });
});

/** The parts of a .docx as text. */
async function docxParts(bytes: Uint8Array): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const out: Record<string, string> = {};
  for (const name of ["word/document.xml", "word/styles.xml", "word/footnotes.xml"]) {
    out[name] = (await zip.file(name)?.async("string")) ?? "";
  }
  return out;
}

/** The runs (`<w:r>…</w:r>`) of a part whose text includes `words`. */
const runsWith = (xml: string, words: string) =>
  [...xml.matchAll(/<w:r>(?:(?!<\/w:r>).)*<\/w:r>/gs)]
    .map((m) => m[0])
    .filter((r) => r.includes(words));

describe("DOCX", () => {
  test("the default language is Spanish; English runs carry w:lang en-US and a mark", async () => {
    const parts = await docxParts(await renderDocx(withEnglishParagraph(), { lang: "es" }));
    const doc = parts["word/document.xml"] as string;
    const styles = parts["word/styles.xml"] as string;
    assert.match(
      styles,
      /<w:docDefaults><w:rPrDefault><w:rPr>(?:(?!<\/w:rPr>).)*<w:lang w:val="es-ES"\/>/s,
    );
    const en = docs.en.areas[1];
    assert.ok(en);
    for (const words of [
      en.title,
      en.objective.slice(0, 40),
      docs.en.background[1]?.slice(0, 40),
    ]) {
      const runs = runsWith(doc, words as string);
      assert.ok(runs.length > 0, words);
      for (const r of runs) assert.match(r, /<w:lang w:val="en-US"\/>/, words);
    }
    assert.ok(doc.includes(">(en inglés)<") || doc.includes("> (en inglés)<"));
    // A Spanish run has no language of its own: it is the document's.
    const es = runsWith(doc, docs.es.areas[0]?.title as string);
    assert.ok(es.length > 0);
    for (const r of es) assert.doesNotMatch(r, /<w:lang /);
    // English footnotes too.
    const footnotes = parts["word/footnotes.xml"] as string;
    assert.match(footnotes, /<w:lang w:val="en-US"\/>/);
  });

  test("the incomplete note is on the first page, before the title", async () => {
    const c = completeness(docs.es);
    const doc = (await docxParts(await renderDocx(docs.es, { lang: "es" })))[
      "word/document.xml"
    ] as string;
    const note = NOTES.es(c.total - c.translated, c.total);
    const at = doc.indexOf(note);
    assert.ok(at > 0, note);
    assert.ok(at < doc.indexOf('w:val="Title"'));
  });

  test("English report of the English original: en-US default, no run of another language", async () => {
    const parts = await docxParts(await renderDocx(docs.en, { lang: "en" }));
    assert.match(parts["word/styles.xml"] as string, /<w:lang w:val="en-US"\/>/);
    assert.doesNotMatch(parts["word/document.xml"] as string, /<w:lang /);
    assert.ok(!(parts["word/document.xml"] as string).includes("incomplete"));
  });
});

describe("Markdown", () => {
  test("English texts are followed by a visible mark; the note opens the report", () => {
    const md = renderMarkdown(withEnglishParagraph(), { lang: "es" });
    const blocks = md.split("\n\n");
    const c = completeness(withEnglishParagraph());
    assert.equal(blocks[3], `**${NOTES.es(c.total - c.translated, c.total)}**`);
    const en = docs.en.areas[1];
    assert.ok(en);
    assert.ok(blocks.includes(`### 3.2) ${en.title} _(en inglés)_`));
    assert.ok(
      blocks.some(
        (b) =>
          b.startsWith(docs.en.background[1]?.slice(0, 30) as string) &&
          b.endsWith(" _(en inglés)_"),
      ),
    );
    assert.ok(blocks.includes(`### 3.1) ${docs.es.areas[0]?.title}`));
  });

  test("read back, the marks are not content: the texts come back as they were", () => {
    const doc = withEnglishParagraph();
    const again = parseTextReport(renderMarkdown(doc, { lang: "es" }), {
      fileName: "r.es.md",
    }).plan;
    assert.deepEqual(again.background, doc.background);
    assert.deepEqual(
      again.areas.map((a) => [a.title, a.objective, a.activities.map((x) => x.title)]),
      doc.areas.map((a) => [a.title, a.objective, a.activities.map((x) => x.title)]),
    );
  });

  test("a timing is said anew in Spanish; a wording no structure replaces stays, marked", () => {
    const doc = structuredClone(docs.es);
    const [a, b] = doc.areas[1]?.activities ?? [];
    assert.ok(a && b);
    a.planned = {
      ...a.planned,
      kind: "unspecified",
      start: null,
      end: null,
      count: null,
      text: "At the Assembly",
    };
    b.planned = { kind: "date", start: "2023-05-04", end: null, count: null, text: "May 4" };
    doc.textLanguages = {
      ...doc.textLanguages,
      "/areas/1/activities/0/planned/text": "en",
      "/areas/1/activities/1/planned/text": "en",
    };
    const blocks = renderMarkdown(doc, { lang: "es" }).split("\n\n");
    assert.ok(blocks.includes("Fecha: At the Assembly. _(en inglés)_"));
    assert.ok(blocks.includes("Fecha: 4 de mayo."));
  });

  test("content that imitates a mark stays content (it is escaped)", () => {
    const doc = structuredClone(docs.es);
    const area = doc.areas[0];
    assert.ok(area);
    area.title = "Servicios _(en inglés)_";
    const md = renderMarkdown(doc, { lang: "es" });
    assert.ok(md.includes("### 3.1) Servicios \\_(en inglés)\\_\n"));
    const again = parseTextReport(md, { fileName: "r.es.md" }).plan;
    assert.equal(again.areas[0]?.title, "Servicios _(en inglés)_");
  });

  for (const lang of ["en", "es", "pt"] as const) {
    test(`the ${lang} note is there exactly when texts are missing`, () => {
      const md = renderMarkdown(docs[lang], { lang });
      const c = completeness(docs[lang]);
      if (lang === "en") assert.ok(!md.includes("incomplete"));
      else assert.ok(md.includes(`**${NOTES[lang](c.total - c.translated, c.total)}**`));
    });
  }
});

describe("IATI", () => {
  const XSD = fileURLToPath(new URL("../schema/iati/iati-activities-schema.xsd", import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), "workplan-iati-lang-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const org = { ref: "XI-WORKPLAN-GEALC", type: "40", name: "Red GEALC" };
  const iati = () =>
    renderIati(docs.es, { reportingOrg: org, baseUrl: "https://workplan.example.org" });
  const activity = (xml: string, code: string) =>
    xml.split("<iati-activity").find((s) => s.includes(`-gealc-2023-${code}<`)) ?? "";

  test("activities are Spanish; each narrative names its text's language", () => {
    const xml = iati();
    const all = [...xml.matchAll(/<iati-activity xml:lang="(\w+)"/g)].map((m) => m[1]);
    assert.ok(all.length > 0 && all.every((l) => l === "es"));
    const narratives = [...xml.matchAll(/<narrative( xml:lang="(\w+)")?>/g)];
    assert.ok(
      narratives.every((m) => m[2] === "es" || m[2] === "en"),
      "every narrative has xml:lang",
    );
    // 3.1.1 is translated; 3.2.1 is not: its title narrative is English.
    const es = docs.es.areas[0]?.activities[0];
    assert.ok(es);
    assert.match(
      activity(xml, "3.1.1"),
      new RegExp(`<title>\\s*<narrative xml:lang="es">3\\.1\\.1 ${es.title}`),
    );
    const en = docs.en.areas[1]?.activities[0];
    assert.ok(en);
    assert.ok(
      activity(xml, "3.2.1").includes(`<narrative xml:lang="en">3.2.1 ${en.title}</narrative>`),
    );
    // The objective of 3.2 is English: its description has an English narrative.
    assert.match(activity(xml, "3.2.1"), /<description type="2">\s*<narrative xml:lang="en">/);
    // The network's Spanish name.
    assert.ok(xml.includes('<narrative xml:lang="es">Red GEALC</narrative>'));
  });

  test("still valid IATI 2.03 (xmllint against the official XSD)", {
    skip: needs("xmllint"),
  }, () => {
    const file = join(dir, "es.xml");
    writeFileSync(file, iati());
    execFileSync(toolPath("xmllint"), ["--noout", "--schema", XSD, file], { stdio: "pipe" });
  });

  test("a hostile English text is escaped in its narrative", () => {
    const es = structuredClone(docs.es);
    const a = es.areas[1]?.activities[0];
    assert.ok(a);
    a.title = `</narrative><script>x</script> & "q"`;
    const xml = renderIati(es, { reportingOrg: org, baseUrl: "https://workplan.example.org" });
    assert.ok(
      xml.includes(
        '<narrative xml:lang="en">3.2.1 &lt;/narrative&gt;&lt;script&gt;x&lt;/script&gt; &amp; &quot;q&quot;</narrative>',
      ),
    );
  });
});

describe("ICS", () => {
  test("texts in another language than the calendar's carry LANGUAGE=; ical.js reads them", () => {
    const ics = renderIcs(docs.es, {
      scope: "plan",
      baseUrl: "https://workplan.example.org",
      stamp: new Date("2023-12-01T12:00:00Z"),
    });
    const cal = new ICAL.Component(ICAL.parse(ics));
    const events = cal.getAllSubcomponents("vevent");
    assert.ok(events.length > 0);
    const byCode = (code: string) =>
      events.find((v) => String(v.getFirstPropertyValue("summary")).startsWith(`${code} `));
    // 3.1.1 is Spanish: no LANGUAGE on its summary.
    const es = byCode("3.1.1");
    assert.ok(es);
    assert.equal(es.getFirstProperty("summary")?.getParameter("language"), undefined);
    assert.equal(
      es.getFirstPropertyValue("summary"),
      `3.1.1 ${docs.es.areas[0]?.activities[0]?.title}`,
    );
    // An English title in the Spanish calendar says so.
    const english = events.filter(
      (v) => v.getFirstProperty("summary")?.getParameter("language") === "en",
    );
    assert.ok(english.length > 0);
    const en = docs.en.areas[1]?.activities.find((a) =>
      english.some((v) => v.getFirstPropertyValue("summary") === `${a.code} ${a.title}`),
    );
    assert.ok(en, "an English activity of 3.2 is in the calendar, marked en");
    // Descriptions are the status line in Spanish when the status has no Spanish wording.
    const planned = events.find((v) =>
      String(v.getFirstPropertyValue("description")).startsWith("A realizarse"),
    );
    assert.ok(planned, "a status line written anew in Spanish");
    assert.ok(ics.includes("PRODID:-//workplan//workplan//ES"));
  });
});

describe("ICS: hostile text", () => {
  test("an English title with line breaks and property names stays one escaped SUMMARY", () => {
    const es = structuredClone(docs.es);
    const area = es.areas[1];
    const a = area?.activities.find(
      (x) => x.status.when?.kind === "date" || x.planned.kind === "date",
    );
    assert.ok(a, "an English activity on a known day");
    a.title = "Evil\r\nSUMMARY:forged\nLOCATION;LANGUAGE=xx:here, too; really";
    const ics = renderIcs(es, { scope: "plan", baseUrl: "https://w.example", stamp: new Date(0) });
    const events = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents("vevent");
    const mine = events.filter((v) => String(v.getFirstPropertyValue("summary")).includes("Evil"));
    assert.ok(mine.length > 0);
    for (const v of mine) {
      assert.equal(v.getAllProperties("summary").length, 1);
      assert.equal(
        v.getFirstPropertyValue("summary"),
        `${a.code} ${a.title.replace(/\r\n/g, "\n")}`,
      );
      assert.equal(v.getFirstProperty("summary")?.getParameter("language"), "en");
    }
    assert.ok(!/^SUMMARY:forged/m.test(ics));
  });
});

describe("CSV", () => {
  test("each row names its language and the text columns shown in another", () => {
    const rows: string[][] = parseCsv(renderCsv(docs.es, "activities"), {
      record_delimiter: "\r\n",
    });
    const [header, ...body] = rows;
    assert.ok(header);
    const col = (name: string) => header.indexOf(name);
    assert.deepEqual(header.slice(-2), ["language", "untranslated"]);
    const row = (code: string) => body.find((r) => r[col("code")] === code) ?? [];
    assert.equal(row("3.1.1")[col("language")], "es");
    assert.equal(row("3.1.1")[col("untranslated")], "");
    assert.match(row("3.2.1")[col("untranslated")] ?? "", /\barea_title:en\b.*\btitle:en\b/);
    const sources: string[][] = parseCsv(renderCsv(docs.es, "sources"), {
      record_delimiter: "\r\n",
    });
    assert.ok(sources.some((r) => r.at(-1) === "text:en"));
    const en: string[][] = parseCsv(renderCsv(docs.en, "activities"), {
      record_delimiter: "\r\n",
    });
    assert.ok(en.slice(1).every((r) => r.at(-2) === "en" && r.at(-1) === ""));
  });
});

/** The first page of a PDF as text, with its lines joined (a note may wrap). */
function firstPage(file: string): string {
  return execFileSync(toolPath("pdftotext"), ["-f", "1", "-l", "1", file, "-"], {
    encoding: "utf8",
  }).replace(/\s+/g, " ");
}

describe("printed: the Spanish report as PDF", () => {
  const dir = mkdtempSync(join(tmpdir(), "workplan-lang-print-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("from HTML in Chromium: the note on page 1, the marks in the text", {
    skip: needs("chromium", "pdftotext"),
  }, async () => {
    const file = join(dir, "from-html.es.pdf");
    const html = renderHtml(docs.es, { lang: "es" });
    writeFileSync(file, await renderPdf(html, { chromiumPath: toolPath("chromium") }));
    const c = completeness(docs.es);
    assert.ok(firstPage(file).includes(NOTES.es(c.total - c.translated, c.total)));
    const all = execFileSync(toolPath("pdftotext"), [file, "-"], { encoding: "utf8" });
    assert.match(all, /Open data \(en inglés\)/);
  });

  test("from DOCX in LibreOffice: the note on page 1, the marks in the text", {
    skip: needs("soffice", "pdftotext"),
  }, async () => {
    writeFileSync(join(dir, "report.es.docx"), await renderDocx(docs.es, { lang: "es" }));
    execFileSync(
      toolPath("soffice"),
      [
        `-env:UserInstallation=${pathToFileURL(join(dir, "profile")).href}`,
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        dir,
        join(dir, "report.es.docx"),
      ],
      { stdio: "pipe", timeout: 120_000 },
    );
    const c = completeness(docs.es);
    assert.ok(
      firstPage(join(dir, "report.es.pdf")).includes(NOTES.es(c.total - c.translated, c.total)),
    );
    const all = execFileSync(toolPath("pdftotext"), [join(dir, "report.es.pdf"), "-"], {
      encoding: "utf8",
    });
    assert.match(all, /Open data \(en inglés\)/);
  });
});
