/**
 * Security suite: hostile text stays inert in every format. CSV cells that a spreadsheet
 * would run as formulas are neutralised (numbers stay numbers); the Markdown writer emits
 * only http(s) URLs and no text becomes a link or an image, also for Markdown imported and
 * exported again; footnote markers stay as they are and documents still round-trip.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Parser } from "commonmark";
import { parse } from "csv-parse/sync";
import type { PlanDocument } from "../../src/core/plan.ts";
import { parseTextReport } from "../../src/import/parse-text-report.ts";
import { renderCsv } from "../../src/render/csv.ts";
import { renderMarkdown } from "../../src/render/markdown.ts";
import { gealcPlan, smallPlan } from "../helpers/plans.ts";

const FORMULAS = [
  '=HYPERLINK("http://evil.example","x")',
  '=cmd|"/C calc"!A0',
  "+SUM(1,2)",
  "-2+3",
  "@SUM(A1)",
  "\tTabbed",
  "\rReturned",
];

/** The small plan with hostile texts where people type them. */
function hostilePlan(): PlanDocument {
  const plan = smallPlan();
  const area = plan.areas[0];
  const activity = area?.activities[0];
  const source = plan.sources.find((s) => s.id === 7);
  assert.ok(area && activity && source);
  activity.title = FORMULAS[0] as string;
  source.text = FORMULAS[1] as string;
  source.label = FORMULAS[2] as string;
  source.note = FORMULAS[3] as string;
  area.title = `${FORMULAS[4]} [click](javascript:alert(1)) ![img](http://evil.example/i.png)`;
  const second = area.activities[1];
  assert.ok(second);
  second.title = "<javascript:alert(2)> <b>bold</b> [ref]: javascript:alert(3)";
  const withUrl = plan.sources.find((s) => s.id === 2);
  assert.ok(withUrl);
  withUrl.text = "https://ok.example/[X](javascript:alert(1)) and <javascript:alert(4)>";
  return plan;
}

/** Every link and image destination a CommonMark renderer would make of `md`. */
function destinations(md: string): { links: string[]; images: number } {
  const walker = new Parser().parse(md).walker();
  const links: string[] = [];
  let images = 0;
  for (let e = walker.next(); e; e = walker.next()) {
    if (!e.entering) continue;
    if (e.node.type === "link") links.push(e.node.destination ?? "");
    if (e.node.type === "image") images++;
  }
  return { links, images };
}

const rows = (csv: string): string[][] => parse(csv, { record_delimiter: "\r\n" });

describe("security: CSV cells never run as formulas", () => {
  const plan = hostilePlan();
  for (const table of ["activities", "sources"] as const) {
    test(`${table}.csv: text cells beginning with = + - @ tab or CR start with '`, () => {
      const cells = rows(renderCsv(plan, table)).flat();
      for (const c of cells) assert.doesNotMatch(c, /^[=+\-@\t\r]/, JSON.stringify(c));
    });
  }

  test("the hostile texts are all there, each behind one '", () => {
    const all = [
      ...rows(renderCsv(plan, "activities")),
      ...rows(renderCsv(plan, "sources")),
    ].flat();
    for (const f of FORMULAS.slice(0, 4)) assert.ok(all.includes(`'${f}`), f);
  });

  test("numbers stay numbers", () => {
    const [header, first] = rows(renderCsv(plan, "activities"));
    assert.ok(header && first);
    assert.equal(first[header.indexOf("year")], "2023");
    assert.match(first[header.indexOf("occurrences")] ?? "", /^\d+$/);
    const [sh, s1] = rows(renderCsv(plan, "sources"));
    assert.match(s1?.[sh?.indexOf("id") ?? -1] ?? "", /^\d+$/);
  });

  test("a negative number written as text is still neutralised; harmless text is untouched", () => {
    const p = smallPlan();
    const a = p.areas[0]?.activities[0];
    assert.ok(a);
    a.title = "Plain title = fine";
    const [h, r] = rows(renderCsv(p, "activities"));
    assert.equal(r?.[h?.indexOf("title") ?? -1], "Plain title = fine");
  });
});

describe("security: Markdown carries no live link but http(s), and no image", () => {
  for (const lang of ["en", "es", "pt"] as const) {
    test(`the hostile plan's ${lang} report: only http(s) destinations, no images`, () => {
      const md = renderMarkdown(hostilePlan(), { lang });
      const { links, images } = destinations(md);
      assert.equal(images, 0);
      for (const href of links) assert.match(href, /^https?:\/\//i, href);
      assert.doesNotMatch(md, /[^\\]\]\(javascript:/i);
    });
  }

  test("footnote markers [^N] are written as they are", () => {
    const md = renderMarkdown(smallPlan(), { lang: "en" });
    assert.match(md, /\[\^1\]/);
    assert.match(md, /^\[\^1\]: /m);
    assert.doesNotMatch(md, /\\\[\^\d+\\\]/);
  });

  test("the hostile plan comes back from its own Markdown with every hostile text intact", () => {
    const plan = hostilePlan();
    const again = parseTextReport(renderMarkdown(plan, { lang: "en" }), {
      fileName: "report.en.md",
    }).plan;
    assert.equal(again.areas[0]?.title, plan.areas[0]?.title);
    assert.equal(again.areas[0]?.activities[1]?.title, plan.areas[0]?.activities[1]?.title);
    const text = (p: PlanDocument, id: number) => p.sources.find((s) => s.id === id);
    assert.ok(text(again, 2)?.text?.includes("https://ok.example/[X](javascript:alert(1))"));
  });

  test("seed -> Markdown -> plan: still the same document", () => {
    const plan = gealcPlan();
    assert.ok(plan, "examples/gealc-2023/plan.json: the seed report as imported");
    const again = parseTextReport(renderMarkdown(plan, { lang: "en" }), {
      fileName: "report.en.md",
    }).plan;
    assert.deepStrictEqual(again, plan);
  });

  test("Markdown written by someone else, with live javascript: links, is inert once exported", () => {
    const md = renderMarkdown(smallPlan(), { lang: "en" })
      .replace(
        /^\[\^2\]: .*$/m,
        "[^2]: [X](javascript:alert(1)) <javascript:alert(2)> ![i](http://evil.example/i.png)",
      )
      .replace(
        /^(#### 3\.1\.2\) ).*$/m,
        "$1[Click](javascript:alert(3)) ![p](https://evil.example/p.png)",
      );
    assert.ok(
      destinations(md).links.some((l) => l.startsWith("javascript:")),
      "hostile input",
    );
    const imported = parseTextReport(md, { fileName: "hostile.en.md" }).plan;
    const out = renderMarkdown(imported, { lang: "en" });
    const { links, images } = destinations(out);
    assert.equal(images, 0);
    // A renderer without footnotes reads the one-word footnote "[^7]: www.redGEALC.org" as
    // a link definition (a relative link): no scheme at all, never a script.
    for (const href of links) assert.match(href, /^(https?:\/\/|www\.)/i, href);
    assert.ok(!links.some((l) => /^\s*(javascript|data|vbscript):/i.test(l)));
  });
});
