import assert from "node:assert/strict";
import { it } from "node:test";
import { gealc2023 } from "../../test/fixtures/gealc-2023-tracking.ts";
import { admin, editor, forEachDialect, testDeps, viewer } from "../../test/helpers/db.ts";
import { findActivity } from "../db/activity.repository.ts";
import { saveLinkCheck } from "../db/link-check.repository.ts";
import { findPlan } from "../db/plan.repository.ts";
import { findSource } from "../db/source.repository.ts";
import { approvePlan } from "./approve-plan.ts";
import { approveReport } from "./approve-report.ts";
import { carryOverPlan } from "./carry-over-plan.ts";
import { getDashboard } from "./get-dashboard.ts";
import { getNetworkExecution } from "./get-network-execution.ts";
import { importReport } from "./import-report.ts";
import { setStatus } from "./set-status.ts";
import { submitPlan } from "./submit-plan.ts";

const REPORT_DAY = () => new Date("2023-11-21T12:00:00Z");

forEachDialect("get-dashboard", (t) => {
  it("tells where the 2023 plan stood on the day of its report", async () => {
    await importReport(testDeps(t.db, admin), { document: gealc2023() });
    const plan = await findPlan(t.db, "gealc", 2023);
    assert.ok(plan);
    const src = await findSource(t.db, plan, 4, plan.language);
    assert.ok(src);
    await saveLinkCheck(t.db, {
      sourceId: src.id,
      planId: plan.id,
      url: src.source.url as string,
      ok: false,
      status: null,
      error: "timeout",
      finalUrl: null,
      redirects: 0,
      checkedAt: "2023-11-20T00:00:00Z",
    });
    const d = await getDashboard(testDeps(t.db, viewer, REPORT_DAY), {
      network: "gealc",
      year: 2023,
    });
    assert.equal(d.today, "2023-11-21");
    assert.deepEqual(
      d.late.map((a) => a.code),
      ["3.1.2", "3.2.2", "3.3.2", "3.5.2", "3.6.2", "3.7.2"],
    );
    assert.deepEqual(
      d.dueSoon.map((a) => [a.code, a.deadline, a.daysLeft]),
      [["3.9.3", "2023-11-22", 1]],
    );
    assert.deepEqual(d.areas.map((a) => [a.code, a.summary.total]).slice(0, 2), [
      ["3.1", 7],
      ["3.2", 5],
    ]);
    const meetings = d.targets.find((x) => x.code === "3.3.4");
    assert.deepEqual(
      meetings && [meetings.count, meetings.held, meetings.expected, meetings.state],
      [4, 4, 3, "done"],
    );
    const webinar = d.timeline.find((r) => r.code === "3.1.2");
    assert.deepEqual(webinar?.planned, {
      start: "2023-07-01",
      end: "2023-12-31",
      text: "2nd. semester",
    });
    assert.deepEqual(webinar?.actual, [
      { start: "2023-11-20", end: "2023-11-20", text: "November 20", kind: "scheduled" },
    ]);
    assert.equal(d.timeline.find((r) => r.code === "3.1.5")?.actual.length, 6);
    assert.deepEqual(
      d.brokenLinks?.map((b) => [b.source, b.error, b.citedBy]),
      [[4, "timeout", ["3.1.3"]]],
    );
  });

  it("keeps drafts from anonymous readers", async () => {
    await assert.rejects(
      getDashboard(testDeps(t.db, null, REPORT_DAY), { network: "gealc", year: 2023 }),
      {
        code: "not_found",
      },
    );
  });

  it("compares execution year by year", async () => {
    await carryOverPlan(testDeps(t.db, editor), { network: "gealc", year: 2023 });
    const n = await getNetworkExecution(testDeps(t.db, viewer, REPORT_DAY), { network: "gealc" });
    assert.deepEqual(
      n.years.map((y) => [y.year, y.summary?.total, y.summary?.executionRate]),
      [
        [2023, 39, 25 / 39],
        [2024, 20, 0],
      ],
    );
  });

  it("shows a working copy as of today, but never past 31 December of its year", async () => {
    const later = () => new Date("2026-11-15T12:00:00Z");
    const d = await getDashboard(testDeps(t.db, editor, later), { network: "gealc", year: 2023 });
    assert.equal(d.today, "2023-12-31");
    assert.equal(d.yearShareGone, 364 / 365);
    // Ongoing work is not late on the last day of its year.
    assert.equal(d.timeline.find((r) => r.code === "3.8.1")?.state, "on_track");
    // Targets with no meeting held are not "Done", whatever the status says.
    const none = d.targets.find((x) => x.code === "3.2.5");
    assert.deepEqual(none && [none.held, none.state], [0, "behind_target"]);
  });

  // The secretariat of a network of its own (approving is a network admin's).
  const otherAdmin = { ...editor, networks: { other: "admin" as const } };
  it("refuses to approve a report while a status needs one; records its data-as-of date", async () => {
    const doc = gealc2023();
    doc.network = { slug: "other", name: "Other network" };
    const a = doc.areas[0]?.activities[0];
    assert.ok(a);
    a.status = {
      code: "unclassified",
      when: null,
      note: "Awaiting.",
      text: "Awaiting.",
      sources: [],
    };
    // A network of its own: the install's administrator creates it.
    await importReport(testDeps(t.db, admin), { document: doc });
    const key = { network: "other", year: 2023 };
    let p = await findPlan(t.db, "other", 2023);
    assert.ok(p);
    p = await submitPlan(testDeps(t.db, otherAdmin), { ...key, expectedVersion: p.version });
    p = await approvePlan(testDeps(t.db, otherAdmin), {
      ...key,
      expectedVersion: p.version,
      assembly: { ordinal: 15, date: "2022-11-20", place: "Virtual" },
    });
    await assert.rejects(
      approveReport(testDeps(t.db, otherAdmin), { ...key, expectedVersion: p.version }),
      (e: Error & { code?: string }) =>
        e.code === "conflict" && /need a status: 3\.1\.1/.test(e.message),
    );
    const got = await findPlan(t.db, "other", 2023);
    assert.ok(got);
    const before = await findActivity(t.db, got, "3.1.1", got.language);
    assert.ok(before);
    const fixed = await setStatus(testDeps(t.db, otherAdmin), {
      ...key,
      code: "3.1.1",
      expectedVersion: before.version,
      status: { code: "executed" },
    });
    assert.equal(fixed.activity.status.code, "executed");
    const again = await findPlan(t.db, "other", 2023);
    assert.ok(again);
    const approved = await approveReport(testDeps(t.db, otherAdmin), {
      ...key,
      expectedVersion: again.version,
      dataAsOf: "2023-11-21",
    });
    assert.equal(approved.reportDataAsOf, "2023-11-21");
    const d = await getDashboard(testDeps(t.db, otherAdmin), key);
    assert.equal(d.today, "2023-11-21");
  });
});
