import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { it } from "node:test";
import {
  admin,
  editor,
  forEachDialect,
  snapshot,
  testDeps,
  viewer,
} from "../../test/helpers/db.ts";
import { gealcPlan as maybeGealc } from "../../test/helpers/plans.ts";
import { completeness } from "../core/language.ts";
import { lineFinder } from "../import/line-finder.ts";
import { loadPlan } from "../import/load-plan.ts";
import { attachTranslation } from "./attach-translation.ts";
import { getPlanDocument } from "./get-plan-document.ts";
import { importReport } from "./import-report.ts";

const FILE = "examples/gealc-2023/extracto-informe-2023.es.txt";
const bytes = readFileSync(new URL(`../../${FILE}`, import.meta.url));
const spanish = () => loadPlan(bytes, "extracto.es.txt").plan;
const key = { network: "gealc", year: 2023 };
const gealcPlan = () => {
  const doc = maybeGealc();
  assert.ok(doc, "examples/gealc-2023/plan.json");
  return doc;
};

forEachDialect("attach-translation", (t) => {
  it("attaches the Spanish extract to the English plan, text by text", async () => {
    await importReport(testDeps(t.db, admin), { document: gealcPlan() });
    const r = await attachTranslation(testDeps(t.db, editor), {
      ...key,
      document: spanish(),
      fileName: FILE,
    });
    assert.equal(r.language, "es");
    assert.deepEqual(r.mismatches, []);
    assert.ok(r.attached > 100);
    const en = await getPlanDocument(testDeps(t.db, viewer), key);
    assert.deepStrictEqual(en.document, gealcPlan());
    const es = (await getPlanDocument(testDeps(t.db, viewer), { ...key, lang: "es" })).document;
    assert.equal(es.language, "es");
    assert.equal(es.network.name, "Red GEALC");
    assert.equal(
      es.areas[0]?.activities[0]?.title,
      "Webinar regional de firma digital transfronteriza",
    );
    assert.equal(es.textLanguages?.["/areas/0/activities/0/title"], undefined);
    assert.equal(es.textLanguages?.["/areas/1/title"], "en");
    const c = completeness(es);
    assert.ok(c.translated > 100 && c.translated < c.total);
    assert.deepEqual(
      c.shownIn.map((s) => s.language),
      ["en"],
    );
    // Portuguese falls back on the original (English), never on the Spanish translation.
    const pt = (await getPlanDocument(testDeps(t.db, viewer), { ...key, lang: "pt" })).document;
    assert.equal(pt.language, "pt");
    assert.equal(pt.areas[0]?.title, gealcPlan().areas[0]?.title);
  });

  it("refuses a mismatch with FILE:LINE and writes nothing; --partial attaches the rest", async () => {
    const doc = spanish();
    const a = doc.areas[0]?.activities[1];
    assert.ok(a);
    a.code = "3.1.99";
    const source = doc.sources.find((s) => s.id === 4);
    assert.ok(source);
    source.url = "https://example.org/otra";
    const before = await snapshot(t.db);
    const lineOf = lineFinder(bytes.toString("utf8").replace("3.1.2)", "3.1.99)"));
    await assert.rejects(
      attachTranslation(testDeps(t.db, editor), { ...key, document: doc, fileName: FILE, lineOf }),
      (e: { code?: string; message: string; details: { line: number }[] }) =>
        e.code === "parse_error" &&
        e.message.startsWith(`${FILE}:39: activity 3.1.99 is not in area 3.1`) &&
        e.details.length === 2,
    );
    assert.deepEqual(await snapshot(t.db), before);
    const r = await attachTranslation(testDeps(t.db, editor), {
      ...key,
      document: doc,
      fileName: FILE,
      partial: true,
      lineOf,
    });
    assert.deepEqual(
      r.mismatches.map((m) => m.line),
      [39, 73],
    );
  });

  it("refuses a report in the plan's own language", async () => {
    await assert.rejects(
      attachTranslation(testDeps(t.db, editor), { ...key, document: gealcPlan(), fileName: "x" }),
      (e: { code?: string }) => e.code === "conflict",
    );
  });
});
