import assert from "node:assert/strict";
import { it } from "node:test";
import { admin, editor, forEachDialect, testDeps } from "../../test/helpers/db.ts";
import { smallPlan } from "../../test/helpers/plans.ts";
import { insertNetwork } from "../db/network.repository.ts";
import { getPlanDocument } from "./get-plan-document.ts";
import { importReport } from "./import-report.ts";
import { inOneTransaction, transact } from "./transact.ts";
import { updatePlan } from "./update-plan.ts";

forEachDialect("transact", (t) => {
  it("turns a unique violation into a conflict and rolls back", async () => {
    const now = "2024-01-01T00:00:00.000Z";
    await assert.rejects(
      transact({ db: t.db }, async (trx) => {
        await insertNetwork(trx, { slug: "dup", name: "A" }, now);
        await insertNetwork(trx, { slug: "dup", name: "B" }, now);
      }),
      (e: { code?: string }) => e.code === "conflict",
    );
    assert.equal((await t.db.selectFrom("networks").selectAll().execute()).length, 0);
  });

  it("two imports racing for the same year: one wins, the other is a conflict", async () => {
    const deps = testDeps(t.db, admin);
    const results = await Promise.allSettled([
      importReport(deps, { document: smallPlan() }),
      importReport(deps, { document: smallPlan() }),
    ]);
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
    const failed = results.find((r) => r.status === "rejected");
    assert.equal((failed?.reason as { code?: string } | undefined)?.code, "conflict");
    assert.equal((await t.db.selectFrom("plans").selectAll().execute()).length, 1);
  });

  it("inOneTransaction: use cases saved together, or none of them", async () => {
    const deps = testDeps(t.db, editor);
    const doc = smallPlan();
    const { plan } = await importReport(deps, { document: doc, replace: true });
    const key = { network: plan.network.slug, year: plan.year };
    const other = doc.language === "en" ? "es" : "en";
    await assert.rejects(
      inOneTransaction(deps, async (d) => {
        const v = (
          await updatePlan(d, {
            ...key,
            expectedVersion: plan.version,
            lang: doc.language,
            title: "New",
          })
        ).version;
        await updatePlan(d, { ...key, expectedVersion: v + 99, lang: other, title: "Nuevo" });
      }),
      (e: { code?: string }) => e.code === "precondition_failed",
    );
    const after = await getPlanDocument(deps, { ...key, lang: doc.language });
    assert.equal(after.document.title, doc.title, "the first write rolled back with the second");
    assert.equal(after.plan.version, plan.version);
    await inOneTransaction(deps, async (d) => {
      const v = (
        await updatePlan(d, {
          ...key,
          expectedVersion: plan.version,
          lang: doc.language,
          title: "New",
        })
      ).version;
      await updatePlan(d, { ...key, expectedVersion: v, lang: other, title: "Nuevo" });
    });
    assert.equal((await getPlanDocument(deps, { ...key, lang: other })).document.title, "Nuevo");
  });
});
