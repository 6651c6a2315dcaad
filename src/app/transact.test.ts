import assert from "node:assert/strict";
import { it } from "node:test";
import { editor, forEachDialect, testDeps } from "../../test/helpers/db.ts";
import { smallPlan } from "../../test/helpers/plans.ts";
import { insertNetwork } from "../db/network.repository.ts";
import { importReport } from "./import-report.ts";
import { transact } from "./transact.ts";

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
    const deps = testDeps(t.db, editor);
    const results = await Promise.allSettled([
      importReport(deps, { document: smallPlan() }),
      importReport(deps, { document: smallPlan() }),
    ]);
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
    const failed = results.find((r) => r.status === "rejected");
    assert.equal((failed?.reason as { code?: string } | undefined)?.code, "conflict");
    assert.equal((await t.db.selectFrom("plans").selectAll().execute()).length, 1);
  });
});
