/**
 * footnoteNumbers walks the document as buildReport does without writing the report (the
 * portal numbers every page's footnotes with it): its numbers must be the report's, for
 * every document and language, whatever its texts are shown in and whatever its statuses cite.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { reportPlan } from "../../test/fixtures/render/report-plan.ts";
import { translatableTexts } from "../core/language.ts";
import { LANGUAGES, type PlanDocument } from "../core/plan.ts";
import { parseTextReport } from "../import/parse-text-report.ts";
import { buildReport, footnoteNumbers } from "./report.ts";

const read = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8");

function documents(): [string, PlanDocument][] {
  const out: [string, PlanDocument][] = [
    ["gealc example", JSON.parse(read("../../examples/gealc-2023/plan.json")) as PlanDocument],
    ["small", JSON.parse(read("../../test/fixtures/plan-small.json")) as PlanDocument],
    ["report fixture", reportPlan],
  ];
  for (const file of [
    "cppn-2024-work-plan-report.en.md",
    "informe-2024.es.txt",
    "relatorio-2024.pt.md",
    "rlrn-2024-relatorio-plano-de-trabalho.pt.txt",
  ]) {
    const parsed = parseTextReport(read(`../../test/fixtures/text/${file}`), { fileName: file });
    out.push([file, parsed.plan]);
  }
  return out;
}

/** The document with every text shown in another language (all written anew in reports). */
function untranslated(doc: PlanDocument): PlanDocument {
  const other = LANGUAGES.find((l) => l !== doc.language) ?? doc.language;
  const textLanguages = Object.fromEntries(translatableTexts(doc).map((t) => [t.pointer, other]));
  return { ...doc, textLanguages };
}

/** The document with its statuses citing: sources, markers in notes, dates and occurrences. */
function citing(doc: PlanDocument): PlanDocument {
  const ids = doc.sources.map((s) => s.id);
  let k = 0;
  const next = () => ids[k++ % Math.max(1, ids.length)] ?? 1;
  return {
    ...doc,
    areas: doc.areas.map((area) => ({
      ...area,
      activities: area.activities.map((a, i) => ({
        ...a,
        planned: i % 3 === 0 ? { ...a.planned, text: `${a.planned.text} [^${next()}]` } : a.planned,
        status: {
          ...a.status,
          sources: i % 2 === 0 ? [next(), next()] : a.status.sources,
          note: i % 4 === 1 ? `${a.status.note ?? "A note"} [^${next()}]` : a.status.note,
        },
        occurrences: a.occurrences.map((o) => ({ ...o, sources: [next()] })),
      })),
    })),
  };
}

test("footnoteNumbers gives the report's numbers, in its order, for every document and language", () => {
  let compared = 0;
  for (const [name, base] of documents()) {
    for (const doc of [base, untranslated(base), citing(base), untranslated(citing(base))]) {
      for (const lang of LANGUAGES) {
        const want = [...buildReport(doc, { lang }).numbers];
        assert.deepEqual([...footnoteNumbers(doc, lang)], want, `${name} in ${lang}`);
        if (want.length > 0) compared++;
      }
    }
  }
  assert.ok(compared >= 40, `only ${compared} numbered documents compared`);
});
