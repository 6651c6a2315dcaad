import assert from "node:assert/strict";
import { it } from "node:test";
import { sql } from "kysely";
import { importReport } from "../src/app/import-report.ts";
import type { Db } from "../src/db/create-db.ts";
import { findEdition, findEditionDocument } from "../src/db/edition.repository.ts";
import { freezeUnfrozenPlans } from "../src/db/first-editions.ts";
import { readPlanDocument } from "../src/db/plan-document-read.repository.ts";
import { findPlanVersionDocument } from "../src/db/plan-version.repository.ts";
import {
  admin,
  countingStatements,
  failInsertsInto,
  forEachDialect,
  testDeps,
} from "./helpers/db.ts";
import { smallPlan } from "./helpers/plans.ts";

/** `n` more plans imported as drafts, then approved and published as an older release left them. */
async function publishedPlans(db: Db, prefix: string, n: number): Promise<string[]> {
  const slugs = Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  for (const slug of slugs) {
    const doc = smallPlan();
    await importReport(testDeps(db, admin), {
      document: { ...doc, network: { ...doc.network, slug } },
    });
  }
  await sql`update plans set lifecycle_status = 'approved', report_status = 'published' where report_status = 'draft'`.execute(
    db,
  );
  return slugs;
}

/** The statements `freezeUnfrozenPlans` runs, and what it froze. */
async function countedFreeze(db: Db) {
  const { seen, plugin } = countingStatements();
  const frozen = await freezeUnfrozenPlans(db.withPlugin(plugin));
  return { statements: seen.queries, ...frozen };
}

forEachDialect("first editions", (t) => {
  it("freezes each plan's document as its edition 1 and snapshot, in statements that do not grow with the plans", async () => {
    const few = await publishedPlans(t.db, "few", 2);
    const first = await countedFreeze(t.db);
    assert.equal(first.editions.length, few.length);
    assert.equal(first.snapshots.length, few.length);
    const many = await publishedPlans(t.db, "many", 12);
    const second = await countedFreeze(t.db);
    assert.equal(second.editions.length, many.length);
    assert.equal(second.snapshots.length, many.length);
    // One batch either way: each table read and written once for all its plans.
    assert.equal(second.statements, first.statements);
    for (const slug of [...few, ...many]) {
      const doc = await readPlanDocument(t.db, slug, 2023);
      assert.ok(doc);
      const plan = await t.db
        .selectFrom("plans")
        .innerJoin("networks", "networks.id", "plans.network_id")
        .select("plans.id")
        .where("networks.slug", "=", slug)
        .executeTakeFirstOrThrow();
      const edition = await findEdition(t.db, plan.id);
      assert.ok(edition);
      assert.equal(edition.number, 1);
      const stored = await findEditionDocument(t.db, edition.id, "en");
      assert.deepEqual(JSON.parse(stored?.json ?? "null"), doc, `${slug}'s edition`);
      const snapshot = await findPlanVersionDocument(t.db, plan.id, 1, "en");
      assert.deepEqual(JSON.parse(snapshot ?? "null"), doc, `${slug}'s snapshot`);
    }
    assert.deepEqual(await freezeUnfrozenPlans(t.db), { editions: [], snapshots: [] });
  });

  it("leaves no plan half frozen when a write fails, and the next run freezes them all", async () => {
    const slugs = await publishedPlans(t.db, "failing", 3);
    const failing = t.db.withPlugin(failInsertsInto("plan_versions"));
    await assert.rejects(freezeUnfrozenPlans(failing), /forced failure/);
    // The editions went with their plans' snapshots: none of these plans has one.
    const editions = await t.db
      .selectFrom("report_editions")
      .innerJoin("plans", "plans.id", "report_editions.plan_id")
      .innerJoin("networks", "networks.id", "plans.network_id")
      .select("networks.slug")
      .where("networks.slug", "in", slugs)
      .execute();
    assert.deepEqual(editions, []);
    const again = await freezeUnfrozenPlans(t.db);
    assert.equal(again.editions.length, slugs.length);
    assert.equal(again.snapshots.length, slugs.length);
  });
});
