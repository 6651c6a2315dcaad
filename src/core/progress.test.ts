import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { gealc2023, tm } from "../../test/fixtures/gealc-2023-tracking.ts";
import type { Activity, PlanDocument, StatusCode, Timing } from "./plan.ts";
import {
  activityProgress,
  attentionList,
  daysBetween,
  type PlanProgress,
  PROGRESS_RULES,
  PROGRESS_STATES,
  planProgress,
  yearShareGone,
} from "./progress.ts";

function find(plan: PlanDocument, code: string): Activity {
  const a = plan.areas.flatMap((x) => x.activities).find((x) => x.code === code);
  assert.ok(a, code);
  return a;
}

function setStatus(plan: PlanDocument, code: string, st: StatusCode, when: Timing | null = null) {
  const a = find(plan, code);
  a.status = { ...a.status, code: st, when };
}

const stateOf = (p: PlanProgress, code: string) =>
  p.areas.flatMap((a) => a.activities).find((a) => a.code === code)?.state;

/** The 2023 plan as it stood on 1 July: what was held later was still to come. */
function asOfJuly() {
  const plan = gealc2023();
  setStatus(plan, "3.1.1", "scheduled", tm.date(9, 19, "September 19"));
  setStatus(plan, "3.3.1", "scheduled", tm.date(7, 27, "July 27"));
  setStatus(plan, "3.5.1", "scheduled", tm.date(7, 19, "July 19"));
  setStatus(plan, "3.7.1", "planned");
  setStatus(plan, "3.2.4", "planned");
  setStatus(plan, "3.2.5", "planned");
  for (const c of ["3.1.2", "3.2.2", "3.3.2", "3.5.2", "3.6.2", "3.7.2", "3.8.3", "3.9.3"]) {
    setStatus(plan, c, "planned");
  }
  return plan;
}

describe("progress rules", () => {
  it("has a one-line rule per state in en, es and pt", () => {
    for (const s of PROGRESS_STATES) {
      for (const lang of ["en", "es", "pt"] as const) {
        const line = PROGRESS_RULES[s][lang];
        assert.ok(line.length > 10 && !line.includes("\n"), `${s}/${lang}`);
      }
    }
  });

  it("computes the share of the year gone", () => {
    assert.equal(yearShareGone("2023-01-01", 2023), 0);
    assert.equal(yearShareGone("2024-01-01", 2023), 1);
    assert.equal(yearShareGone("2022-06-01", 2023), 0);
    assert.equal(yearShareGone("2023-07-02", 2023), 182 / 365);
    assert.equal(daysBetween("2023-11-21", "2023-11-20"), -1);
  });

  it("done: executed and executed otherwise; closed: superseded and cancelled", () => {
    const p = planProgress(gealc2023(), { today: "2023-11-21" });
    assert.equal(stateOf(p, "3.1.1"), "done"); // executed
    assert.equal(stateOf(p, "3.2.1"), "done"); // executed otherwise
    assert.equal(stateOf(p, "3.3.3"), "closed"); // superseded
    const plan = gealc2023();
    setStatus(plan, "3.8.4", "cancelled");
    assert.equal(stateOf(planProgress(plan, { today: "2024-02-01" }), "3.8.4"), "closed");
  });

  it("ongoing work is never late nor due soon; unclassified work is judged by its window", () => {
    const plan = gealc2023();
    assert.equal(stateOf(planProgress(plan, { today: "2024-01-05" }), "3.8.1"), "on_track");
    setStatus(plan, "3.8.4", "unclassified");
    assert.equal(stateOf(planProgress(plan, { today: "2024-01-05" }), "3.8.4"), "late");
  });

  it("late: a scheduled date passed without execution, and a window that ended", () => {
    const p = planProgress(gealc2023(), { today: "2023-11-21" });
    // "To be held on November 20": the day after, still not reported as held.
    for (const c of ["3.1.2", "3.2.2", "3.3.2", "3.5.2", "3.6.2", "3.7.2"]) {
      assert.equal(stateOf(p, c), "late", c);
    }
    const plan = gealc2023();
    const a = find(plan, "3.8.4");
    a.planned = tm.semester(1);
    assert.equal(activityProgress(a, { today: "2023-07-01", year: 2023 }).state, "late");
    assert.equal(activityProgress(a, { today: "2023-06-30", year: 2023 }).state, "due_soon");
    // After the year, whatever was not done is late, targets included.
    const after = planProgress(gealc2023(), { today: "2024-01-05" });
    assert.equal(stateOf(after, "3.6.3"), "late");
    assert.equal(stateOf(after, "3.9.1"), "late"); // no date: the plan year
  });

  it("due soon: a window or scheduled date ending within 30 days (configurable)", () => {
    const p = planProgress(gealc2023(), { today: "2023-11-21" });
    assert.equal(stateOf(p, "3.9.3"), "due_soon"); // November 20 to 22
    assert.equal(stateOf(p, "3.8.3"), "on_track"); // December: 40 days left
    const p45 = planProgress(gealc2023(), { today: "2023-11-21", dueSoonDays: 45 });
    assert.equal(stateOf(p45, "3.8.3"), "due_soon");
    const july = planProgress(asOfJuly(), { today: "2023-07-01" });
    assert.equal(stateOf(july, "3.3.1"), "due_soon"); // July 27
    assert.equal(stateOf(july, "3.5.1"), "due_soon"); // July 19
    assert.equal(stateOf(july, "3.1.1"), "on_track"); // September 19
  });

  it("behind target: 2 of 4 meetings held with 80% of the year gone", () => {
    const plan = gealc2023();
    const a = find(plan, "3.7.3"); // held May, June, August, September
    const ctx = { today: "2023-10-20", year: 2023 };
    assert.equal(yearShareGone(ctx.today, 2023), 292 / 365);
    assert.equal(activityProgress(a, ctx).state, "done");
    a.occurrences = a.occurrences.slice(0, 2);
    const p = activityProgress(a, ctx);
    assert.equal(p.state, "behind_target");
    assert.deepEqual(p.target, { held: 2, count: 4, expected: 3 });
    // Meetings dated after `today` are not counted yet (May and June, not July).
    assert.deepEqual(
      activityProgress(find(gealc2023(), "3.1.5"), { today: "2023-06-30", year: 2023 }).target,
      {
        held: 2,
        count: 4,
        expected: 1,
      },
    );
  });

  it("a target is done only when its count is met, whatever its status says", () => {
    const plan = gealc2023();
    // "Executed" with no meeting recorded: 0 of 4 is not a met target.
    assert.equal(
      activityProgress(find(plan, "3.2.5"), { today: "2023-11-21", year: 2023 }).state,
      "behind_target",
    );
    setStatus(plan, "3.2.5", "planned");
    assert.equal(
      activityProgress(find(plan, "3.2.5"), { today: "2023-11-21", year: 2023 }).state,
      "behind_target",
    );
    assert.equal(
      activityProgress(find(plan, "3.2.5"), { today: "2024-01-01", year: 2023 }).state,
      "late",
    );
  });

  it("the 2023 plan on 2023-07-01", () => {
    const p = planProgress(asOfJuly(), { today: "2023-07-01" });
    assert.equal(p.summary.total, 39);
    assert.deepEqual(p.summary.byState, {
      done: 12,
      closed: 1, // 3.3.3: superseded
      late: 0,
      behind_target: 2, // 3.2.5 and 3.4.2: no meeting yet, one due by now
      due_soon: 3,
      on_track: 21,
    });
    assert.equal(stateOf(p, "3.1.5"), "on_track"); // May and June held: 2 of 4 by midyear
    assert.equal(stateOf(p, "3.3.4"), "on_track");
    assert.deepEqual(
      attentionList(p).map((a) => [a.code, a.state]),
      [
        ["3.2.5", "behind_target"],
        ["3.4.2", "behind_target"],
        ["3.5.1", "due_soon"],
        ["3.7.1", "due_soon"],
        ["3.3.1", "due_soon"],
      ],
    );
    assert.deepEqual(p.summary.recurring, {
      activities: 8,
      target: 32,
      held: 17,
      heldTowardTarget: 17,
    });
  });

  it("the 2023 plan on 2023-11-21 (the day of the report)", () => {
    const p = planProgress(gealc2023(), { today: "2023-11-21" });
    assert.deepEqual(p.summary.byState, {
      done: 23,
      closed: 1,
      late: 6,
      behind_target: 2, // 3.2.5 and 3.4.2: "executed" over no meeting recorded
      due_soon: 1,
      on_track: 6,
    });
    assert.deepEqual(p.summary.byGroup, {
      executed: 22,
      executed_otherwise: 3,
      superseded: 1,
      cancelled: 0,
      in_progress: 5,
      not_started: 8,
      unclassified: 0,
    });
    // Superseded stays in the base: planned, and not executed.
    assert.deepEqual(p.summary.rate, { numerator: 25, denominator: 39, apart: 0 });
    assert.equal(p.summary.executionRate, 25 / 39);
    assert.deepEqual(p.summary.recurring, {
      activities: 8,
      target: 32,
      held: 30,
      heldTowardTarget: 24,
    });
    const cyber = p.areas.find((a) => a.code === "3.3");
    assert.ok(cyber);
    assert.deepEqual(cyber.summary.byGroup, {
      executed: 3,
      executed_otherwise: 0,
      superseded: 1,
      cancelled: 0,
      in_progress: 0,
      not_started: 1,
      unclassified: 0,
    });
    assert.equal(cyber.summary.executionRate, 3 / 5);
  });
});

describe("progress of the imported example (examples/gealc-2023/plan.json)", () => {
  it("agrees with the hand-built fixture on 2023-11-21", async () => {
    const { readFileSync } = await import("node:fs");
    const { parsePlanJson } = await import("../import/plan-json.ts");
    const url = new URL("../../examples/gealc-2023/plan.json", import.meta.url);
    const plan = parsePlanJson(readFileSync(url, "utf8"), "plan.json");
    const p = planProgress(plan, { today: "2023-11-21" });
    // The import reads 3.4.2 ("addressed cross-sectionally") as superseded: closed.
    assert.deepEqual(p.summary.byState, {
      done: 23,
      closed: 2,
      late: 6,
      behind_target: 1,
      due_soon: 1,
      on_track: 6,
    });
    assert.equal(p.areas.find((a) => a.code === "3.4")?.summary.executionRate, 1 / 2);
    assert.deepEqual(p.summary.recurring, {
      activities: 8,
      target: 32,
      held: 30,
      heldTowardTarget: 24,
    });
    assert.deepEqual(
      attentionList(p).map((a) => a.code),
      ["3.1.2", "3.2.2", "3.3.2", "3.5.2", "3.6.2", "3.7.2", "3.2.5", "3.9.3"],
    );
  });
});
