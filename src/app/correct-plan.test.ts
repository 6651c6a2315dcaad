import assert from "node:assert/strict";
import { it } from "node:test";
import {
  admin,
  editor,
  forEachDialect,
  snapshot,
  testDeps,
  viewer,
} from "../../test/helpers/db.ts";
import { smallPlan } from "../../test/helpers/plans.ts";
import type { Actor } from "../core/policies.ts";
import { findActivity } from "../db/activity.repository.ts";
import { findArea } from "../db/area.repository.ts";
import { listAudit } from "../db/audit.repository.ts";
import { getPlan } from "../db/plan.repository.ts";
import { uncitedSourceNumbers } from "../db/source.repository.ts";
import { addAnnexItem } from "./add-annex-item.ts";
import { addSource } from "./add-source.ts";
import { deleteAnnexItem } from "./delete-annex-item.ts";
import { deleteOccurrence } from "./delete-occurrence.ts";
import { deleteSource } from "./delete-source.ts";
import { getPlanDocument } from "./get-plan-document.ts";
import { importReport } from "./import-report.ts";
import { recordOccurrence } from "./record-occurrence.ts";
import { restoreVersion } from "./restore-version.ts";
import { setStatus } from "./set-status.ts";
import { updateAnnexItem } from "./update-annex-item.ts";
import { updateOccurrence } from "./update-occurrence.ts";
import { updateRelation } from "./update-relation.ts";

type Coded = { code?: string; details?: { path?: string }[] };
const rejects = (p: Promise<unknown>, code: string, path?: string) =>
  assert.rejects(
    p,
    (e: Coded) => e.code === code && (path === undefined || e.details?.[0]?.path === path),
  );

const ref = { network: "gealc", year: 2023 };
const day = (d: string) => ({ kind: "date" as const, start: d, end: d, count: null, text: d });

forEachDialect("correcting a plan", (t) => {
  const as = (actor: Actor | null) => testDeps(t.db, actor);
  let coordinator: Actor; // of area 3.1
  const doc = async () => (await getPlanDocument(as(viewer), ref)).document;
  const activity = async (code: string) =>
    (await doc()).areas.flatMap((a) => a.activities).find((a) => a.code === code);
  const version = async (code: string) => {
    const plan = await getPlan(t.db, "gealc", 2023);
    return (await findActivity(t.db, plan, code, "en"))?.version ?? 0;
  };

  it("imports the small plan", async () => {
    await importReport(as(admin), { document: smallPlan() });
    const plan = await getPlan(t.db, "gealc", 2023);
    const area = await findArea(t.db, plan, "3.1", "en");
    assert.ok(area);
    coordinator = {
      userId: "u-coord",
      installAdmin: false,
      networks: { gealc: "coordinator" },
      areaIds: [area.id],
    };
  });

  it("refuses an occurrence outside the plan year unless marked as after the year's end", async () => {
    const v = await version("3.1.5");
    await rejects(
      recordOccurrence(as(editor), {
        ...ref,
        code: "3.1.5",
        expectedVersion: v,
        when: day("2024-02-01"),
      }),
      "invalid_input",
      "when",
    );
    await rejects(
      recordOccurrence(as(editor), {
        ...ref,
        code: "3.1.5",
        expectedVersion: v,
        when: day("2022-12-01"),
      }),
      "invalid_input",
      "when",
    );
    const r = await recordOccurrence(as(editor), {
      ...ref,
      code: "3.1.5",
      expectedVersion: v,
      when: day("2024-02-01"),
      afterYearEnd: true,
    });
    assert.equal(r.activity.activity.occurrences.length, 3);
  });

  it("reuses a link the plan has already instead of copying it", async () => {
    const before = (await doc()).sources.length;
    const r = await recordOccurrence(as(coordinator), {
      ...ref,
      code: "3.1.5",
      expectedVersion: await version("3.1.5"),
      when: day("2023-06-02"),
      evidence: [{ url: "https://www.redGEALC.org/junio/", label: "June" }],
    });
    assert.deepEqual(r.occurrence.sources, [5]);
    assert.equal((await doc()).sources.length, before);
    await rejects(
      addSource(as(editor), { ...ref, url: "https://www.redGEALC.org/junio/" }),
      "conflict",
    );
  });

  it("edits and deletes occurrences, checking the activity's version and the area", async () => {
    const v = await version("3.1.5");
    await rejects(
      updateOccurrence(as(editor), {
        ...ref,
        code: "3.1.5",
        index: 2,
        expectedVersion: v - 1,
        when: day("2023-03-03"),
      }),
      "precondition_failed",
    );
    const other = { ...coordinator, areaIds: ["elsewhere"] };
    await rejects(
      updateOccurrence(as(other), {
        ...ref,
        code: "3.1.5",
        index: 2,
        expectedVersion: v,
        when: day("2023-03-03"),
      }),
      "forbidden",
    );
    await rejects(
      updateOccurrence(as(null), {
        ...ref,
        code: "3.1.5",
        index: 2,
        expectedVersion: v,
        when: day("2023-03-03"),
      }),
      "unauthenticated",
    );
    const fixed = await updateOccurrence(as(coordinator), {
      ...ref,
      code: "3.1.5",
      index: 2,
      expectedVersion: v,
      when: day("2023-12-01"),
      evidence: [{ url: "https://example.org/december", label: null }],
    });
    assert.equal(fixed.occurrence.when.start, "2023-12-01");
    const n = fixed.evidence[0]?.id ?? 0;
    assert.deepEqual(fixed.occurrence.sources, [n]);
    assert.ok((await activity("3.1.5"))?.sources.includes(n), "the activity cites it too");
    await rejects(
      deleteOccurrence(as(coordinator), {
        ...ref,
        code: "3.1.5",
        index: 9,
        expectedVersion: v + 1,
      }),
      "not_found",
    );
    const after = await deleteOccurrence(as(coordinator), {
      ...ref,
      code: "3.1.5",
      index: 0,
      expectedVersion: v + 1,
    });
    assert.equal(after.activity.occurrences.length, 3);
    assert.equal(after.activity.occurrences[1]?.when.start, "2023-12-01");
  });

  it("restores the occurrences as they were before the deletion, as a new change", async () => {
    const plan = await getPlan(t.db, "gealc", 2023);
    const [del] = await listAudit(t.db, { planId: plan.id, limit: 1 });
    assert.equal(del?.action, "activity.delete_occurrence");
    await rejects(restoreVersion(as(viewer), { ...ref, entry: del?.id ?? "" }), "forbidden");
    await rejects(restoreVersion(as(null), { ...ref, entry: del?.id ?? "" }), "unauthenticated");
    await rejects(
      restoreVersion(as(editor), { ...ref, year: 2099, entry: del?.id ?? "" }),
      "not_found",
    );
    const r = await restoreVersion(as(editor), { ...ref, entry: del?.id ?? "" });
    assert.deepEqual(r, { kind: "activity", code: "3.1.5" });
    assert.equal((await activity("3.1.5"))?.occurrences.length, 4);
    const [last] = await listAudit(t.db, { planId: plan.id, limit: 1 });
    assert.equal(last?.action, "activity.restore_occurrences");
  });

  it("sets a status with its date and evidence in one step", async () => {
    const v = await version("3.1.1");
    await rejects(
      setStatus(as(editor), {
        ...ref,
        code: "3.1.1",
        expectedVersion: v,
        status: { code: "executed", when: day("2024-01-10") },
      }),
      "invalid_input",
      "status.when",
    );
    const a = await setStatus(as(editor), {
      ...ref,
      code: "3.1.1",
      expectedVersion: v,
      status: { code: "executed", when: day("2023-05-12") },
      evidence: [{ url: "https://example.org/held", label: "Minutes" }],
    });
    assert.equal(a.activity.status.code, "executed");
    assert.equal(a.activity.status.when?.start, "2023-05-12");
    assert.equal(a.activity.status.sources.length, 1);
  });

  it("gives a new annex item's evidence its marker; edits, deletes and restores annex items", async () => {
    const added = await addAnnexItem(as(editor), {
      ...ref,
      when: day("2023-04-04"),
      title: "Visit",
      evidence: [{ url: "https://example.org/visit", label: null }],
    });
    const n = added.evidence[0]?.id;
    assert.equal(added.item.title, `Visit[^${n}]`);
    await rejects(
      updateAnnexItem(as(editor), { ...ref, index: added.index, expectedVersion: 2, title: "X" }),
      "precondition_failed",
    );
    const upd = await updateAnnexItem(as(editor), {
      ...ref,
      index: added.index,
      expectedVersion: 1,
      title: `Study visit[^${n}]`,
    });
    assert.equal(upd.version, 2);
    await rejects(
      deleteAnnexItem(as(viewer), { ...ref, index: added.index, expectedVersion: 2 }),
      "forbidden",
    );
    const before = await snapshot(t.db);
    await rejects(
      deleteAnnexItem(as(editor), { ...ref, index: added.index, expectedVersion: 1 }),
      "precondition_failed",
    );
    assert.deepEqual(await snapshot(t.db), before);
    await deleteAnnexItem(as(editor), { ...ref, index: added.index, expectedVersion: 2 });
    assert.equal((await doc()).annex.length, 2);
    const plan = await getPlan(t.db, "gealc", 2023);
    const [del] = await listAudit(t.db, { planId: plan.id, entityKind: "annex_item", limit: 1 });
    assert.equal(del?.action, "annex_item.delete");
    const r = await restoreVersion(as(editor), { ...ref, entry: del?.id ?? "" });
    assert.equal(r.kind, "annex_item");
    assert.equal((await doc()).annex[2]?.title, `Study visit[^${n}]`);
  });

  it("edits and deletes relations", async () => {
    const a = await activity("3.1.5");
    const v = await version("3.1.5");
    const count = a?.relations.length ?? 0;
    const first = a?.relations[0];
    assert.ok(first);
    const changed = await updateRelation(as(coordinator), {
      ...ref,
      code: "3.1.5",
      index: 0,
      expectedVersion: v,
      relation: { ...first, kind: "related" },
    });
    assert.equal(changed.activity.relations[0]?.kind, "related");
    const gone = await updateRelation(as(coordinator), {
      ...ref,
      code: "3.1.5",
      index: 0,
      expectedVersion: v + 1,
      relation: null,
    });
    assert.equal(gone.activity.relations.length, count - 1);
    await rejects(
      updateRelation(as(editor), {
        ...ref,
        code: "3.1.5",
        index: 0,
        expectedVersion: v,
        relation: null,
      }),
      "precondition_failed",
    );
  });

  it("deletes a source only with a choice for its citations, and restores it", async () => {
    const plan = await getPlan(t.db, "gealc", 2023);
    assert.ok((await uncitedSourceNumbers(t.db, plan.id)).includes(1), "imported, uncited, kept");
    // Source 7 is cited by 3.2.3 (area 3.2): not this coordinator's.
    await rejects(
      deleteSource(as(coordinator), { ...ref, id: 7, expectedVersion: 1, citations: "remove" }),
      "forbidden",
    );
    await rejects(
      deleteSource(as(editor), { ...ref, id: 7, expectedVersion: 1 }),
      "conflict",
      "citations",
    );
    await rejects(
      deleteSource(as(editor), {
        ...ref,
        id: 7,
        expectedVersion: 1,
        citations: "replace",
        replacement: 99,
      }),
      "invalid_input",
      "replacement",
    );
    await deleteSource(as(editor), {
      ...ref,
      id: 7,
      expectedVersion: 1,
      citations: "replace",
      replacement: 1,
    });
    let d = await doc();
    assert.equal(
      d.sources.some((s) => s.id === 7),
      false,
    );
    const a = d.areas.flatMap((x) => x.activities).find((x) => x.code === "3.2.3");
    assert.ok(a?.sources.includes(1) && !a.sources.includes(7));
    assert.equal(JSON.stringify(d).includes("[^7]"), false, "no marker points at it any more");
    // Cited by nothing: deleted without a choice.
    const n = (await addSource(as(editor), { ...ref, url: "https://example.org/lonely" })).source
      .id;
    await deleteSource(as(editor), { ...ref, id: n, expectedVersion: 1 });
    const [del] = await listAudit(t.db, { planId: plan.id, entityKind: "source", limit: 1 });
    assert.equal(del?.action, "source.delete");
    const r = await restoreVersion(as(editor), { ...ref, entry: del?.id ?? "" });
    assert.deepEqual(r, { kind: "source", id: n });
    d = await doc();
    assert.equal(d.sources.find((s) => s.id === n)?.url, "https://example.org/lonely");
  });
});
