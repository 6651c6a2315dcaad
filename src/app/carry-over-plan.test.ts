import assert from "node:assert/strict";
import { it } from "node:test";
import { gealc2023 } from "../../test/fixtures/gealc-2023-tracking.ts";
import {
  admin,
  editor,
  forEachDialect,
  snapshot,
  testDeps,
  viewer,
} from "../../test/helpers/db.ts";
import { listAudit } from "../db/audit.repository.ts";
import { deleteCitations } from "../db/citations.ts";
import { readPlanDocument } from "../db/plan-document-read.repository.ts";
import { deleteTexts } from "../db/texts.ts";
import { carryOverPlan } from "./carry-over-plan.ts";
import { importReport } from "./import-report.ts";

const carriedFrom = (doc: {
  areas: { activities: { code: string; relations: { kind: string; activity: string }[] }[] }[];
}) =>
  doc.areas.flatMap((a) =>
    a.activities.map((x) => [
      x.code,
      x.relations.find((r) => r.kind === "carried_over_from")?.activity ?? null,
    ]),
  );

forEachDialect("carry-over-plan", (t) => {
  it("a dry run says what it would do and writes nothing", async () => {
    await importReport(testDeps(t.db, admin), { document: gealc2023() });
    const before = await snapshot(t.db);
    const r = await carryOverPlan(testDeps(t.db, editor), {
      network: "gealc",
      year: 2023,
      dryRun: true,
    });
    assert.equal(r.plan, null);
    assert.equal(r.carried.length, 20);
    assert.equal(r.lines[0], "dry run: nothing written");
    assert.equal(r.lines[1], "created the 2024 draft");
    assert.deepEqual(await snapshot(t.db), before);
  });

  it("creates the 2024 draft with the carried activities", async () => {
    const r = await carryOverPlan(testDeps(t.db, editor), { network: "gealc", year: 2023 });
    assert.equal(r.created, true);
    assert.equal(r.plan?.year, 2024);
    assert.equal(r.plan?.lifecycleStatus, "draft");
    const doc = await readPlanDocument(t.db, "gealc", 2024);
    assert.ok(doc);
    assert.equal(doc.areas.length, 9);
    assert.equal(doc.areas.flatMap((a) => a.activities).length, 20);
    assert.deepEqual(carriedFrom(doc).slice(0, 4), [
      ["3.1.1", "2023:3.1.4"],
      ["3.1.2", "2023:3.1.5"],
      ["3.1.3", "2023:3.1.6"],
      ["3.1.4", "2023:3.1.7"],
    ]);
    const [entry] = await listAudit(t.db, { entityKind: "plan", entityId: r.plan?.id as string });
    assert.equal(entry?.action, "plan.carry_over");
    assert.equal(entry?.actorId, editor.userId);
  });

  it("a second run changes nothing and says so", async () => {
    const before = await snapshot(t.db);
    const r = await carryOverPlan(testDeps(t.db, editor), { network: "gealc", year: 2023 });
    assert.equal(r.changed, false);
    assert.deepEqual(r.lines, ["nothing to carry: 20 activities already carried into 2024"]);
    assert.deepEqual(await snapshot(t.db), before);
  });

  it("completes an existing draft in place, keeping what editors did", async () => {
    // An editor deletes a carried activity from the draft; carrying again brings it back,
    // appended, with the rest (ids, texts, other activities) untouched.
    const plan = await readPlanDocument(t.db, "gealc", 2024);
    assert.ok(plan);
    const victim = await t.db
      .selectFrom("activities")
      .innerJoin("plans", "plans.id", "activities.plan_id")
      .select(["activities.id", "activities.plan_id"])
      .where("plans.year", "=", 2024)
      .where("activities.code", "=", "3.6.1")
      .executeTakeFirstOrThrow();
    for (const kind of ["activity", "status"] as const) {
      await deleteCitations(t.db, victim.plan_id, kind, [victim.id]);
    }
    await deleteTexts(t.db, victim.plan_id, "activity", [victim.id]);
    await t.db.deleteFrom("relations").where("activity_id", "=", victim.id).execute();
    await t.db.deleteFrom("activities").where("id", "=", victim.id).execute();
    const idsBefore = await t.db.selectFrom("activities").select("id").orderBy("id").execute();

    const r = await carryOverPlan(testDeps(t.db, editor), { network: "gealc", year: 2023 });
    assert.equal(r.created, false);
    assert.deepEqual(r.carried, [{ from: "2023:3.6.3", code: "3.6.4", reason: "recurring" }]);
    const idsAfter = await t.db.selectFrom("activities").select("id").orderBy("id").execute();
    assert.equal(idsAfter.length, idsBefore.length + 1);
    assert.ok(idsBefore.every((b) => idsAfter.some((a) => a.id === b.id)));
    const doc = await readPlanDocument(t.db, "gealc", 2024);
    const area = doc?.areas.find((a) => a.code === "3.6");
    assert.deepEqual(
      area?.activities.map((a) => [a.code, a.relations[0]?.activity, a.title]),
      [
        ["3.6.2", "2023:3.6.4", "Working group meetings"],
        [
          "3.6.3",
          "2023:3.6.5",
          "Enhance the space for this thematic axis on the website of GEALC Network",
        ],
        ["3.6.4", "2023:3.6.3", "Regional document update"],
      ],
    );
    // Citations survive the trip: source numbers of the draft.
    const wg = doc?.areas
      .find((a) => a.code === "3.5")
      ?.activities.find((a) => a.title.startsWith("Working"));
    assert.equal(wg?.title, "Working group meetings[^2]");
    assert.equal(
      doc?.sources.find((s) => s.id === 2)?.note,
      "Working group meetings are held virtually.",
    );
  });

  it("is for editors and admins", async () => {
    await assert.rejects(carryOverPlan(testDeps(t.db, viewer), { network: "gealc", year: 2023 }), {
      code: "forbidden",
    });
    await assert.rejects(carryOverPlan(testDeps(t.db, editor), { network: "gealc", year: 2019 }), {
      code: "not_found",
    });
  });
});
