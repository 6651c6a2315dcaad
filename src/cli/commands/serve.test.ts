import assert from "node:assert/strict";
import { it } from "node:test";
import { admin, forEachDialect, testDeps } from "../../../test/helpers/db.ts";
import { findPlan } from "../../db/plan.repository.ts";
import { loadExample } from "./serve.ts";

forEachDialect("serve: the example plan", (t) => {
  it("is loaded once, approved by the XVI Assembly, with its report published", async () => {
    const deps = testDeps(t.db, admin);
    assert.match((await loadExample(deps)) ?? "", /gealc 2023/);
    assert.equal(await loadExample(deps), null, "a database with a plan is left alone");
    const plan = await findPlan(t.db, "gealc", 2023);
    assert.equal(plan?.lifecycleStatus, "approved");
    assert.equal(plan?.reportStatus, "published");
    // Approved in Lima on November 11, 2022; the report goes to the XVII Assembly (2023).
    assert.equal(plan?.approvedByAssembly, 16);
  });
});
