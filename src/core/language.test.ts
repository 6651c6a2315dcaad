import assert from "node:assert/strict";
import { test } from "node:test";
import { smallPlan } from "../../test/helpers/plans.ts";
import { keepTranslations, textWhere, translatableTexts } from "./language.ts";

test("textWhere names every translatable text by its section, code or number, and field", () => {
  const doc = smallPlan();
  const at = (p: string) => textWhere(doc, p);
  assert.deepEqual(at("/network/name"), { section: "plan", ref: null, field: "network/name" });
  assert.deepEqual(at("/background/1"), { section: "background", ref: "2", field: "text" });
  assert.deepEqual(at("/areas/1/objective"), { section: "area", ref: "3.2", field: "objective" });
  assert.deepEqual(at("/areas/0/activities/2/status/note"), {
    section: "activity",
    ref: "3.1.5",
    field: "status/note",
  });
  assert.deepEqual(at("/areas/0/activities/2/occurrences/0/when/text"), {
    section: "activity",
    ref: "3.1.5",
    field: "occurrences/0/when/text",
  });
  const source = doc.sources[0];
  assert.ok(source);
  assert.deepEqual(at("/sources/0/label"), {
    section: "source",
    ref: String(source.id),
    field: "label",
  });
  // Every listed text has a place a person can read.
  for (const t of translatableTexts(doc)) {
    const w = at(t.pointer);
    assert.ok(w.section === "plan" || w.ref !== null, t.pointer);
    assert.notEqual(w.field, "", t.pointer);
  }
});

test("keepTranslations keeps the public's translations where the original is unchanged", () => {
  const original = smallPlan();
  const amended = structuredClone(original);
  const area = amended.areas[0];
  assert.ok(area);
  area.title = `${area.title} (amended)`;
  // The Spanish the public had: two texts translated, the rest shown in the original.
  const publicEs = structuredClone(original);
  publicEs.language = "es";
  const languages: Record<string, "en"> = {};
  for (const t of translatableTexts(original)) languages[t.pointer] = "en";
  delete languages["/areas/0/title"];
  delete languages["/areas/0/activities/0/title"];
  publicEs.textLanguages = languages;
  const [pa] = publicEs.areas;
  assert.ok(pa?.activities[0]);
  pa.title = "Área pública";
  pa.activities[0].title = "Actividad pública";
  // The working copy in Spanish since: both edited, and one more text translated.
  const workingEs = structuredClone(publicEs);
  const [wa] = workingEs.areas;
  assert.ok(wa?.activities[0]);
  wa.title = "Área editada";
  wa.activities[0].title = "Actividad editada";
  workingEs.title = "Plan traducido después";
  workingEs.textLanguages = { ...languages };
  delete workingEs.textLanguages["/title"];

  const frozen = keepTranslations(publicEs, workingEs, original, amended);
  const [fa] = frozen.areas;
  assert.equal(fa?.activities[0]?.title, "Actividad pública", "unchanged original: kept");
  assert.equal(frozen.title, original.title, "a translation made since waits");
  assert.equal(frozen.textLanguages?.["/title"], "en", "and is still marked as the original's");
  assert.equal(fa?.title, "Área editada", "the amended text takes the working wording");
  assert.equal(workingEs.title, "Plan traducido después", "its input is left as it was");
});
