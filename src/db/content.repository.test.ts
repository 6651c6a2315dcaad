import assert from "node:assert/strict";
import { it } from "node:test";
import { forEachDialect } from "../../test/helpers/db.ts";
import { smallPlan } from "../../test/helpers/plans.ts";
import {
  findActivity,
  insertActivity,
  insertOccurrence,
  replaceRelations,
  updateActivityRow,
} from "./activity.repository.ts";
import { insertAnnexItem } from "./annex.repository.ts";
import { findArea, insertArea, listAreaRefs, updateAreaRow } from "./area.repository.ts";
import { findNetwork, insertNetwork, updateNetwork } from "./network.repository.ts";
import { getPlan, lockPlan, touchPlan, updatePlanRow } from "./plan.repository.ts";
import { readPlanDocument } from "./plan-document-read.repository.ts";
import { insertPlanDocument } from "./plan-document-write.repository.ts";
import { findSource, insertSource, sourceAreaIds, updateSourceRow } from "./source.repository.ts";
import { deleteTexts, loadTexts, setText } from "./texts.ts";
import {
  insertUser,
  listCoordinatorAreaIds,
  restoreCoordinatorAreas,
  saveCoordinatorAreas,
  setCoordinatorAreas,
} from "./user.repository.ts";

const NOW = "2024-02-02T00:00:00.000Z";
type Coded = { code?: string };
const stale = (e: Coded) => e.code === "precondition_failed";

forEachDialect("plan content repositories", (t) => {
  it("renames networks only at the expected version", async () => {
    const n = await insertNetwork(t.db, { slug: "gealc", name: "GEALC" }, NOW);
    assert.equal(await updateNetwork(t.db, n.id, 1, { name: "Red GEALC" }, NOW), 2);
    await assert.rejects(updateNetwork(t.db, n.id, 1, { name: "X" }, NOW), stale);
    assert.equal((await findNetwork(t.db, "gealc"))?.name, "Red GEALC");
    await insertPlanDocument(t.db, smallPlan(), { networkId: n.id, now: NOW });
  });

  it("updates plan rows with their version; the revision moves in lockPlan and touchPlan", async () => {
    const plan = await getPlan(t.db, "gealc", 2023);
    assert.equal(
      await updatePlanRow(
        t.db,
        plan.id,
        1,
        { lifecycleStatus: "submitted", presentedAt: null },
        NOW,
      ),
      2,
    );
    await assert.rejects(
      updatePlanRow(t.db, plan.id, 1, { reportStatus: "published" }, NOW),
      stale,
    );
    await touchPlan(t.db, plan.id, NOW);
    await lockPlan(t.db, "gealc", 2023, NOW, plan.revision + 1);
    await assert.rejects(lockPlan(t.db, "gealc", 2023, NOW, plan.revision + 1), stale);
    await assert.rejects(lockPlan(t.db, "gealc", 1999, NOW), (e: Coded) => e.code === "not_found");
    const after = await getPlan(t.db, "gealc", 2023);
    assert.deepEqual(
      [after.version, after.revision, after.lifecycleStatus, after.presentedAt],
      [2, plan.revision + 2, "submitted", null],
    );
    await assert.rejects(getPlan(t.db, "gealc", 1999), (e: Coded) => e.code === "not_found");
  });

  it("adds and changes areas", async () => {
    const plan = await getPlan(t.db, "gealc", 2023);
    await insertArea(
      t.db,
      plan,
      { code: "3.3", title: "Digital identity", objective: "" },
      "en",
      NOW,
    );
    assert.deepEqual(
      (await listAreaRefs(t.db, plan.id)).map((a) => a.code),
      ["3.1", "3.2", "3.3"],
    );
    const area = await findArea(t.db, plan, "3.3", "en");
    assert.ok(area);
    assert.equal(area.position, 2);
    assert.equal(
      await updateAreaRow(t.db, plan, area.id, 1, { title: "Identidad digital" }, "es", NOW),
      2,
    );
    await assert.rejects(updateAreaRow(t.db, plan, area.id, 1, { code: "3.4" }, "en", NOW), stale);
    assert.equal((await findArea(t.db, plan, "3.3", "es"))?.title, "Identidad digital");
    assert.equal((await findArea(t.db, plan, "3.3", "en"))?.title, "Digital identity");
  });

  it("adds activities with occurrences and relations, and changes them", async () => {
    const plan = await getPlan(t.db, "gealc", 2023);
    const area = await findArea(t.db, plan, "3.3", "en");
    assert.ok(area);
    const a = structuredClone(smallPlan().areas[0]?.activities[2]);
    assert.ok(a);
    a.code = "3.3.1";
    await insertActivity(t.db, plan, area.id, a, "en", NOW);
    const stored = await findActivity(t.db, plan, "3.3.1", "en");
    assert.deepStrictEqual(stored?.activity, a);
    assert.ok(stored);
    await insertOccurrence(t.db, plan, stored.id, { when: a.planned, sources: [1] }, "en", NOW);
    await replaceRelations(t.db, plan.id, stored.id, []);
    const status = {
      code: "cancelled" as const,
      when: null,
      note: null,
      text: "Cancelled",
      sources: [],
    };
    assert.equal(
      await updateActivityRow(t.db, plan, stored.id, 1, { status, sources: [4, 5, 1] }, "en", NOW),
      2,
    );
    await assert.rejects(
      updateActivityRow(t.db, plan, stored.id, 1, { title: "Late" }, "en", NOW),
      stale,
    );
    const after = await findActivity(t.db, plan, "3.3.1", "en");
    assert.deepEqual(after?.activity.status, status);
    assert.deepEqual(after?.activity.relations, []);
    assert.deepEqual(after?.activity.sources, [4, 5, 1]);
    assert.deepEqual(after?.activity.occurrences.at(-1), { when: a.planned, sources: [1] });
    await assert.rejects(
      replaceRelations(t.db, plan.id, stored.id, [
        { kind: "joint", activity: "3.1.1", source: 42 },
      ]),
      (e: Coded) => e.code === "invalid_input",
    );
  });

  it("adds sources numbered after the last, changes them, knows which areas cite them", async () => {
    const plan = await getPlan(t.db, "gealc", 2023);
    const n = await insertSource(
      t.db,
      plan,
      { url: "https://x.org", label: null, note: null, text: null },
      "en",
      NOW,
    );
    assert.equal(n, 9);
    const s = await findSource(t.db, plan, 9, "en");
    assert.ok(s);
    assert.equal(
      await updateSourceRow(t.db, plan, s.id, 1, { url: null, note: "gone" }, "en", NOW),
      2,
    );
    await assert.rejects(updateSourceRow(t.db, plan, s.id, 1, { url: null }, "en", NOW), stale);
    assert.deepEqual((await findSource(t.db, plan, 9, "en"))?.source, {
      id: 9,
      url: null,
      label: null,
      note: "gone",
      text: null,
    });
    assert.deepEqual(await sourceAreaIds(t.db, plan.id, s.id), []);
    const areas = await listAreaRefs(t.db, plan.id);
    const id = (code: string) => areas.find((a) => a.code === code)?.id;
    const four = await findSource(t.db, plan, 4, "en");
    const six = await findSource(t.db, plan, 6, "en");
    // 4: cited by 3.1.5 (activity, status, occurrences) and by 3.3.1 (a copy of it).
    assert.deepEqual(
      await sourceAreaIds(t.db, plan.id, four?.id ?? ""),
      [id("3.1"), id("3.3")].sort(),
    );
    // 6: cited by 3.2.1's title and by relations of 3.1.5 and 3.2.1.
    assert.deepEqual(
      await sourceAreaIds(t.db, plan.id, six?.id ?? ""),
      [id("3.1"), id("3.2")].sort(),
    );
  });

  it("appends annex items", async () => {
    const plan = await getPlan(t.db, "gealc", 2023);
    const item = {
      when: { kind: "unspecified" as const, start: null, end: null, count: null, text: "" },
      title: "Extra",
      sources: [9],
    };
    assert.equal((await insertAnnexItem(t.db, plan, item, "en", NOW)).index, 2);
    const doc = await readPlanDocument(t.db, "gealc", 2023);
    assert.deepEqual(doc?.annex.at(-1), item);
  });

  it("sets and removes wordings per language", async () => {
    const plan = await getPlan(t.db, "gealc", 2023);
    await setText(t.db, plan.id, "plan", plan.id, "title", "pt", "Plano");
    await setText(t.db, plan.id, "plan", plan.id, "title", "pt", "Plano 2023");
    let texts = await loadTexts(t.db, plan.id, ["pt", "en"], [plan.id]);
    assert.equal(texts.get("plan", plan.id, "title"), "Plano 2023");
    await setText(t.db, plan.id, "plan", plan.id, "title", "pt", null);
    texts = await loadTexts(t.db, plan.id, ["pt", "en"], [plan.id]);
    assert.equal(texts.get("plan", plan.id, "title"), "2023 WORK PLAN Report");
    await deleteTexts(t.db, plan.id, "plan", [plan.id]);
    texts = await loadTexts(t.db, plan.id, ["pt", "en"], [plan.id]);
    assert.equal(texts.get("plan", plan.id, "title"), null);
  });

  it("assigns coordinators to areas and keeps them across a plan's replacement", async () => {
    const plan = await getPlan(t.db, "gealc", 2023);
    const u = await insertUser(
      t.db,
      { email: "c@x.org", name: "C", role: "member", passwordHash: null },
      NOW,
    );
    const areas = await listAreaRefs(t.db, plan.id);
    await setCoordinatorAreas(t.db, u.id, [areas[0]?.id ?? "", areas[0]?.id ?? ""]);
    assert.deepEqual(await listCoordinatorAreaIds(t.db, u.id), [areas[0]?.id]);
    const saved = await saveCoordinatorAreas(t.db, plan.id);
    assert.deepEqual(saved, [{ userId: u.id, areaCode: "3.1" }]);
    await t.db.deleteFrom("plans").where("id", "=", plan.id).execute();
    assert.deepEqual(await listCoordinatorAreaIds(t.db, u.id), []);
    const net = await findNetwork(t.db, "gealc");
    const { planId } = await insertPlanDocument(t.db, smallPlan(), {
      networkId: net?.id ?? "",
      now: NOW,
    });
    await restoreCoordinatorAreas(t.db, planId, saved);
    const again = await listAreaRefs(t.db, planId);
    assert.deepEqual(await listCoordinatorAreaIds(t.db, u.id), [again[0]?.id]);
  });
});
