import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDialects } from "../../test/helpers/db.ts";
import { body, openTestApp, type TestApp } from "./testing.ts";

const PLAN = "/api/v1/networks/gealc/plans/2023";
const json = (payload: unknown) => ({
  payload: JSON.stringify(payload),
  headers: { "content-type": "application/json" },
});
const when = { kind: "month", start: "2023-05-01", end: "2023-05-31", count: null, text: "May" };
const place = { kind: "virtual", text: "Virtual", city: null, country: null };

for (const dialect of testDialects()) {
  describe(`HTTP writes [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(dialect);
    });
    after(() => t.close());

    test("writes need credentials (401) and a role that may write (403)", async () => {
      const anon = await t.inject({
        method: "POST",
        url: `${PLAN}/areas`,
        ...json({ code: "3.9", title: "X" }),
      });
      assert.equal(anon.statusCode, 401);
      assert.equal(body(anon).code, "unauthenticated");
      const viewer = await t.inject({
        method: "POST",
        url: `${PLAN}/areas`,
        as: "viewer",
        ...json({ code: "3.9", title: "X" }),
      });
      assert.equal(viewer.statusCode, 403);
      assert.equal(body(viewer).code, "forbidden");
    });

    test("POST a plan: 201 with Location; the same year again is 409", async () => {
      const b = { year: 2024, title: "2024 Work Plan", language: "en" };
      const res = await t.inject({
        method: "POST",
        url: "/api/v1/networks/gealc/plans",
        as: "editor",
        ...json(b),
      });
      assert.equal(res.statusCode, 201);
      assert.equal(res.headers.location, "/api/v1/networks/gealc/plans/2024");
      assert.equal(body(res).lifecycleStatus, "draft");
      assert.ok(res.headers.etag);
      const again = await t.inject({
        method: "POST",
        url: "/api/v1/networks/gealc/plans",
        as: "editor",
        ...json(b),
      });
      assert.equal(again.statusCode, 409);
      assert.equal(body(again).code, "conflict");
    });

    test("a bad body field is a 400 naming its path", async () => {
      const res = await t.inject({
        method: "POST",
        url: "/api/v1/networks/gealc/plans",
        as: "editor",
        ...json({ year: "soon", title: "", language: "en" }),
      });
      assert.equal(res.statusCode, 400);
      const paths = body(res)
        .errors.map((e: { path: string }) => e.path)
        .sort();
      assert.deepEqual(paths, ["title", "year"]);
      assert.ok(body(res).errors.every((e: { in: string }) => e.in === "body"));
      assert.equal(body(res).detail, "The request's body is not valid.");
      const nested = await t.inject({
        method: "POST",
        url: `${PLAN}/activities/3.1.1/occurrences`,
        as: "editor",
        ...json({ when: { ...when, start: "May" } }),
      });
      assert.equal(nested.statusCode, 400);
      assert.equal(body(nested).errors[0].path, "when.start");
      const broken = await t.inject({
        method: "POST",
        url: `${PLAN}/areas`,
        as: "editor",
        payload: "{ not json",
        headers: { "content-type": "application/json" },
      });
      assert.equal(broken.statusCode, 400);
      assert.match(broken.headers["content-type"] as string, /problem\+json/);
    });

    test("PATCH the plan: a stale If-Match is 412 and changes nothing", async () => {
      const doc = await t.inject({ method: "GET", url: PLAN, as: "editor" });
      const etag = doc.headers.etag as string;
      const ok = await t.inject({
        method: "PATCH",
        url: PLAN,
        as: "editor",
        ...json({ title: "Renamed plan" }),
        headers: { "content-type": "application/json", "if-match": etag },
      });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(body(ok).title, "Renamed plan");
      const stale = await t.inject({
        method: "PATCH",
        url: PLAN,
        as: "editor",
        payload: JSON.stringify({ title: "Lost update" }),
        headers: { "content-type": "application/json", "if-match": etag },
      });
      assert.equal(stale.statusCode, 412);
      assert.equal(body(stale).code, "precondition_failed");
      const now = await t.inject({ method: "GET", url: PLAN, as: "editor" });
      assert.equal(body(now).title, "Renamed plan");
      assert.notEqual(now.headers.etag, etag);
      const garbage = await t.inject({
        method: "PATCH",
        url: PLAN,
        as: "editor",
        payload: JSON.stringify({ title: "Lost update" }),
        headers: { "content-type": "application/json", "if-match": '"nonsense"' },
      });
      assert.equal(garbage.statusCode, 412);
    });

    test("areas: create, read, rename; duplicates 409; unknown 404", async () => {
      const made = await t.inject({
        method: "POST",
        url: `${PLAN}/areas`,
        as: "editor",
        ...json({ code: "3.3", title: "Data", objective: "Open data" }),
      });
      assert.equal(made.statusCode, 201, made.body);
      assert.equal(made.headers.location, `${PLAN}/areas/3.3`);
      assert.deepEqual(body(made), {
        code: "3.3",
        title: "Data",
        objective: "Open data",
        activities: [],
      });
      const dup = await t.inject({
        method: "POST",
        url: `${PLAN}/areas`,
        as: "editor",
        ...json({ code: "3.3", title: "Again" }),
      });
      assert.equal(dup.statusCode, 409);
      const bad = await t.inject({
        method: "POST",
        url: `${PLAN}/areas`,
        as: "editor",
        ...json({ code: "three", title: "X" }),
      });
      assert.equal(bad.statusCode, 400);
      assert.equal(body(bad).errors[0].path, "code");
      const got = await t.inject({ method: "GET", url: `${PLAN}/areas/3.3`, as: "viewer" });
      assert.equal(got.statusCode, 200);
      const patched = await t.inject({
        method: "PATCH",
        url: `${PLAN}/areas/3.3`,
        as: "editor",
        payload: JSON.stringify({ title: "Open data" }),
        headers: { "content-type": "application/json", "if-match": made.headers.etag as string },
      });
      assert.equal(patched.statusCode, 200, patched.body);
      assert.equal(body(patched).title, "Open data");
      const stale = await t.inject({
        method: "PATCH",
        url: `${PLAN}/areas/3.3`,
        as: "editor",
        payload: JSON.stringify({ title: "Stale" }),
        headers: { "content-type": "application/json", "if-match": made.headers.etag as string },
      });
      assert.equal(stale.statusCode, 412);
      const list = await t.inject({ method: "GET", url: `${PLAN}/areas`, as: "viewer" });
      assert.deepEqual(
        body(list)
          .areas.map((a: { code: string; title: string }) => [a.code, a.title])
          .at(-1),
        ["3.3", "Open data"],
      );
      const missing = await t.inject({ method: "GET", url: `${PLAN}/areas/9.9`, as: "viewer" });
      assert.equal(missing.statusCode, 404);
      const missingPatch = await t.inject({
        method: "PATCH",
        url: `${PLAN}/areas/9.9`,
        as: "editor",
        ...json({ title: "X" }),
      });
      assert.equal(missingPatch.statusCode, 404);
    });

    test("a coordinator writes in their own area only (403 elsewhere, nothing changed)", async () => {
      const activity = { code: "3.1.9", title: "Workshop", location: place, planned: when };
      const own = await t.inject({
        method: "POST",
        url: `${PLAN}/areas/3.1/activities`,
        as: "coordinator",
        ...json(activity),
      });
      assert.equal(own.statusCode, 201, own.body);
      assert.equal(own.headers.location, `${PLAN}/activities/3.1.9`);
      assert.equal(body(own).status.code, "planned");
      const other = await t.inject({
        method: "POST",
        url: `${PLAN}/areas/3.2/activities`,
        as: "coordinator",
        ...json({ ...activity, code: "3.2.9" }),
      });
      assert.equal(other.statusCode, 403);
      const status = await t.inject({
        method: "PUT",
        url: `${PLAN}/activities/3.2.1/status`,
        as: "coordinator",
        ...json({ code: "cancelled" }),
      });
      assert.equal(status.statusCode, 403);
      const after = await t.inject({
        method: "GET",
        url: `${PLAN}/activities/3.2.1`,
        as: "viewer",
      });
      assert.notEqual(body(after).status.code, "cancelled");
      assert.equal(
        (await t.inject({ method: "GET", url: `${PLAN}/activities/3.2.9`, as: "viewer" }))
          .statusCode,
        404,
      );
    });

    test("activities: patch, status, occurrences, with ETags that go stale", async () => {
      const got = await t.inject({
        method: "GET",
        url: `${PLAN}/activities/3.1.2`,
        as: "coordinator",
      });
      assert.equal(got.statusCode, 200);
      const planTag = got.headers.etag as string;
      const patched = await t.inject({
        method: "PATCH",
        url: `${PLAN}/activities/3.1.2`,
        as: "coordinator",
        payload: JSON.stringify({ title: "A better title" }),
        // The plan's ETag (what the reader saw) is a fine precondition.
        headers: { "content-type": "application/json", "if-match": planTag },
      });
      assert.equal(patched.statusCode, 200, patched.body);
      assert.equal(body(patched).title, "A better title");
      const rowTag = patched.headers.etag as string;
      assert.match(rowTag, /\.v\d+"$/);
      const stale = await t.inject({
        method: "PUT",
        url: `${PLAN}/activities/3.1.2/status`,
        as: "coordinator",
        payload: JSON.stringify({ code: "cancelled" }),
        headers: { "content-type": "application/json", "if-match": planTag },
      });
      assert.equal(stale.statusCode, 412);
      const unchanged = await t.inject({
        method: "GET",
        url: `${PLAN}/activities/3.1.2`,
        as: "viewer",
      });
      assert.notEqual(body(unchanged).status.code, "cancelled");
      const status = await t.inject({
        method: "PUT",
        url: `${PLAN}/activities/3.1.2/status`,
        as: "coordinator",
        payload: JSON.stringify({ code: "in_progress", note: "Under way" }),
        headers: { "content-type": "application/json", "if-match": rowTag },
      });
      assert.equal(status.statusCode, 200, status.body);
      assert.equal(body(status).status.code, "in_progress");
      const occ = await t.inject({
        method: "POST",
        url: `${PLAN}/activities/3.1.2/occurrences`,
        as: "coordinator",
        ...json({ when, evidence: [{ url: "https://example.org/minutes" }] }),
      });
      assert.equal(occ.statusCode, 201, occ.body);
      const o = body(occ);
      assert.equal(o.activity.occurrences.length, 1);
      assert.equal(o.evidence[0].url, "https://example.org/minutes");
      assert.deepEqual(o.occurrence.sources, [o.evidence[0].id]);
      const all = await t.inject({ method: "GET", url: `${PLAN}/activities`, as: "viewer" });
      assert.ok(body(all).activities.some((a: { code: string }) => a.code === "3.1.2"));
    });

    test("an unconditional write applies to the current version", async () => {
      const a = await t.inject({
        method: "PATCH",
        url: `${PLAN}/activities/3.1.1`,
        as: "editor",
        ...json({ title: "One" }),
      });
      const b = await t.inject({
        method: "PATCH",
        url: `${PLAN}/activities/3.1.1`,
        as: "editor",
        ...json({ title: "Two" }),
      });
      assert.equal(a.statusCode, 200);
      assert.equal(b.statusCode, 200);
      assert.equal(body(b).title, "Two");
    });

    test("sources: list, add, read, change", async () => {
      const list = await t.inject({ method: "GET", url: `${PLAN}/sources`, as: "viewer" });
      const n = body(list).sources.length;
      const added = await t.inject({
        method: "POST",
        url: `${PLAN}/sources`,
        as: "editor",
        ...json({ url: "https://example.org/evidence", label: "Evidence" }),
      });
      assert.equal(added.statusCode, 201, added.body);
      const id = body(added).id;
      assert.ok(id > n - 1);
      assert.equal(added.headers.location, `${PLAN}/sources/${id}`);
      const got = await t.inject({ method: "GET", url: `${PLAN}/sources/${id}`, as: "viewer" });
      assert.equal(body(got).label, "Evidence");
      const changed = await t.inject({
        method: "PATCH",
        url: `${PLAN}/sources/${id}`,
        as: "editor",
        payload: JSON.stringify({ label: "Minutes" }),
        headers: { "content-type": "application/json", "if-match": added.headers.etag as string },
      });
      assert.equal(changed.statusCode, 200, changed.body);
      assert.equal(body(changed).label, "Minutes");
      const badUrl = await t.inject({
        method: "PATCH",
        url: `${PLAN}/sources/${id}`,
        as: "editor",
        ...json({ url: "ftp://x" }),
      });
      assert.equal(badUrl.statusCode, 400);
      assert.equal(body(badUrl).errors[0].path, "url");
      assert.equal(
        (await t.inject({ method: "GET", url: `${PLAN}/sources/999`, as: "viewer" })).statusCode,
        404,
      );
    });

    test("annex: list and add", async () => {
      const before = body(await t.inject({ method: "GET", url: `${PLAN}/annex`, as: "viewer" }));
      const added = await t.inject({
        method: "POST",
        url: `${PLAN}/annex`,
        as: "editor",
        ...json({ when, title: "A visit nobody planned" }),
      });
      assert.equal(added.statusCode, 201, added.body);
      const now = body(await t.inject({ method: "GET", url: `${PLAN}/annex`, as: "viewer" }));
      assert.equal(now.items.length, before.items.length + 1);
      assert.equal(now.items.at(-1).title, "A visit nobody planned");
    });

    test("the plan document follows writes (no stale cache)", async () => {
      const before = await t.inject({ method: "GET", url: PLAN, as: "viewer" });
      await t.inject({
        method: "PATCH",
        url: `${PLAN}/areas/3.2`,
        as: "editor",
        ...json({ title: "Renamed area" }),
      });
      const after = await t.inject({
        method: "GET",
        url: PLAN,
        as: "viewer",
        headers: { "if-none-match": before.headers.etag as string },
      });
      assert.equal(after.statusCode, 200);
      assert.ok(body(after).areas.some((a: { title: string }) => a.title === "Renamed area"));
      const html = await t.inject({ method: "GET", url: `${PLAN}/report`, as: "viewer" });
      assert.match(html.body, /Renamed area/);
    });

    test("a body over the limit is a 413 problem; an unknown content type 415", async () => {
      const big = await t.inject({
        method: "POST",
        url: `${PLAN}/areas`,
        as: "editor",
        ...json({ code: "3.8", title: "x".repeat(1024 * 1024 + 10) }),
      });
      assert.equal(big.statusCode, 413);
      assert.equal(body(big).code, "payload_too_large");
      const odd = await t.inject({
        method: "POST",
        url: `${PLAN}/areas`,
        as: "editor",
        payload: "code=3.8",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      assert.equal(odd.statusCode, 415);
      assert.equal(body(odd).status, 415);
    });

    test("plan lifecycle through the API", async () => {
      const url = "/api/v1/networks/gealc/plans/2024";
      const sub = await t.inject({ method: "POST", url: `${url}/submit`, as: "editor" });
      assert.equal(sub.statusCode, 200, sub.body);
      assert.equal(body(sub).lifecycleStatus, "submitted");
      assert.equal(body(sub).title, "2024 Work Plan");
      const twice = await t.inject({ method: "POST", url: `${url}/submit`, as: "editor" });
      assert.equal(twice.statusCode, 409);
      const coord = await t.inject({
        method: "POST",
        url: `${url}/return-to-draft`,
        as: "coordinator",
      });
      assert.equal(coord.statusCode, 403);
      const ok = await t.inject({
        method: "POST",
        url: `${url}/approve`,
        as: "netadmin",
        ...json({ assembly: { ordinal: 18, date: "2024-11-20", place: "Virtual" } }),
      });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(body(ok).lifecycleStatus, "approved");
      assert.equal((await t.inject({ method: "GET", url })).statusCode, 200);
    });
  });
}
