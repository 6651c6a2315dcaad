/**
 * The report writer and the text importer agree: the seed report, imported, written as
 * Markdown and imported again, gives back the same plan document.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import type { PlanDocument, Timing } from "../core/plan.ts";
import { parseTextReport } from "../import/parse-text-report.ts";
import { renderMarkdown } from "./markdown.ts";

const SEED = new URL(
  "../../examples/gealc-2023/gealc-2023-work-plan-report.en.txt",
  import.meta.url,
);

function importSeed(): PlanDocument {
  return parseTextReport(readFileSync(SEED), { fileName: "gealc-2023-work-plan-report.en.txt" })
    .plan;
}

test("seed -> plan -> English Markdown -> plan: the same document", () => {
  const plan = importSeed();
  const md = renderMarkdown(plan, { lang: "en" });
  const again = parseTextReport(md, { fileName: "report.en.md" }).plan;
  assert.deepStrictEqual(again, plan);
});

/**
 * What a report in another language may word differently: the wordings the writer
 * generates from structured fields when the report's language is not the plan's
 * (timings, status lines, the distribution note, the title) and the document's language.
 * Everything else — content, codes, structure, footnotes, timings' windows, status codes,
 * occurrences, sources — must come back unchanged.
 */
function withoutWordings(plan: PlanDocument): unknown {
  const timing = (t: Timing) => ({ ...t, text: null });
  return {
    ...plan,
    language: null,
    distribution: null,
    title: null,
    areas: plan.areas.map((a) => ({
      ...a,
      activities: a.activities.map((x) => ({
        ...x,
        planned: timing(x.planned),
        status: {
          ...x.status,
          text: null,
          when: x.status.when === null ? null : timing(x.status.when),
        },
        occurrences: x.occurrences.map((o) => ({ ...o, when: timing(o.when) })),
      })),
    })),
    annex: plan.annex.map((i) => ({ ...i, when: timing(i.when) })),
  };
}

test("seed -> plan -> Spanish-labelled Markdown -> plan: the same but for generated wordings", () => {
  const plan = importSeed();
  const md = renderMarkdown(plan, { lang: "es" });
  const again = parseTextReport(md, { fileName: "report.es.md" }).plan;
  assert.equal(again.language, "es");
  assert.deepStrictEqual(withoutWordings(again), withoutWordings(plan));
});

/**
 * Content with Markdown syntax in it is written escaped (`snake\_case`); the importer has
 * to undo that with unescapeMarkdown for Markdown input. Every activity is kept so that
 * no source goes uncited (an uncited source would be renumbered to the end).
 */
test("Markdown-special content survives the round trip", () => {
  const plan = importSeed();
  const area = plan.areas[0];
  const first = area?.activities[0];
  assert.ok(area && first);
  const nasty: PlanDocument = {
    ...plan,
    areas: [
      {
        ...area,
        objective: "Use *stars*, snake_case, `code` & <b>tags</b> [sic]",
        activities: [
          { ...first, title: "1. C# <script>alert(1)</script> [draft]" },
          ...area.activities.slice(1),
        ],
      },
      ...plan.areas.slice(1),
    ],
  };
  const again = parseTextReport(renderMarkdown(nasty), { fileName: "nasty.md" }).plan;
  assert.deepStrictEqual(again, nasty);
});
