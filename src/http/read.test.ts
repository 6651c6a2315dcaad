import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDialects } from "../../test/helpers/db.ts";
import { approvePlan } from "../app/approve-plan.ts";
import { approveReport } from "../app/approve-report.ts";
import { publishReport } from "../app/publish-report.ts";
import { submitPlan } from "../app/submit-plan.ts";
import { PlanDocument } from "../core/plan.ts";
import { body, openTestApp, type TestApp } from "./testing.ts";

const PLAN = "/api/v1/networks/gealc/plans/2023";

for (const dialect of testDialects()) {
  describe(`HTTP reads [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(dialect);
    });
    after(() => t.close());

    test("GET /networks lists networks, with an ETag and 304 on If-None-Match", async () => {
      const res = await t.inject({ method: "GET", url: "/api/v1/networks" });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(
        body(res).networks.map((n: { slug: string }) => n.slug),
        ["gealc"],
      );
      const etag = res.headers.etag as string;
      assert.match(etag, /^W\/"/);
      const again = await t.inject({
        method: "GET",
        url: "/api/v1/networks",
        headers: { "if-none-match": etag },
      });
      assert.equal(again.statusCode, 304);
      assert.equal(again.body, "");
    });

    test("GET /networks/{net}: the network; unknown is a 404 problem", async () => {
      const res = await t.inject({ method: "GET", url: "/api/v1/networks/gealc" });
      assert.equal(res.statusCode, 200);
      assert.equal(body(res).name, "GEALC Network");
      const missing = await t.inject({ method: "GET", url: "/api/v1/networks/nope" });
      assert.equal(missing.statusCode, 404);
      assert.match(missing.headers["content-type"] as string, /^application\/problem\+json/);
      const p = body(missing);
      assert.equal(p.status, 404);
      assert.equal(p.code, "not_found");
      assert.equal(p.instance, "/api/v1/networks/nope");
      assert.ok(p.type && p.title && p.detail);
    });

    test("a bad path parameter is a 400 naming it", async () => {
      const res = await t.inject({ method: "GET", url: "/api/v1/networks/gealc/plans/abc" });
      assert.equal(res.statusCode, 400);
      const p = body(res);
      assert.equal(p.code, "invalid_input");
      assert.equal(p.errors[0].path, "year");
      assert.equal(p.errors[0].in, "params");
      assert.equal(p.detail, "The request's parameters are not valid.");
    });

    test("a bad query parameter is a 400 naming it", async () => {
      const res = await t.inject({ method: "GET", url: `${PLAN}?lang=fr` });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(
        body(res).errors.map((e: { path: string; in: string }) => [e.path, e.in]),
        [["lang", "query"]],
      );
      assert.equal(body(res).detail, "The request's query string is not valid.");
    });

    test("a malformed URL is a 400 problem, not Fastify's own JSON", async () => {
      for (const url of ["/api/v1/networks/%E0%A4%A", "/%E0%A4%A"]) {
        const res = await t.inject({ method: "GET", url });
        assert.equal(res.statusCode, 400, url);
        assert.match(res.headers["content-type"] as string, /^application\/problem\+json/);
        const p = body(res);
        assert.equal(p.code, "invalid_input");
        assert.equal(p.type, "/api/problems#invalid_input");
        assert.match(p.detail, /URL is not valid/);
        assert.equal(p.requestId, res.headers["x-request-id"]);
      }
    });

    test("unknown routes are 404 problems", async () => {
      const res = await t.inject({ method: "GET", url: "/api/v1/nothing/here" });
      assert.equal(res.statusCode, 404);
      assert.equal(body(res).code, "not_found");
      assert.match(res.headers["content-type"] as string, /problem\+json/);
    });

    test("a draft plan is 404 to anonymous callers (not 403), visible to signed-in ones", async () => {
      const anon = await t.inject({ method: "GET", url: PLAN });
      assert.equal(anon.statusCode, 404);
      const list = await t.inject({ method: "GET", url: "/api/v1/networks/gealc/plans" });
      assert.deepEqual(body(list).plans, []);
      const report = await t.inject({ method: "GET", url: `${PLAN}/report` });
      assert.equal(report.statusCode, 404);
      const viewer = await t.inject({ method: "GET", url: PLAN, as: "viewer" });
      assert.equal(viewer.statusCode, 200);
      const doc = PlanDocument.parse(body(viewer));
      assert.equal(doc.year, 2023);
      const listed = await t.inject({
        method: "GET",
        url: "/api/v1/networks/gealc/plans",
        as: "viewer",
      });
      assert.equal(body(listed).plans[0].lifecycleStatus, "draft");
    });

    test("a bad bearer token is a 401 problem, even on a public read", async () => {
      const res = await t.inject({
        method: "GET",
        url: "/api/v1/networks",
        headers: { authorization: "Bearer wp_not-a-token" },
      });
      assert.equal(res.statusCode, 401);
      assert.equal(body(res).code, "unauthenticated");
      assert.match(res.headers["www-authenticate"] as string, /^Bearer/);
    });

    test("the plan document: ETag by revision, 304, cache, languages", async () => {
      const res = await t.inject({ method: "GET", url: PLAN, as: "viewer" });
      assert.equal(res.statusCode, 200);
      assert.match(res.headers["content-type"] as string, /^application\/json/);
      assert.equal(res.headers["content-language"], "en");
      const etag = res.headers.etag as string;
      assert.match(etag, /^W\/"[^"]+\.r\d+"$/);
      const again = await t.inject({
        method: "GET",
        url: PLAN,
        as: "viewer",
        headers: { "if-none-match": etag },
      });
      assert.equal(again.statusCode, 304);
      const same = await t.inject({ method: "GET", url: PLAN, as: "editor" });
      assert.equal(same.body, res.body);
      // Spanish is not stored: the answer is in the language asked, every text marked.
      const es = await t.inject({ method: "GET", url: `${PLAN}?lang=es`, as: "viewer" });
      assert.equal(es.statusCode, 200);
      assert.equal(body(es).language, "es");
      assert.equal(body(es).textLanguages["/title"], "en");
      assert.equal(body(res).textLanguages, undefined);
    });

    test("reports as HTML and Markdown for signed-in users", async () => {
      const html = await t.inject({
        method: "GET",
        url: `${PLAN}/report?format=html`,
        as: "viewer",
      });
      assert.equal(html.statusCode, 200);
      assert.match(html.headers["content-type"] as string, /^text\/html/);
      assert.match(html.body, /<html/i);
      assert.match(html.headers["content-security-policy"] as string, /default-src 'none'/);
      const md = await t.inject({
        method: "GET",
        url: `${PLAN}/report?format=md&lang=en`,
        as: "viewer",
      });
      assert.equal(md.statusCode, 200);
      assert.match(md.headers["content-type"] as string, /^text\/markdown/);
      assert.match(md.body, /^# /m);
      const bad = await t.inject({ method: "GET", url: `${PLAN}/report?format=pdf`, as: "viewer" });
      assert.equal(bad.statusCode, 400);
      assert.equal(body(bad).errors[0].path, "format");
    });

    test("approved plans are public without their execution; published reports with it", async () => {
      const key = { network: "gealc", year: 2023 };
      let plan = await submitPlan(t.admin, { ...key, expectedVersion: 1 });
      plan = await approvePlan(t.admin, {
        ...key,
        expectedVersion: plan.version,
        assembly: { ordinal: 17, date: "2023-11-21", place: "Virtual" },
      });
      const anon = await t.inject({ method: "GET", url: PLAN });
      assert.equal(anon.statusCode, 200);
      const redacted = PlanDocument.parse(body(anon));
      assert.deepEqual(redacted.annex, []);
      assert.ok(redacted.areas.every((a) => a.activities.every((x) => x.occurrences.length === 0)));
      // The approved plan as frozen at approval: its ETag names that version, not a revision.
      assert.match(anon.headers.etag as string, /\.a1"$/);
      assert.equal((await t.inject({ method: "GET", url: `${PLAN}/report` })).statusCode, 404);
      const listed = await t.inject({ method: "GET", url: "/api/v1/networks/gealc/plans" });
      assert.equal(body(listed).plans.length, 1);

      plan = await approveReport(t.admin, { ...key, expectedVersion: plan.version });
      await publishReport(t.admin, { ...key, expectedVersion: plan.version });
      const full = await t.inject({ method: "GET", url: PLAN });
      assert.equal(full.statusCode, 200);
      assert.ok(PlanDocument.parse(body(full)).annex.length > 0);
      assert.doesNotMatch(full.headers.etag as string, /\.p"$/);
      // The stale cached copy is not served: the revision moved on.
      assert.notEqual(full.headers.etag, anon.headers.etag);
      const report = await t.inject({ method: "GET", url: `${PLAN}/report?format=html&lang=en` });
      assert.equal(report.statusCode, 200);
    });
  });
}
