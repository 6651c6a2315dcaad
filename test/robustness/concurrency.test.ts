import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { LightMyRequestResponse } from "fastify";
import { body } from "../../src/http/testing.ts";
import { testDialects } from "../helpers/db.ts";
import {
  driverError,
  faults,
  type Instances,
  json,
  openInstances,
  PLAN,
  statuses,
  writtenTable,
} from "./setup.ts";

const WRITERS = 50;
const when = { kind: "month", start: "2023-05-01", end: "2023-05-31", count: null, text: "May" };
const status = (note: string) => json({ code: "ongoing", note });

/** One switchable fault for the whole suite: what the next queries should fail with. */
let fault: ((table: string | null, kind: string) => Error | null) | null = null;
const plugin = faults((node) => fault?.(writtenTable(node), node.kind) ?? null);

for (const dialect of testDialects()) {
  // SQLite: one process; PostgreSQL: two instances with a pool each, on one database.
  const count = dialect === "postgres" ? 2 : 1;
  describe(`robustness: concurrent writes [${dialect}]`, () => {
    let t: Instances;
    before(async () => {
      // Fifty writes of one row queue on its lock, each holding a pooled connection: how long
      // the last waits for one is the machine's speed (ten times longer on a loaded CI), not
      // what is tested here (that none is lost). (A query that waits longer answers 503.)
      t = await openInstances(dialect, count, { plugin, poolWaitMs: 60_000 });
    });
    after(() => t.close());

    /** `WRITERS` requests at once, alternating over the instances. */
    const all = (make: (i: number) => Promise<LightMyRequestResponse>) =>
      Promise.all(Array.from({ length: WRITERS }, (_, i) => make(i)));
    const activityVersion = async (code: string) =>
      (
        await t.admin.db
          .selectFrom("activities")
          .select("version")
          .where("code", "=", code)
          .executeTakeFirstOrThrow()
      ).version;

    test(`${WRITERS} writers with the plan ETag of one GET: exactly one 200, ${WRITERS - 1} × 412`, async () => {
      const read = await t.inject({ method: "GET", url: `${PLAN}/activities/3.1.1`, as: "editor" });
      const etag = read.headers.etag as string;
      assert.match(etag, /\.r\d+"$/);
      const res = await all((i) =>
        t.inject({
          method: "PUT",
          url: `${PLAN}/activities/3.1.1/status`,
          as: "editor",
          app: i % count,
          ...status(`writer ${i}`),
          headers: { "content-type": "application/json", "if-match": etag },
        }),
      );
      assert.deepEqual(statuses(res), { 200: 1, 412: WRITERS - 1 });
      for (const r of res.filter((r) => r.statusCode === 412)) {
        assert.equal(body(r).code, "precondition_failed");
      }
    });

    test(`${WRITERS} writers with the activity's own ETag: exactly one 200, ${WRITERS - 1} × 412`, async () => {
      const first = await t.inject({
        method: "PUT",
        url: `${PLAN}/activities/3.1.2/status`,
        as: "editor",
        ...status("first"),
      });
      const etag = first.headers.etag as string;
      assert.match(etag, /\.v\d+"$/);
      const before = await activityVersion("3.1.2");
      const res = await all((i) =>
        t.inject({
          method: "PUT",
          url: `${PLAN}/activities/3.1.2/status`,
          as: "editor",
          app: i % count,
          ...status(`writer ${i}`),
          headers: { "content-type": "application/json", "if-match": etag },
        }),
      );
      assert.deepEqual(statuses(res), { 200: 1, 412: WRITERS - 1 });
      assert.equal(await activityVersion("3.1.2"), before + 1);
    });

    test("a row's ETag survives changes elsewhere in the plan; the plan's ETag does not", async () => {
      const plan = (await t.inject({ method: "GET", url: PLAN, as: "editor" })).headers
        .etag as string;
      const own = (
        await t.inject({
          method: "PUT",
          url: `${PLAN}/activities/3.2.1/status`,
          as: "editor",
          ...status("own"),
        })
      ).headers.etag as string;
      const planNow = (await t.inject({ method: "GET", url: PLAN, as: "editor" })).headers
        .etag as string;
      // Another activity changes: 3.2.1's own tag still matches, the plan's tag does not.
      await t.inject({
        method: "PUT",
        url: `${PLAN}/activities/3.2.2/status`,
        as: "editor",
        ...status("elsewhere"),
      });
      const withPlanTag = await t.inject({
        method: "PUT",
        url: `${PLAN}/activities/3.2.1/status`,
        as: "editor",
        ...status("x"),
        headers: { "content-type": "application/json", "if-match": planNow },
      });
      assert.equal(withPlanTag.statusCode, 412);
      const withOldPlanTag = await t.inject({
        method: "PUT",
        url: `${PLAN}/activities/3.2.1/status`,
        as: "editor",
        ...status("x"),
        headers: { "content-type": "application/json", "if-match": plan },
      });
      assert.equal(withOldPlanTag.statusCode, 412);
      const withOwnTag = await t.inject({
        method: "PUT",
        url: `${PLAN}/activities/3.2.1/status`,
        as: "editor",
        ...status("x"),
        headers: { "content-type": "application/json", "if-match": own },
      });
      assert.equal(withOwnTag.statusCode, 200);
      // A tag naming another row or another plan is stale.
      const other = await t.inject({
        method: "PUT",
        url: `${PLAN}/activities/3.2.1/status`,
        as: "editor",
        ...status("x"),
        headers: { "content-type": "application/json", "if-match": 'W/"someone-else.v1"' },
      });
      assert.equal(other.statusCode, 412);
    });

    test(`${WRITERS} PUTs without If-Match: every one succeeds, none is lost`, async () => {
      const before = await activityVersion("3.1.5");
      const res = await all((i) =>
        t.inject({
          method: "PUT",
          url: `${PLAN}/activities/3.1.5/status`,
          as: "editor",
          app: i % count,
          ...status(`writer ${i}`),
        }),
      );
      assert.deepEqual(statuses(res), { 200: WRITERS });
      assert.equal(await activityVersion("3.1.5"), before + WRITERS);
    });

    test(`${WRITERS} occurrence POSTs without If-Match: ${WRITERS} × 201, ${WRITERS} occurrences`, async () => {
      const res = await all((i) =>
        t.inject({
          method: "POST",
          url: `${PLAN}/activities/3.2.2/occurrences`,
          as: "editor",
          app: i % count,
          ...json({ when }),
        }),
      );
      assert.deepEqual(statuses(res), { 201: WRITERS });
      const read = await t.inject({ method: "GET", url: `${PLAN}/activities/3.2.2`, as: "editor" });
      assert.equal(body(read).occurrences.length, WRITERS);
    });

    test(`${WRITERS} source POSTs: ${WRITERS} × 201 with ${WRITERS} distinct numbers`, async () => {
      const res = await all((i) =>
        t.inject({
          method: "POST",
          url: `${PLAN}/sources`,
          as: "editor",
          app: i % count,
          ...json({ label: `source ${i}`, url: `https://example.org/${i}` }),
        }),
      );
      assert.deepEqual(statuses(res), { 201: WRITERS });
      assert.equal(new Set(res.map((r) => body(r).id)).size, WRITERS);
    });

    test("a serialization failure is retried inside the use case: the write succeeds", async () => {
      let failures = 0;
      fault = (table) => {
        if (table !== "activities" || failures >= 2) return null;
        failures++;
        return driverError("40001", "could not serialize access due to concurrent update");
      };
      try {
        const before = await activityVersion("3.1.1");
        const res = await t.inject({
          method: "PUT",
          url: `${PLAN}/activities/3.1.1/status`,
          as: "editor",
          ...status("after two failures"),
        });
        assert.equal(res.statusCode, 200);
        assert.equal(failures, 2);
        assert.equal(await activityVersion("3.1.1"), before + 1);
      } finally {
        fault = null;
      }
    });

    test("a race lost three times is 503 with Retry-After, and nothing is written", async () => {
      let attempts = 0;
      fault = (table) => {
        if (table !== "activities") return null;
        attempts++;
        return driverError(dialect === "postgres" ? "40P01" : "SQLITE_BUSY", "deadlock detected");
      };
      try {
        const before = await activityVersion("3.1.1");
        const res = await t.inject({
          method: "PUT",
          url: `${PLAN}/activities/3.1.1/status`,
          as: "editor",
          ...status("never"),
        });
        assert.equal(res.statusCode, 503);
        assert.equal(body(res).code, "unavailable");
        assert.ok(Number(res.headers["retry-after"]) > 0);
        assert.equal(attempts, 3);
        assert.equal(await activityVersion("3.1.1"), before);
      } finally {
        fault = null;
      }
    });

    test("Idempotency-Key: a retry answers the first answer and records nothing twice", async () => {
      const key = { "idempotency-key": `occ-${dialect}-1` };
      const count0 = body(
        await t.inject({ method: "GET", url: `${PLAN}/activities/3.1.2`, as: "editor" }),
      ).occurrences.length;
      const first = await t.inject({
        method: "POST",
        url: `${PLAN}/activities/3.1.2/occurrences`,
        as: "editor",
        ...json({ when }, key),
      });
      assert.equal(first.statusCode, 201);
      const again = await t.inject({
        method: "POST",
        url: `${PLAN}/activities/3.1.2/occurrences`,
        as: "editor",
        app: count - 1,
        ...json({ when }, key),
      });
      assert.equal(again.statusCode, 201);
      assert.deepEqual(body(again), body(first));
      assert.equal(again.headers.etag, first.headers.etag);
      const read = await t.inject({ method: "GET", url: `${PLAN}/activities/3.1.2`, as: "editor" });
      assert.equal(body(read).occurrences.length, count0 + 1);
      // The same key with another request is refused.
      const other = await t.inject({
        method: "POST",
        url: `${PLAN}/activities/3.1.2/occurrences`,
        as: "editor",
        ...json({ when: { ...when, text: "in May" } }, key),
      });
      assert.equal(other.statusCode, 409);
      // Keys are per user: another user's same key is a request of its own.
      const admin = await t.inject({
        method: "POST",
        url: `${PLAN}/activities/3.1.2/occurrences`,
        as: "admin",
        ...json({ when }, key),
      });
      assert.equal(admin.statusCode, 201);
      const bad = await t.inject({
        method: "POST",
        url: `${PLAN}/activities/3.1.2/occurrences`,
        as: "editor",
        ...json({ when }, { "idempotency-key": "" }),
      });
      assert.equal(bad.statusCode, 400);
    });

    test("Idempotency-Key: a client retrying after a 503 records the occurrence once", async () => {
      const key = { "idempotency-key": `occ-${dialect}-503` };
      const count0 = body(
        await t.inject({ method: "GET", url: `${PLAN}/activities/3.2.3`, as: "editor" }),
      ).occurrences.length;
      fault = (table) =>
        table === "occurrences"
          ? driverError("57P01", "terminating connection due to administrator command")
          : null;
      let res: LightMyRequestResponse;
      try {
        res = await t.inject({
          method: "POST",
          url: `${PLAN}/activities/3.2.3/occurrences`,
          as: "editor",
          ...json({ when }, key),
        });
      } finally {
        fault = null;
      }
      assert.equal(res.statusCode, 503);
      assert.ok(res.headers["retry-after"]);
      const retries = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          t.inject({
            method: "POST",
            url: `${PLAN}/activities/3.2.3/occurrences`,
            as: "editor",
            app: i % count,
            ...json({ when }, key),
          }),
        ),
      );
      assert.deepEqual(statuses(retries), { 201: 10 });
      assert.equal(new Set(retries.map((r) => r.body)).size, 1);
      const read = await t.inject({ method: "GET", url: `${PLAN}/activities/3.2.3`, as: "editor" });
      assert.equal(body(read).occurrences.length, count0 + 1);
    });

    test("Idempotency-Key on creating a plan: four concurrent retries create one plan", async () => {
      const key = { "idempotency-key": `plan-${dialect}` };
      const b = { year: 2030, title: "2030 Work Plan", language: "en" };
      const res = await Promise.all(
        [0, 1, 2, 3].map((i) =>
          t.inject({
            method: "POST",
            url: "/api/v1/networks/gealc/plans",
            as: "editor",
            app: i % count,
            ...json(b, key),
          }),
        ),
      );
      assert.deepEqual(statuses(res), { 201: 4 });
      const plans = await t.admin.db
        .selectFrom("plans")
        .select("id")
        .where("year", "=", 2030)
        .execute();
      assert.equal(plans.length, 1);
    });
  });
}
