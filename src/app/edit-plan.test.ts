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
import { findArea } from "../db/area.repository.ts";
import { listAudit } from "../db/audit.repository.ts";
import { getPlan } from "../db/plan.repository.ts";
import { addAnnexItem } from "./add-annex-item.ts";
import { addSource } from "./add-source.ts";
import { createActivity } from "./create-activity.ts";
import { createArea } from "./create-area.ts";
import { createPlan } from "./create-plan.ts";
import { getPlanDocument } from "./get-plan-document.ts";
import { importReport } from "./import-report.ts";
import { listNetworks } from "./list-networks.ts";
import { listPlans } from "./list-plans.ts";
import { recordOccurrence } from "./record-occurrence.ts";
import { setStatus } from "./set-status.ts";
import { updateActivity } from "./update-activity.ts";
import { updateArea } from "./update-area.ts";
import { updatePlan } from "./update-plan.ts";
import { updateSource } from "./update-source.ts";

type Coded = { code?: string; details?: { path?: string }[] };
const rejects = (p: Promise<unknown>, code: string, path?: string) =>
  assert.rejects(
    p,
    (e: Coded) => e.code === code && (path === undefined || e.details?.[0]?.path === path),
  );

const ref = { network: "gealc", year: 2023 };
const month = (m: string, text: string) => ({
  kind: "month" as const,
  start: `2023-${m}-01`,
  end: `2023-${m}-28`,
  count: null,
  text,
});

forEachDialect("editing a plan", (t) => {
  const as = (actor: Actor | null) => testDeps(t.db, actor);
  let coordinator: Actor;

  it("creates an empty plan, then refuses a second one for the same year", async () => {
    await rejects(
      createPlan(as(admin), { network: "new-net", year: 2025, title: "P", language: "es" }),
      "invalid_input",
      "networkName",
    );
    const plan = await createPlan(as(admin), {
      network: "new-net",
      networkName: "New network",
      year: 2025,
      title: "Plan 2025",
      language: "es",
    });
    assert.equal(plan.lifecycleStatus, "draft");
    assert.equal(plan.version, 1);
    await rejects(
      createPlan(as(admin), { network: "new-net", year: 2025, title: "P", language: "es" }),
      "conflict",
    );
    await rejects(
      createPlan(as(viewer), { network: "new-net", year: 2026, title: "P", language: "es" }),
      "forbidden",
    );
    // Roles are per network: gealc's viewer does not see another network's draft.
    await rejects(getPlanDocument(as(viewer), { network: "new-net", year: 2025 }), "not_found");
    const got = await getPlanDocument(as(admin), { network: "new-net", year: 2025 });
    assert.equal(got.document.title, "Plan 2025");
    assert.deepEqual(got.document.areas, []);
  });

  it("imports the small plan to edit", async () => {
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

  it("updates the plan's own fields, checking the version", async () => {
    const before = await snapshot(t.db);
    await rejects(
      updatePlan(as(editor), { ...ref, expectedVersion: 7, title: "X" }),
      "precondition_failed",
    );
    assert.deepEqual(await snapshot(t.db), before, "a stale version changes nothing");
    const { version } = await updatePlan(as(editor), {
      ...ref,
      expectedVersion: 1,
      title: "New title",
      background: ["One.", "Two.", "Three."],
      presentedAt: 18,
    });
    assert.equal(version, 2);
    const doc = (await getPlanDocument(as(viewer), ref)).document;
    assert.equal(doc.title, "New title");
    assert.deepEqual(doc.background, ["One.", "Two.", "Three."]);
    assert.equal(doc.presentedAt, 18);
    // A translation of the background paragraphs, one for one.
    await rejects(
      updatePlan(as(editor), { ...ref, expectedVersion: 2, lang: "es", background: ["Uno."] }),
      "invalid_input",
      "background",
    );
    await updatePlan(as(editor), {
      ...ref,
      expectedVersion: 2,
      lang: "es",
      title: "Nuevo título",
      background: ["Uno.", "Dos.", "Tres."],
    });
    const es = await getPlanDocument(as(viewer), { ...ref, lang: "es" });
    assert.equal(es.document.language, "es");
    assert.equal(es.document.title, "Nuevo título");
    assert.deepEqual(es.document.background, ["Uno.", "Dos.", "Tres."]);
    assert.equal(
      es.document.areas[0]?.title,
      "Cross-border services",
      "untranslated wordings fall back",
    );
    assert.deepEqual(es.languages, ["en", "es"]);
    const en = await getPlanDocument(as(viewer), { ...ref, lang: "en" });
    assert.equal(en.document.title, "New title");
  });

  it("creates and updates areas", async () => {
    const area = await createArea(as(editor), { ...ref, code: "3.9", title: "Research" });
    assert.equal(area.version, 1);
    assert.equal(area.objective, "");
    await rejects(createArea(as(editor), { ...ref, code: "3.9", title: "Again" }), "conflict");
    await rejects(createArea(as(coordinator), { ...ref, code: "3.8", title: "No" }), "forbidden");
    await rejects(
      updateArea(as(editor), { ...ref, code: "3.9", expectedVersion: 2, title: "X" }),
      "precondition_failed",
    );
    const { area: after, version } = await updateArea(as(editor), {
      ...ref,
      code: "3.9",
      expectedVersion: 1,
      newCode: "3.10",
      objective: "To support research.",
    });
    assert.equal(version, 2);
    assert.equal(after.code, "3.10");
    assert.equal(after.objective, "To support research.");
  });

  it("creates and updates activities; coordinators only in their areas", async () => {
    const input = {
      ...ref,
      areaCode: "3.1",
      code: "3.1.9",
      title: "Workshop[^1]",
      location: { kind: "virtual" as const, text: "Virtual", city: null, country: null },
      planned: month("05", "May"),
    };
    const created = await createActivity(as(coordinator), input);
    assert.equal(created.version, 1);
    assert.equal(created.activity.status.code, "planned");
    assert.deepEqual(created.activity.sources, [1]);
    await rejects(
      createActivity(as(coordinator), { ...input, areaCode: "3.2", code: "3.2.9" }),
      "forbidden",
    );
    await rejects(createActivity(as(editor), input), "conflict");
    await rejects(
      createActivity(as(editor), { ...input, code: "3.1.8", title: "Bad[^99]" }),
      "invalid_input",
    );
    const updated = await updateActivity(as(coordinator), {
      ...ref,
      code: "3.1.9",
      expectedVersion: 1,
      title: "Regional workshop[^1]",
      relations: [{ kind: "related", activity: "3.1.1", source: null }],
    });
    assert.equal(updated.version, 2);
    assert.equal(updated.activity.title, "Regional workshop[^1]");
    assert.deepEqual(updated.activity.relations, [
      { kind: "related", activity: "3.1.1", source: null },
    ]);
    await rejects(
      updateActivity(as(coordinator), { ...ref, code: "3.2.1", expectedVersion: 1, title: "No" }),
      "forbidden",
    );
    await rejects(
      updateActivity(as(coordinator), { ...ref, code: "3.1.9", expectedVersion: 1, title: "Late" }),
      "precondition_failed",
    );
    await rejects(
      updateActivity(as(editor), { ...ref, code: "9.9.9", expectedVersion: 1, title: "X" }),
      "not_found",
    );
  });

  it("sets a status and records occurrences with evidence", async () => {
    const s = await setStatus(as(coordinator), {
      ...ref,
      code: "3.1.9",
      expectedVersion: 2,
      status: { code: "executed", note: "Held with 40 participants[^2]", sources: [3] },
    });
    assert.equal(s.version, 3);
    assert.deepEqual(s.activity.status, {
      code: "executed",
      when: null,
      note: "Held with 40 participants[^2]",
      text: "",
      sources: [3],
    });
    assert.deepEqual(s.activity.sources, [1, 3, 2]);
    const before = await snapshot(t.db);
    await rejects(
      recordOccurrence(as(coordinator), {
        ...ref,
        code: "3.1.9",
        expectedVersion: 3,
        when: month("06", "June"),
        evidence: [{ url: "ftp://example.org/x" }],
      }),
      "invalid_input",
      "evidence.0.url",
    );
    await rejects(
      recordOccurrence(as(coordinator), {
        ...ref,
        code: "3.1.9",
        expectedVersion: 2,
        when: month("06", "June"),
      }),
      "precondition_failed",
    );
    assert.deepEqual(await snapshot(t.db), before);
    const r = await recordOccurrence(as(coordinator), {
      ...ref,
      code: "3.1.9",
      expectedVersion: 3,
      when: month("06", "June"),
      sources: [4],
      evidence: [{ url: "https://example.org/june", label: "News" }],
    });
    assert.deepEqual(r.evidence, [
      { id: 9, url: "https://example.org/june", label: "News", note: null, text: null },
    ]);
    assert.deepEqual(r.occurrence.sources, [4, 9]);
    assert.equal(r.activity.version, 4);
    assert.deepEqual(r.activity.activity.occurrences, [r.occurrence]);
    assert.deepEqual(r.activity.activity.sources, [1, 3, 2, 4, 9]);
    const doc = (await getPlanDocument(as(viewer), ref)).document;
    assert.deepEqual(doc.sources.at(-1), r.evidence[0]);
  });

  it("adds annex items and sources, and updates sources (http(s) URLs only)", async () => {
    const a = await addAnnexItem(as(coordinator), {
      ...ref,
      when: month("11", "November"),
      title: "Visit to Korea",
      evidence: [{ url: "https://example.org/korea" }],
    });
    assert.equal(a.index, 2);
    assert.deepEqual(a.item.sources, [10]);
    const s = await addSource(as(editor), { ...ref, url: null, note: "A remark." });
    assert.equal(s.source.id, 11);
    assert.equal(s.version, 1);
    await rejects(
      updateSource(as(editor), { ...ref, id: 11, expectedVersion: 1, url: "javascript:alert(1)" }),
      "invalid_input",
      "url",
    );
    await rejects(
      updateSource(as(editor), { ...ref, id: 11, expectedVersion: 5, note: "x" }),
      "precondition_failed",
    );
    const u = await updateSource(as(editor), {
      ...ref,
      id: 11,
      expectedVersion: 1,
      url: "https://example.org/r",
      label: "Remark",
    });
    assert.equal(u.version, 2);
    assert.deepEqual(u.source, {
      id: 11,
      url: "https://example.org/r",
      label: "Remark",
      note: "A remark.",
      text: null,
    });
    // Source 6 is cited by 3.1.5 and 3.2.1 relations: 3.1 is the coordinator's area, but
    // evidence belongs to everything that cites it, so only an editor may change it.
    await rejects(
      updateSource(as(coordinator), { ...ref, id: 6, expectedVersion: 1, label: "Note" }),
      "forbidden",
    );
    await updateSource(as(editor), { ...ref, id: 6, expectedVersion: 1, label: "Note" });
    const other: Actor = {
      userId: "u-other",
      installAdmin: false,
      networks: { gealc: "coordinator" },
      areaIds: ["nope"],
    };
    await rejects(
      updateSource(as(other), { ...ref, id: 6, expectedVersion: 2, label: "No" }),
      "forbidden",
    );
    await rejects(addSource(as(viewer), { ...ref, url: "https://example.org" }), "forbidden");
    await rejects(addSource(as(null), { ...ref, url: "https://example.org" }), "unauthenticated");
  });

  it("audits every write with who, what, before and after", async () => {
    const entries = await listAudit(t.db, { limit: 500 });
    const actions = entries.map((e) => e.action).reverse();
    assert.deepEqual(actions, [
      "network.create",
      "plan.create",
      "network.create",
      "plan.import",
      "plan.update",
      "plan.update",
      "area.create",
      "area.update",
      "activity.create",
      "activity.update",
      "activity.set_status",
      "source.create",
      "activity.record_occurrence",
      "source.create",
      "annex_item.create",
      "source.create",
      "source.update",
      "source.update",
    ]);
    const status = entries.find((e) => e.action === "activity.set_status");
    assert.equal(status?.actorId, "u-coord");
    assert.equal(status?.at, "2024-03-01T12:00:00.000Z");
    assert.deepEqual((status?.before as { code: string } | undefined)?.code, "planned");
    assert.deepEqual((status?.after as { code: string } | undefined)?.code, "executed");
  });

  it("moves the plan's revision on with every change inside it", async () => {
    const plan = await getPlan(t.db, "gealc", 2023);
    assert.equal(plan.version, 3);
    assert.ok(plan.revision > 10, `revision ${plan.revision}`);
  });

  it("lists networks and the plans each actor may read", async () => {
    assert.deepEqual(
      (await listNetworks(as(null))).map((n) => n.slug),
      ["gealc", "new-net"],
    );
    assert.deepEqual(
      (await listPlans(as(viewer))).map((p) => `${p.network.slug}:${p.year}`),
      ["gealc:2023"],
    );
    assert.deepEqual(
      (await listPlans(as(admin))).map((p) => `${p.network.slug}:${p.year}`),
      ["gealc:2023", "new-net:2025"],
    );
    assert.deepEqual(await listPlans(as(null)), []);
    await t.db
      .updateTable("plans")
      .set({ lifecycle_status: "approved" })
      .where("year", "=", 2023)
      .execute();
    const pub = await listPlans(as(null), { lang: "es" });
    assert.deepEqual(
      pub.map((p) => [p.year, p.title]),
      [[2023, "Nuevo título"]],
    );
    // Approved plan, draft report: anonymous readers see the plan without its execution.
    const got = await getPlanDocument(as(null), ref);
    assert.equal(got.view, "plan");
    assert.ok(
      got.document.areas.every((a) =>
        a.activities.every((x) => x.status.code === "planned" && x.occurrences.length === 0),
      ),
    );
    assert.deepEqual(got.document.annex, []);
    assert.deepEqual(
      got.document.sources.map((s) => s.id),
      [1, 6],
    );
  });
});
