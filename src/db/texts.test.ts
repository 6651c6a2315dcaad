import assert from "node:assert/strict";
import { it } from "node:test";
import { forEachDialect } from "../../test/helpers/db.ts";
import { smallPlan } from "../../test/helpers/plans.ts";
import { CitationLists, loadCitations, setCitations, writeCitationLists } from "./citations.ts";
import { insertNetwork } from "./network.repository.ts";
import { planLanguages } from "./plan.repository.ts";
import { insertPlanDocument } from "./plan-document-write.repository.ts";
import {
  deleteTexts,
  loadTextDocuments,
  loadTexts,
  setText,
  setTexts,
  TextRows,
  writeTextRows,
} from "./texts.ts";

const NOW = "2024-02-02T00:00:00.000Z";

// Wordings live as one document per plan, owner kind and language; these write them one by
// one, in batches and by owner, and a document left empty is no row at all.
forEachDialect("texts and citations as documents", (t) => {
  const plan = async () => {
    const n = await insertNetwork(t.db, { slug: `n${Math.random()}`.slice(0, 12), name: "N" }, NOW);
    return (await insertPlanDocument(t.db, smallPlan(), { networkId: n.id, now: NOW })).planId;
  };
  const rows = async (planId: string) =>
    (await loadTextDocuments(t.db, planId)).map((d) => `${d.kind} ${d.lang}`).sort();

  it("sets, changes and removes wordings; an empty document goes, and its language with it", async () => {
    const planId = await plan();
    assert.deepEqual(await planLanguages(t.db, planId), ["en"]);
    await setText(t.db, planId, "activity", "a1", "title", "es", "Título");
    await setText(t.db, planId, "activity", "a1", "location", "es", "Lima");
    await setText(t.db, planId, "activity", "a2", "title", "es", "Otro");
    assert.deepEqual(await planLanguages(t.db, planId), ["en", "es"]);
    const es = await loadTexts(t.db, planId, ["es"]);
    assert.equal(es.exact("activity", "a1", "title"), "Título");
    assert.equal(es.exact("activity", "a1", "location"), "Lima");
    // Read with a fallback: a wording missing in Spanish comes in the original language.
    const both = await loadTexts(t.db, planId, ["es", "en"], ["a2"]);
    assert.equal(both.get("activity", "a2", "title"), "Otro");
    assert.equal(both.get("activity", "a1", "title"), null, "only the owners asked for");

    await setText(t.db, planId, "activity", "a1", "title", "es", null);
    assert.equal((await loadTexts(t.db, planId, ["es"])).exact("activity", "a1", "title"), null);
    await setTexts(t.db, planId, "es", [
      { kind: "activity", id: "a1", field: "location", value: null },
      { kind: "activity", id: "a2", field: "title", value: "Cambiado" },
    ]);
    assert.equal(
      (await loadTexts(t.db, planId, ["es"])).exact("activity", "a2", "title"),
      "Cambiado",
    );
    await deleteTexts(t.db, planId, "activity", ["a2"]);
    assert.ok(!(await rows(planId)).includes("activity es"), "the empty document is no row");
    assert.deepEqual(await planLanguages(t.db, planId), ["en"]);
  });

  it("adds collected wordings and citation lists over a plan's, keeping the others", async () => {
    const planId = await plan();
    const before = await loadTexts(t.db, planId, ["en"]);
    const texts = new TextRows(planId, "en");
    texts.add("area", "z1", "title", "New area");
    texts.add("area", "z1", "objective", null);
    await writeTextRows(t.db, texts);
    const after = await loadTexts(t.db, planId, ["en"]);
    assert.equal(after.exact("area", "z1", "title"), "New area");
    assert.equal(after.exact("area", "z1", "objective"), null);
    assert.equal(after.exact("plan", planId, "title"), before.exact("plan", planId, "title"));

    const ids = new Map([[1, "s-one"]]);
    const lists = new CitationLists(planId);
    lists.add("activity", "a9", [1, 1], ids, "x");
    assert.throws(
      () => lists.add("activity", "a8", [2], ids, "y.sources"),
      /source 2 is cited but the plan has no such source/,
    );
    await writeCitationLists(t.db, lists);
    const sources = await t.db
      .selectFrom("sources")
      .select(["id", "number"])
      .where("plan_id", "=", planId)
      .orderBy("number")
      .execute();
    const first = sources[0];
    assert.ok(first, "the small plan has sources");
    // s-one is no source of the plan: a list citing it reads without it.
    assert.deepEqual((await loadCitations(t.db, planId)).get("activity", "a9"), []);
    await setCitations(t.db, planId, "activity", "a9", [first.number, first.number], "sources");
    assert.deepEqual((await loadCitations(t.db, planId)).get("activity", "a9"), [
      first.number,
      first.number,
    ]);
    await setCitations(t.db, planId, "activity", "a9", [], "sources");
    assert.deepEqual((await loadCitations(t.db, planId, ["a9"])).get("activity", "a9"), []);
  });
});
