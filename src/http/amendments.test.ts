import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { failInsertsInto, snapshot, testDialects } from "../../test/helpers/db.ts";
import { approvePlan } from "../app/approve-plan.ts";
import { submitPlan } from "../app/submit-plan.ts";
import { DEFAULT_AMENDMENT_REASON } from "../app/transact.ts";
import { buildApp } from "./app.ts";
import { body, openTestApp, type TestApp, testConfig } from "./testing.ts";

const PLAN = "/api/v1/networks/gealc/plans/2023";
const json = (payload: unknown) => ({
  payload: JSON.stringify(payload),
  headers: { "content-type": "application/json" },
});
const december = {
  kind: "month",
  start: "2023-12-01",
  end: "2023-12-31",
  count: null,
  text: "December",
};

for (const dialect of testDialects()) {
  describe(`HTTP edits of an approved plan are amendments [${dialect}]`, () => {
    let t: TestApp;
    const amendments = () =>
      t.db
        .selectFrom("amendments")
        .select(["number", "reason", "changes"])
        .orderBy("number")
        .execute();
    before(async () => {
      t = await openTestApp(dialect);
      const key = { network: "gealc", year: 2023 };
      const plan = await submitPlan(t.admin, { ...key, expectedVersion: 1 });
      await approvePlan(t.admin, {
        ...key,
        expectedVersion: plan.version,
        assembly: { ordinal: 16, date: "2022-11-11", place: "Lima, Peru" },
      });
    });
    after(() => t.close());

    test("PATCH an activity with a reason, an area and the plan without one", async () => {
      const a = await t.inject({
        method: "PATCH",
        url: `${PLAN}/activities/3.1.2`,
        as: "editor",
        ...json({ planned: december, reason: "Moved by the working group" }),
      });
      assert.equal(a.statusCode, 200, a.body);
      const area = await t.inject({
        method: "PATCH",
        url: `${PLAN}/areas/3.2`,
        as: "editor",
        ...json({ title: "A changed title" }),
      });
      assert.equal(area.statusCode, 200, area.body);
      const plan = await t.inject({
        method: "PATCH",
        url: PLAN,
        as: "editor",
        ...json({ title: "The amended plan", reason: "" }),
      });
      assert.equal(plan.statusCode, 200, plan.body);
      const created = await t.inject({
        method: "POST",
        url: `${PLAN}/areas/3.1/activities`,
        as: "editor",
        ...json({
          code: "3.1.9",
          title: "An added webinar",
          location: { kind: "virtual", text: "Virtual", city: null, country: null },
          planned: december,
          reason: "Added by the Assembly",
        }),
      });
      assert.equal(created.statusCode, 201, created.body);
      const list = (await amendments()).map((r) => {
        const c = JSON.parse(r.changes);
        return [r.number, r.reason, c.kind, c.code, Object.keys(c.after).sort().join(",")];
      });
      assert.deepEqual(list, [
        [1, "Moved by the working group", "activity", "3.1.2", "planned"],
        [2, DEFAULT_AMENDMENT_REASON, "area", "3.2", "title"],
        [3, DEFAULT_AMENDMENT_REASON, "plan", null, "title"],
        [4, "Added by the Assembly", "activity", "3.1.9", "code,location,planned,relations,title"],
      ]);
    });

    test("a translation through /translations is no amendment; the original stays", async () => {
      const count = (await amendments()).length;
      const res = await t.inject({
        method: "PUT",
        url: `${PLAN}/translations/es`,
        as: "editor",
        ...json({ texts: { "/title": "Plan de trabajo", "/areas/0/activities/0/title": "Uno" } }),
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal((await amendments()).length, count);
      const en = body(await t.inject({ url: PLAN, as: "editor" }));
      assert.notEqual(en.title, "Plan de trabajo");
      assert.notEqual(en.areas[0].activities[0].title, "Uno");
    });

    test("a status is execution: no amendment", async () => {
      const count = (await amendments()).length;
      const res = await t.inject({
        method: "PUT",
        url: `${PLAN}/activities/3.1.2/status`,
        as: "editor",
        ...json({ code: "scheduled", when: december }),
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal((await amendments()).length, count);
    });

    test("a failure recording the amendment leaves the activity unchanged (one transaction)", async () => {
      const failing = await buildApp({
        config: testConfig(),
        db: t.db.withPlugin(failInsertsInto("amendments")),
        clock: () => new Date(),
        logger: false,
      });
      try {
        const before = await snapshot(t.db);
        const res = await failing.inject({
          method: "PATCH",
          url: `${PLAN}/activities/3.1.1`,
          headers: {
            authorization: `Bearer ${t.tokens.editor}`,
            "content-type": "application/json",
          },
          payload: JSON.stringify({ title: "A title that never lands", reason: "forced" }),
        });
        assert.equal(res.statusCode, 500);
        assert.deepEqual(await snapshot(t.db), before);
        const read = await t.inject({ url: `${PLAN}/activities/3.1.1`, as: "editor" });
        assert.notEqual(body(read).title, "A title that never lands");
      } finally {
        await failing.close();
      }
    });
  });
}
