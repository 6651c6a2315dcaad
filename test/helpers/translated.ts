/**
 * The GEALC 2023 example as the example database serves it in Spanish: the English plan with
 * the Spanish extract (examples/) attached as a partial translation, read back in Spanish,
 * so each untranslated text falls back on English and is listed in `textLanguages`. Made
 * through the real use cases on a temporary SQLite database, once per process.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { attachTranslation } from "../../src/app/attach-translation.ts";
import { getPlanDocument } from "../../src/app/get-plan-document.ts";
import { importReport } from "../../src/app/import-report.ts";
import type { Language, PlanDocument } from "../../src/core/plan.ts";
import { loadPlan } from "../../src/import/load-plan.ts";
import { admin, editor, openTestDb, testDeps, viewer } from "./db.ts";
import { gealcPlan } from "./plans.ts";

const EXTRACT = "examples/gealc-2023/extracto-informe-2023.es.txt";

let made: Promise<Record<Language, PlanDocument>> | undefined;

/** The example plan read in en, es and pt after the Spanish extract was attached. */
export function translatedGealc(): Promise<Record<Language, PlanDocument>> {
  made ??= make();
  return made;
}

async function make(): Promise<Record<Language, PlanDocument>> {
  const plan = gealcPlan();
  assert.ok(plan, "examples/gealc-2023/plan.json");
  const { handle, cleanup } = await openTestDb("sqlite");
  try {
    await importReport(testDeps(handle.db, admin), { document: plan });
    const bytes = readFileSync(new URL(`../../${EXTRACT}`, import.meta.url));
    const spanish = loadPlan(bytes, "extracto-informe-2023.es.txt").plan;
    await attachTranslation(testDeps(handle.db, editor), {
      network: "gealc",
      year: 2023,
      document: spanish,
      fileName: EXTRACT,
      partial: true,
    });
    const read = async (lang: Language) =>
      (await getPlanDocument(testDeps(handle.db, viewer), { network: "gealc", year: 2023, lang }))
        .document;
    return { en: await read("en"), es: await read("es"), pt: await read("pt") };
  } finally {
    await handle.close();
    await cleanup();
  }
}
