import assert from "node:assert/strict";
import { it } from "node:test";
import {
  admin,
  editor,
  failInsertsInto,
  forEachDialect,
  snapshot,
  testDeps,
  viewer,
} from "../../test/helpers/db.ts";
import { smallPlan } from "../../test/helpers/plans.ts";
import type { Actor } from "../core/policies.ts";
import { listAudit } from "../db/audit.repository.ts";
import { getPlanDocument } from "./get-plan-document.ts";
import { importReport } from "./import-report.ts";
import { returnPlanToDraft, submitPlan } from "./submit-plan.ts";

const rejects = (p: Promise<unknown>, code: string) =>
  assert.rejects(p, (e: { code?: string }) => e.code === code);

forEachDialect("import-report", (t) => {
  it("is all or nothing: a failure halfway leaves the database as it was", async () => {
    const before = await snapshot(t.db);
    const failing = {
      ...testDeps(t.db, admin),
      db: t.db.withPlugin(failInsertsInto("occurrences")),
    };
    await assert.rejects(importReport(failing, { document: smallPlan() }), /forced failure/);
    assert.deepEqual(await snapshot(t.db), before);
  });

  it("imports a plan and reads it back", async () => {
    const { plan, replaced } = await importReport(testDeps(t.db, admin), {
      document: smallPlan(),
    });
    assert.equal(replaced, false);
    assert.equal(plan.version, 1);
    const got = await getPlanDocument(testDeps(t.db, viewer), { network: "gealc", year: 2023 });
    assert.deepStrictEqual(got.document, smallPlan());
    assert.equal(got.view, "full");
    assert.deepEqual(got.languages, ["en"]);
    const [entry] = await listAudit(t.db, { entityKind: "plan", entityId: plan.id });
    assert.equal(entry?.action, "plan.import");
    assert.equal(entry?.actorId, admin.userId);
    assert.equal(entry?.before, null);
    assert.deepEqual((entry?.after as { activities: number } | undefined)?.activities, 6);
  });

  it("refuses to import the same network and year again unless replacing", async () => {
    await rejects(importReport(testDeps(t.db, admin), { document: smallPlan() }), "conflict");
  });

  it("a failing replace keeps the old plan intact", async () => {
    const before = await snapshot(t.db);
    const failing = { ...testDeps(t.db, editor), db: t.db.withPlugin(failInsertsInto("texts")) };
    const doc = { ...smallPlan(), title: "Replaced" };
    await assert.rejects(importReport(failing, { document: doc, replace: true }), /forced failure/);
    assert.deepEqual(await snapshot(t.db), before);
  });

  it("replaces with replace: true, counting the version on", async () => {
    const doc = {
      ...smallPlan(),
      title: "Replaced",
      network: { slug: "gealc", name: "Red GEALC" },
    };
    const { plan, replaced } = await importReport(testDeps(t.db, admin), {
      document: doc,
      replace: true,
    });
    assert.equal(replaced, true);
    assert.equal(plan.version, 2);
    assert.equal(plan.network.name, "Red GEALC");
    const got = await getPlanDocument(testDeps(t.db, admin), { network: "gealc", year: 2023 });
    assert.deepStrictEqual(got.document, doc);
    const [entry] = await listAudit(t.db, { entityKind: "plan", entityId: plan.id });
    assert.equal(entry?.action, "plan.replace");
    assert.equal((entry?.before as { title: string } | undefined)?.title, "2023 WORK PLAN Report");
  });

  it("rejects bad documents with the field path", async () => {
    const doc = smallPlan();
    const a = doc.areas[0]?.activities[0];
    assert.ok(a);
    a.status.sources = [99];
    await assert.rejects(
      // The plan year stays 2023: the planned times of the 2023 plan lie inside no other.
      importReport(testDeps(t.db, admin), { document: doc }),
      (e: { code: string; details: { path: string }[] }) =>
        e.code === "invalid_input" &&
        e.details[0]?.path === "areas.0.activities.0.status.sources.0",
    );
    const bad = {
      ...smallPlan(),
      year: 2031,
      sources: [{ id: 1, url: "javascript:alert(1)", label: null, note: null, text: null }],
    };
    await assert.rejects(
      importReport(testDeps(t.db, admin), { document: bad }),
      (e: { code: string; details: { path: string }[] }) =>
        e.code === "invalid_input" && e.details[0]?.path === "sources.0.url",
    );
  });

  it("lets only editors and admins import", async () => {
    const doc = { ...smallPlan(), year: 2024 };
    await rejects(importReport(testDeps(t.db, null), { document: doc }), "unauthenticated");
    await rejects(importReport(testDeps(t.db, viewer), { document: doc }), "forbidden");
    const coordinator: Actor = {
      userId: "c",
      installAdmin: false,
      networks: { gealc: "coordinator" },
      areaIds: [],
    };
    await rejects(importReport(testDeps(t.db, coordinator), { document: doc }), "forbidden");
  });

  it("hides draft plans from anonymous readers", async () => {
    await rejects(
      getPlanDocument(testDeps(t.db, null), { network: "gealc", year: 2023 }),
      "not_found",
    );
  });

  it("refuses to replace a submitted plan until it is back in draft", async () => {
    const deps = testDeps(t.db, editor);
    const key = { network: "gealc", year: 2025 };
    const doc = { ...smallPlan(), year: 2025 };
    // smallPlan's timings are 2023's: move them into 2025 with the plan.
    const moved = JSON.parse(JSON.stringify(doc).replaceAll('"2023-', '"2025-'));
    const first = await importReport(deps, { document: moved });
    const submitted = await submitPlan(deps, { ...key, expectedVersion: first.plan.version });
    const before = await snapshot(t.db);
    await assert.rejects(
      importReport(deps, { document: { ...moved, title: "Replaced" }, replace: true }),
      (e: { code?: string; message?: string }) =>
        e.code === "conflict" && /return it to draft/.test(e.message ?? ""),
    );
    assert.deepEqual(await snapshot(t.db), before);
    await returnPlanToDraft(deps, { ...key, expectedVersion: submitted.version });
    const { plan } = await importReport(deps, {
      document: { ...moved, title: "Replaced" },
      replace: true,
    });
    assert.equal(plan.lifecycleStatus, "draft");
  });
});
