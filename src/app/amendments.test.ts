import assert from "node:assert/strict";
import { it } from "node:test";
import {
  admin,
  editor,
  failInsertsInto,
  forEachDialect,
  networkAdmin,
  snapshot,
  testDeps,
} from "../../test/helpers/db.ts";
import { smallPlan } from "../../test/helpers/plans.ts";
import { findActivity } from "../db/activity.repository.ts";
import { findArea } from "../db/area.repository.ts";
import { getPlan } from "../db/plan.repository.ts";
import { addAnnexItem } from "./add-annex-item.ts";
import { approvePlan } from "./approve-plan.ts";
import { createActivity } from "./create-activity.ts";
import { createArea } from "./create-area.ts";
import { importReport } from "./import-report.ts";
import { recordOccurrence } from "./record-occurrence.ts";
import { setStatus } from "./set-status.ts";
import { submitPlan } from "./submit-plan.ts";
import { DEFAULT_AMENDMENT_REASON } from "./transact.ts";
import { updateActivity } from "./update-activity.ts";
import { updateArea } from "./update-area.ts";
import { updatePlan } from "./update-plan.ts";

const ref = { network: "gealc", year: 2023 };
const december = {
  kind: "month" as const,
  start: "2023-12-01",
  end: "2023-12-31",
  count: null,
  text: "December",
};
const place = { kind: "virtual" as const, text: "Virtual", city: null, country: null };

forEachDialect("amendments of an approved plan", (t) => {
  const deps = () => testDeps(t.db, editor);
  const amendments = () =>
    t.db
      .selectFrom("amendments")
      .select(["number", "reason", "changes"])
      .orderBy("number")
      .execute();
  const activityVersion = async (code: string) => {
    const plan = await getPlan(t.db, ref.network, ref.year);
    return (await findActivity(t.db, plan, code, "en"))?.version ?? 0;
  };
  const areaVersion = async (code: string) => {
    const plan = await getPlan(t.db, ref.network, ref.year);
    return (await findArea(t.db, plan, code, "en"))?.version ?? 0;
  };

  it("a draft plan changes without amendments", async () => {
    await importReport(testDeps(t.db, admin), { document: smallPlan() });
    await updateActivity(deps(), {
      ...ref,
      code: "3.1.2",
      expectedVersion: await activityVersion("3.1.2"),
      planned: december,
    });
    assert.deepEqual(await amendments(), []);
  });

  it("once approved, a change to planned content is an amendment in the same write", async () => {
    const submitted = await submitPlan(deps(), {
      ...ref,
      expectedVersion: (await getPlan(t.db, ref.network, ref.year)).version,
    });
    await approvePlan(testDeps(t.db, networkAdmin), {
      ...ref,
      expectedVersion: submitted.version,
      assembly: { ordinal: 16, date: "2022-11-11", place: "Lima, Peru" },
    });
    await updateActivity(deps(), {
      ...ref,
      code: "3.1.1",
      expectedVersion: await activityVersion("3.1.1"),
      title: "A new title",
      location: place,
    });
    const [first, ...rest] = await amendments();
    assert.deepEqual(rest, []);
    assert.equal(first?.number, 1);
    assert.equal(first?.reason, DEFAULT_AMENDMENT_REASON);
    const change = JSON.parse(first?.changes ?? "{}");
    assert.equal(change.kind, "activity");
    assert.equal(change.code, "3.1.1");
    assert.deepEqual(Object.keys(change.after).sort(), ["location", "title"]);
    assert.equal(change.after.title, "A new title");
    assert.notEqual(change.before.title, "A new title");
  });

  it("takes the reason given, for activities, areas, the plan and new items", async () => {
    const reason = "Decided by the Executive Committee";
    await updateActivity(deps(), {
      ...ref,
      code: "3.1.2",
      expectedVersion: await activityVersion("3.1.2"),
      planned: { ...december, kind: "range", start: "2023-11-01", text: "November to December" },
      reason,
    });
    await updateArea(deps(), {
      ...ref,
      code: "3.2",
      expectedVersion: await areaVersion("3.2"),
      objective: "A changed objective",
      reason,
    });
    await updatePlan(deps(), {
      ...ref,
      expectedVersion: (await getPlan(t.db, ref.network, ref.year)).version,
      purpose: ["A changed purpose"],
      reason,
    });
    await createActivity(deps(), {
      ...ref,
      areaCode: "3.2",
      code: "3.2.9",
      title: "A new activity",
      location: place,
      planned: december,
      reason,
    });
    await createArea(deps(), { ...ref, code: "3.9", title: "A new area", reason });
    const list = (await amendments()).slice(1);
    assert.deepEqual(
      list.map((a) => {
        const c = JSON.parse(a.changes);
        return [a.number, a.reason, c.kind, c.code, Object.keys(c.after).sort().join(",")];
      }),
      [
        [2, reason, "activity", "3.1.2", "planned"],
        [3, reason, "area", "3.2", "objective"],
        [4, reason, "plan", null, "purpose"],
        [5, reason, "activity", "3.2.9", "code,location,planned,relations,title"],
        [6, reason, "area", "3.9", "code,objective,title"],
      ],
    );
  });

  it("execution, translations and changes to nothing are no amendments", async () => {
    const count = (await amendments()).length;
    const s = await setStatus(deps(), {
      ...ref,
      code: "3.1.2",
      expectedVersion: await activityVersion("3.1.2"),
      status: { code: "executed", when: null, note: null, text: "", sources: [] },
    });
    await recordOccurrence(deps(), {
      ...ref,
      code: "3.1.2",
      expectedVersion: s.version,
      when: december,
    });
    await addAnnexItem(deps(), { ...ref, when: december, title: "Unplanned webinar" });
    await updateActivity(deps(), {
      ...ref,
      code: "3.1.2",
      expectedVersion: await activityVersion("3.1.2"),
      lang: "es",
      title: "Un título traducido",
    });
    await updatePlan(deps(), {
      ...ref,
      expectedVersion: (await getPlan(t.db, ref.network, ref.year)).version,
      annexIntro: "Activities held beyond the plan",
      distribution: "For public distribution",
    });
    await updateArea(deps(), {
      ...ref,
      code: "3.2",
      expectedVersion: await areaVersion("3.2"),
      objective: "A changed objective",
    });
    assert.equal((await amendments()).length, count);
  });

  for (const table of ["amendments", "audit_log"]) {
    it(`a failure writing ${table} leaves neither the change nor the amendment`, async () => {
      const before = await snapshot(t.db);
      const failing = { ...deps(), db: t.db.withPlugin(failInsertsInto(table)) };
      await assert.rejects(
        updateActivity(failing, {
          ...ref,
          code: "3.1.5",
          expectedVersion: await activityVersion("3.1.5"),
          title: "A title that never lands",
          reason: "forced",
        }),
        /forced failure/,
      );
      assert.deepEqual(await snapshot(t.db), before);
    });
  }
});
