import assert from "node:assert/strict";
import { test } from "node:test";
import { smallPlan } from "../../test/helpers/plans.ts";
import { textWhere, translatableTexts } from "./language.ts";

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
