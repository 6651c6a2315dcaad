import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { approvePlan } from "../app/approve-plan.ts";
import { submitPlan } from "../app/submit-plan.ts";
import { openTestApp, type TestApp } from "./testing.ts";

const PLAN = "/api/v1/networks/gealc/plans/2023";

describe("Cache-Control", () => {
  let t: TestApp;
  before(async () => {
    t = await openTestApp("sqlite");
  });
  after(() => t.close());

  test("a signed-in caller's read of a draft is private, no-store, and still 304s", async () => {
    const res = await t.inject({ url: PLAN, as: "editor" });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers["cache-control"], "private, no-store");
    const etag = res.headers.etag as string;
    assert.ok(etag);
    const again = await t.inject({ url: PLAN, as: "editor", headers: { "if-none-match": etag } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.headers["cache-control"], "private, no-store");
    // The draft is unseen by anonymous readers, and that answer is not cached publicly.
    const anon = await t.inject({ url: PLAN });
    assert.equal(anon.statusCode, 404);
    assert.doesNotMatch(String(anon.headers["cache-control"] ?? ""), /public/);
  });

  test("a session cookie (even a stale one) makes the answer private too", async () => {
    const res = await t.inject({ url: "/api/v1/networks", headers: { cookie: "wp_session=x" } });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers["cache-control"], "private, no-store");
  });

  test("anonymous reads of published content are public for a minute, varying on credentials", async () => {
    const key = { network: "gealc", year: 2023 };
    const plan = await submitPlan(t.admin, { ...key, expectedVersion: 1 });
    await approvePlan(t.admin, {
      ...key,
      expectedVersion: plan.version,
      assembly: { ordinal: 17, date: "2023-11-21", place: "Virtual" },
    });
    for (const url of [PLAN, "/api/v1/networks"]) {
      const res = await t.inject({ url });
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.headers["cache-control"], "public, max-age=60", url);
      const vary = String(res.headers.vary)
        .split(",")
        .map((n) => n.trim().toLowerCase());
      assert.ok(vary.includes("authorization") && vary.includes("cookie"), url);
      assert.equal(new Set(vary).size, vary.length, `${url}: each name once in ${vary}`);
      const again = await t.inject({ url, headers: { "if-none-match": res.headers.etag } });
      assert.equal(again.statusCode, 304, url);
      assert.equal(again.headers["cache-control"], "public, max-age=60", url);
    }
    const signedIn = await t.inject({ url: PLAN, as: "viewer" });
    assert.equal(signedIn.headers["cache-control"], "private, no-store");
    const write = await t.inject({
      method: "PATCH",
      url: `${PLAN}/areas/3.1`,
      as: "admin",
      payload: { objective: "Cached?" },
    });
    assert.equal(write.headers["cache-control"], "private, no-store");
  });
});
