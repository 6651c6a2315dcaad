import assert from "node:assert/strict";
import { test } from "node:test";
import { reportPlan } from "../../test/fixtures/render/report-plan.ts";
import { renumberCitations } from "../core/citations.ts";
import type { Language, PlanDocument } from "../core/plan.ts";
import { formatStatusLine } from "../core/status.ts";
import { formatTiming } from "../core/timing.ts";
import { escapeMarkdown, renderMarkdown, unescapeMarkdown } from "./markdown.ts";
import { upperFirst, withPeriod } from "./report.ts";

const EXPECTED_EN = `For PUBLIC distribution

(once approved)

ORIGINAL: SPANISH

XVII GEALC Network Annual Assembly

November 21, 2023

# 2023 WORK PLAN Report

## 1. Background

In accordance with the bylaws, the Executive Committee must prepare the Annual Work Plan.

1\\. Not a list: \\*stars\\*, snake\\_case, \\\`code\\\`, \\<b\\>tags\\</b\\>, \\[brackets\\] and a trailing \\#

## 2) Purpose

The Annual Work Plan is the tool that organizes actions[^1].

[^1]: Source: Red GEALC Bylaws: <https://www.redgealc.org/estatutos/>

## 3) Work areas

### 3.1) Cross-border services

Objective: To generate capacity & support cross-border services.

#### 3.1.1) Webinar \\<script\\>alert(1)\\</script\\>.

Location: Brasilia.

Date: September 19.

Executed[^2].

#### 3.1.2) Working group meetings.

Location: Virtual meetings.

Date: Quarterly (4 a year).

Executed (May [^3], June [^4]).

[^2]: <https://example.org/a_b_c>

[^3]: https://example.org/may_2023.pdf

[^4]: www.example.org/june

### 3.2) Open data

#### 3.2.1) Joint meetings[^5].

Location: Virtual.

Date: 2nd. semester.

In progress.

#### 3.2.2) Should we meet again?

[^5]: The meetings of both groups (3.2.2) will be held jointly.

### 3.3) Annex

Some activities not foreseen in the original Work Plan document.

January: Exchange on digital services[^6].

March: Technical visit[^7] and follow-up[^3].

[^6]: \\<javascript:alert(1)\\>

[^7]: Photo gallery: <https://example.org/gallery?a=1&b=2>

[^8]: A remark nobody cites.
`;

test("English report: the seed's structure and order, footnotes renumbered in citation order", () => {
  assert.equal(renderMarkdown(reportPlan), EXPECTED_EN);
  assert.equal(renderMarkdown(reportPlan, { lang: "en" }), EXPECTED_EN);
});

test("an activity with no location, no timing and no status line gets none of those lines", () => {
  const md = renderMarkdown(reportPlan);
  const after = md.slice(md.indexOf("#### 3.2.2)"));
  const next = after.slice(after.indexOf("\n\n") + 2);
  assert.ok(next.startsWith("[^5]: "), next.slice(0, 40));
});

test("draft option: hidden when false, the label when the plan has no note of its own", () => {
  assert.ok(!renderMarkdown(reportPlan, { draft: false }).includes("distribution"));
  const noNote: PlanDocument = { ...reportPlan, distribution: null };
  assert.ok(renderMarkdown(noNote).startsWith("ORIGINAL: SPANISH\n"));
  assert.ok(
    renderMarkdown(noNote, { draft: true }).startsWith(
      "For PUBLIC distribution\n\n(once approved)\n\nORIGINAL",
    ),
  );
});

test("without presentedAt there is no assembly line and no date", () => {
  const md = renderMarkdown({ ...reportPlan, presentedAt: null });
  assert.ok(!md.includes("Assembly"));
  assert.ok(!md.includes("2023\n\n# "));
  assert.ok(md.includes("ORIGINAL: SPANISH\n\n# 2023 WORK PLAN Report\n"));
});

const HEADERS: Record<Exclude<Language, "en">, string[]> = {
  es: [
    "Para distribución PÚBLICA",
    "(una vez aprobado)",
    "ORIGINAL: ESPAÑOL",
    "**Esta traducción está incompleta: 39 de 39 textos se muestran en inglés**",
    "XVII Asamblea Anual de la GEALC Network _(en inglés)_",
    "21 de noviembre de 2023",
    "# Informe del PLAN DE TRABAJO 2023",
    "## 1. Antecedentes",
  ],
  pt: [
    "Para distribuição PÚBLICA",
    "(uma vez aprovado)",
    "ORIGINAL: ESPANHOL",
    "**Esta tradução está incompleta: 39 de 39 textos são exibidos em inglês**",
    "XVII Assembleia Anual da GEALC Network _(em inglês)_",
    "21 de novembro de 2023",
    "# Relatório do PLANO DE TRABALHO 2023",
    "## 1. Antecedentes",
  ],
};
const LABELS = {
  es: {
    purpose: "Propósito",
    areas: "Áreas de trabajo",
    annex: "Anexo",
    loc: "Lugar",
    date: "Fecha",
    mark: " _(en inglés)_",
  },
  pt: {
    purpose: "Propósito",
    areas: "Áreas de trabalho",
    annex: "Anexo",
    loc: "Local",
    date: "Data",
    mark: " _(em inglês)_",
  },
};

for (const lang of ["es", "pt"] as const) {
  test(`${lang} labels; content as stored and marked; timings and status lines generated in ${lang}`, () => {
    const md = renderMarkdown(reportPlan, { lang });
    const blocks = md.trimEnd().split("\n\n");
    assert.deepEqual(blocks.slice(0, 8), HEADERS[lang]);
    const l = LABELS[lang];
    assert.ok(blocks.includes(`## 2) ${l.purpose}`));
    assert.ok(blocks.includes(`## 3) ${l.areas}`));
    assert.ok(blocks.includes(`### 3.3) ${l.annex}`));
    // Content stays as written (the plan is in English), each text marked as English.
    assert.ok(
      blocks.includes(`Objetivo: To generate capacity & support cross-border services.${l.mark}`),
    );
    assert.ok(blocks.includes(`${l.loc}: Virtual meetings.${l.mark}`));
    const a = reportPlan.areas[0]?.activities[1];
    assert.ok(a);
    const i = blocks.indexOf(`#### 3.1.2) Working group meetings.${l.mark}`);
    assert.equal(
      blocks[i + 2],
      `${l.date}: ${withPeriod(upperFirst(formatTiming(a.planned, lang), lang))}`,
    );
    // Status lines are generated, then renumbered like every other text.
    const line = renumberCitations(
      formatStatusLine({ status: a.status, occurrences: a.occurrences }, lang),
      new Map([
        [7, 3],
        [5, 4],
      ]),
    );
    assert.equal(blocks[i + 3], escapeMarkdown(line));
    // The activity with nothing to say still has no status line.
    const j = blocks.indexOf(`#### 3.2.2) Should we meet again?${l.mark}`);
    assert.equal(
      blocks[j + 1],
      `[^5]: The meetings of both groups (3.2.2) will be held jointly.${l.mark}`,
    );
    // A footnote that is only a link has no words to mark.
    assert.ok(blocks.includes("[^2]: <https://example.org/a_b_c>"));
    assert.ok(blocks.includes("[^4]: www.example.org/june"));
    // Annex items are worded from their timing.
    const item = reportPlan.annex[0];
    assert.ok(item);
    assert.ok(
      blocks.includes(
        withPeriod(
          `${upperFirst(formatTiming(item.when, lang), lang)}: Exchange on digital services[^6]`,
        ) + l.mark,
      ),
    );
  });
}

test("footnote numbering follows the rendered document even when ids are out of order", () => {
  const md = renderMarkdown(reportPlan);
  const refs = [...md.matchAll(/\[\^(\d+)\](?!:)/g)].map((m) => Number(m[1]));
  const firsts = refs.filter((n, i) => refs.indexOf(n) === i);
  assert.deepEqual(firsts, [1, 2, 3, 4, 5, 6, 7]);
  const defs = [...md.matchAll(/^\[\^(\d+)\]:/gm)].map((m) => Number(m[1]));
  assert.deepEqual(defs, [1, 2, 3, 4, 5, 6, 7, 8]);
});

test("a marker naming no source still gets a number and a definition saying so", () => {
  const plan: PlanDocument = { ...reportPlan, purpose: ["Dangling[^42]."], sources: [] };
  const md = renderMarkdown(plan);
  assert.ok(md.includes("Dangling[^1].\n\n[^1]: Source not found.\n"));
});

test("the annex takes the number after the highest area number", () => {
  const gap: PlanDocument = {
    ...reportPlan,
    areas: reportPlan.areas
      .map((a, i) => ({ ...a, code: i === 1 ? "3.5" : a.code }))
      .map((a) => ({
        ...a,
        activities: a.activities.map((x) => ({ ...x, code: `${a.code}.${x.code.split(".")[2]}` })),
      })),
  };
  assert.ok(renderMarkdown(gap).includes("\n### 3.6) Annex\n"));
});

const NASTY = [
  "",
  "plain",
  "\\",
  "\\\\*",
  "a\\[^3]",
  "[^3]",
  "[^3][^x]",
  "[^ 3]",
  "# heading",
  "  - item",
  "+ plus",
  "12. twelve",
  "3) three",
  "> quote",
  "line\n# two\n-three\n 1) four",
  "*_`<>[]",
  "\\# not escaped before",
  "&amp; &#38; &x &",
  "C #",
  "ends with \\",
  "1\\.",
  "ñ ü 😀 \u0000 \t",
  "<script>alert(1)</script>",
  "[link](javascript:alert(1))",
];

test("unescapeMarkdown(escapeMarkdown(s)) === s", () => {
  for (const s of NASTY) assert.equal(unescapeMarkdown(escapeMarkdown(s)), s, JSON.stringify(s));
  // Random strings over the characters that matter.
  const alphabet = [
    "\\",
    "*",
    "_",
    "`",
    "<",
    ">",
    "[",
    "]",
    "^",
    "#",
    "-",
    "+",
    ".",
    ")",
    "&",
    ";",
    "1",
    "a",
    " ",
    "\n",
  ];
  let seed = 7;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let n = 0; n < 2000; n++) {
    let s = "";
    const len = Math.floor(rand() * 16);
    for (let i = 0; i < len; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
    assert.equal(unescapeMarkdown(escapeMarkdown(s)), s, JSON.stringify(s));
  }
});

test("escapeMarkdown keeps citation markers and escapes Markdown syntax", () => {
  assert.equal(escapeMarkdown("Title[^12] *x*"), "Title[^12] \\*x\\*");
  assert.equal(
    escapeMarkdown("# a\n- b\n+ c\n10. d\n2) e"),
    "\\# a\n\\- b\n\\+ c\n10\\. d\n2\\) e",
  );
  assert.equal(escapeMarkdown("AT&amp;T & co"), "AT\\&amp;T & co");
  assert.equal(escapeMarkdown("C #"), "C \\#");
  assert.equal(escapeMarkdown("[^x]"), "\\[^x\\]");
});
