import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import SwaggerParser from "@apidevtools/swagger-parser";
import type { KyselyPlugin, RootOperationNode } from "kysely";
import { testDialects } from "../../test/helpers/db.ts";
import { smallPlan } from "../../test/helpers/plans.ts";
import { approvePlan } from "../app/approve-plan.ts";
import { createUser } from "../app/create-user.ts";
import { submitPlan } from "../app/submit-plan.ts";
import { updateArea } from "../app/update-area.ts";
import { createDb } from "../db/create-db.ts";
import { renderMarkdown } from "../render/markdown.ts";
import { buildApp } from "./app.ts";
import { body, openTestApp, seed, sharedDatabase, type TestApp, testConfig } from "./testing.ts";

const PLAN = "/api/v1/networks/gealc/plans/2023";

/** Makes every INSERT into `table` fail: an import that breaks halfway. */
const failInsertsInto = (table: string): KyselyPlugin => ({
  transformQuery({ node }): RootOperationNode {
    if (node.kind === "InsertQueryNode" && node.into?.table.identifier.name === table) {
      throw new Error(`simulated failure writing ${table} (secret internals)`);
    }
    return node;
  },
  async transformResult({ result }) {
    return result;
  },
});

for (const dialect of testDialects()) {
  describe(`HTTP app [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(dialect, {
        authLimits: { max: 3, timeWindowMs: 60_000 },
        plugins: [
          async (app) => {
            app.get("/portal/boom", async () => {
              throw new Error("database password is hunter2");
            });
            app.get("/portal/hello", async () => "hello from a plugin");
          },
        ],
      });
    });
    after(() => t.close());

    test("the OpenAPI document is valid OpenAPI 3.1 and lists every API route", async () => {
      const res = await t.inject({ method: "GET", url: "/api/openapi.json" });
      assert.equal(res.statusCode, 200);
      const doc = body(res);
      assert.equal(doc.openapi, "3.1.0");
      await SwaggerParser.validate(structuredClone(doc));
      const paths = Object.keys(doc.paths);
      for (const p of [
        "/api/v1/networks",
        "/api/v1/networks/{net}/plans/{year}",
        "/api/v1/networks/{net}/plans/{year}/report",
        "/api/v1/networks/{net}/plans/{year}/activities/{code}/status",
        "/api/v1/imports",
      ]) {
        assert.ok(paths.includes(p), p);
      }
      assert.ok(!paths.some((p) => p.startsWith("/portal")), "plugins' pages stay out");
      const docs = await t.inject({ method: "GET", url: "/api/docs/" });
      assert.equal(docs.statusCode, 200);
      assert.match(docs.body, /swagger/i);
    });

    test("plugins given to buildApp are served, and their errors are problems without internals", async () => {
      const hello = await t.inject({ method: "GET", url: "/portal/hello" });
      assert.equal(hello.body, "hello from a plugin");
      const boom = await t.inject({ method: "GET", url: "/portal/boom" });
      assert.equal(boom.statusCode, 500);
      const p = body(boom);
      assert.equal(p.code, "internal");
      assert.doesNotMatch(boom.body, /hunter2|stack|at /);
      assert.equal(p.requestId, boom.headers["x-request-id"]);
      assert.ok(p.detail.includes(p.requestId));
    });

    test("imports: Markdown and JSON bodies, 409 without replace, 422 with the line", async () => {
      const md = renderMarkdown(smallPlan(), { lang: "en" });
      const made = await t.inject({
        method: "POST",
        url: "/api/v1/imports?network=other-net",
        as: "admin",
        payload: md,
        headers: { "content-type": "text/markdown; charset=utf-8" },
      });
      assert.equal(made.statusCode, 201, made.body);
      assert.equal(made.headers.location, "/api/v1/networks/other-net/plans/2023");
      assert.equal(body(made).location, made.headers.location);
      assert.ok(Array.isArray(body(made).warnings));
      const read = await t.inject({
        method: "GET",
        url: made.headers.location as string,
        as: "admin",
      });
      assert.equal(read.statusCode, 200);
      assert.equal(body(read).network.slug, "other-net");

      const json = JSON.stringify(smallPlan(), null, 2);
      const dup = await t.inject({
        method: "POST",
        url: "/api/v1/imports?network=other-net",
        as: "admin",
        payload: json,
        headers: { "content-type": "application/json" },
      });
      assert.equal(dup.statusCode, 409);
      const replaced = await t.inject({
        method: "POST",
        url: "/api/v1/imports?network=other-net&replace=true",
        as: "admin",
        payload: json,
        headers: { "content-type": "application/json" },
      });
      assert.equal(replaced.statusCode, 200, replaced.body);
      assert.equal(body(replaced).replaced, true);

      const broken = await t.inject({
        method: "POST",
        url: "/api/v1/imports?filename=plan.json",
        as: "editor",
        payload: '{\n  "schema": "workplan.plan/v1",\n  "year": "x"\n',
        headers: { "content-type": "application/json" },
      });
      assert.equal(broken.statusCode, 422);
      const p = body(broken);
      assert.equal(p.code, "parse_error");
      assert.equal(p.errors[0].path, "plan.json");
      assert.equal(typeof p.errors[0].line, "number");

      const anon = await t.inject({
        method: "POST",
        url: "/api/v1/imports",
        payload: md,
        headers: { "content-type": "text/markdown" },
      });
      assert.equal(anon.statusCode, 401);
      const viewer = await t.inject({
        method: "POST",
        url: "/api/v1/imports?network=third",
        as: "viewer",
        payload: md,
        headers: { "content-type": "text/markdown" },
      });
      assert.equal(viewer.statusCode, 403);
      const empty = await t.inject({
        method: "POST",
        url: "/api/v1/imports",
        as: "editor",
        payload: "",
        headers: { "content-type": "text/plain" },
      });
      assert.equal(empty.statusCode, 400);
    });

    test("an import that fails halfway leaves no rows behind", async () => {
      const failing = await buildApp({
        config: testConfig(),
        db: t.db.withPlugin(failInsertsInto("annex_items")),
        clock: () => new Date(),
      });
      try {
        const count = async () => {
          const rows = await Promise.all(
            (
              ["networks", "plans", "areas", "activities", "sources", "texts", "audit_log"] as const
            ).map(async (table) =>
              Number(
                (
                  await t.db
                    .selectFrom(table)
                    .select((eb) => eb.fn.countAll().as("n"))
                    .executeTakeFirstOrThrow()
                ).n,
              ),
            ),
          );
          return rows;
        };
        const before = await count();
        const res = await failing.inject({
          method: "POST",
          url: "/api/v1/imports?network=half-way",
          payload: JSON.stringify(smallPlan()),
          headers: {
            "content-type": "application/json",
            authorization: `Bearer ${t.tokens.admin}`,
          },
        });
        assert.equal(res.statusCode, 500);
        assert.doesNotMatch(res.body, /secret internals|annex_items/);
        assert.deepEqual(await count(), before);
        const gone = await t.inject({
          method: "GET",
          url: "/api/v1/networks/half-way",
          as: "viewer",
        });
        assert.equal(gone.statusCode, 404);
      } finally {
        await failing.close();
      }
    });

    test("failed bearer tokens are limited per address: 429 with Retry-After", async () => {
      const bad = () =>
        t.inject({
          method: "GET",
          url: "/api/v1/networks",
          headers: { authorization: "Bearer wp_nope", "x-forwarded-for": "ignored" },
          remoteAddress: "203.0.113.7",
        });
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await bad()).statusCode);
      assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
      const last = await bad();
      assert.equal(body(last).code, "rate_limited");
      assert.ok(Number(last.headers["retry-after"]) > 0);
      // A valid token from the same address still works (behind a proxy, everyone shares
      // it); the next bad one is still refused. Another address is not affected.
      const good = await t.inject({
        method: "GET",
        url: "/api/v1/networks",
        as: "viewer",
        remoteAddress: "203.0.113.7",
      });
      assert.equal(good.statusCode, 200, "a valid token is never refused by the limiter");
      assert.equal((await bad()).statusCode, 429);
      const other = await t.inject({
        method: "GET",
        url: "/api/v1/networks",
        as: "viewer",
        remoteAddress: "203.0.113.8",
      });
      assert.equal(other.statusCode, 200);
    });

    test("sessions: sign in sets wp_session; cookie writes work from this site only; sign out ends it", async () => {
      await createUser(t.admin, {
        email: "writer@example.org",
        name: "Writer",
        role: "editor",
        network: "gealc",
        password: "correct horse battery",
      });
      const wrong = await t.inject({
        method: "POST",
        url: "/api/v1/session",
        payload: { email: "writer@example.org", password: "wrong password!" },
        remoteAddress: "198.51.100.1",
      });
      assert.equal(wrong.statusCode, 401);
      const ok = await t.inject({
        method: "POST",
        url: "/api/v1/session",
        payload: { email: "writer@example.org", password: "correct horse battery" },
        remoteAddress: "198.51.100.1",
      });
      assert.equal(ok.statusCode, 200, ok.body);
      const cookie = ok.cookies.find((c) => c.name === "wp_session");
      assert.ok(cookie?.value);
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, "Lax");
      const headers = { cookie: `wp_session=${cookie.value}`, "content-type": "application/json" };
      const me = await t.inject({ method: "GET", url: "/api/v1/session", headers });
      assert.equal(body(me).role, "editor");
      const write = await t.inject({
        method: "PATCH",
        url: `${PLAN}/areas/3.1`,
        headers: { ...headers, origin: "http://127.0.0.1:3000" },
        payload: JSON.stringify({ objective: "Set through a session" }),
      });
      assert.equal(write.statusCode, 200, write.body);
      const csrf = await t.inject({
        method: "PATCH",
        url: `${PLAN}/areas/3.1`,
        headers: { ...headers, origin: "https://evil.example" },
        payload: JSON.stringify({ objective: "Forged" }),
      });
      assert.equal(csrf.statusCode, 403);
      const out = await t.inject({
        method: "DELETE",
        url: "/api/v1/session",
        headers: { cookie: headers.cookie },
      });
      assert.equal(out.statusCode, 204);
      const after = await t.inject({
        method: "PATCH",
        url: `${PLAN}/areas/3.1`,
        headers,
        payload: JSON.stringify({ objective: "After sign-out" }),
      });
      assert.equal(after.statusCode, 401);
    });

    test("failed sign-ins are limited per address and e-mail", async () => {
      const attempt = (email: string) =>
        t.inject({
          method: "POST",
          url: "/api/v1/session",
          payload: { email, password: "guess guess guess" },
          remoteAddress: "192.0.2.44",
        });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await attempt("nobody@example.org")).statusCode);
      assert.deepEqual(statuses, [401, 401, 401, 429]);
      // The same e-mail however written; another e-mail from the same address is not blocked.
      assert.equal((await attempt(" NOBODY@example.org")).statusCode, 429);
      assert.equal((await attempt("somebody@example.org")).statusCode, 401);
    });
  });

  describe(`two app instances on one database [${dialect}]`, () => {
    test("see each other's writes and sessions", async () => {
      const shared = await sharedDatabase(dialect);
      const a = await createDb(shared.url);
      const b = await createDb(shared.url);
      const clock = () => new Date();
      try {
        const { tokens, admin } = await seed(a.db, smallPlan());
        await createUser(admin, {
          email: "both@example.org",
          name: "Both",
          role: "editor",
          password: "correct horse battery",
        });
        const one = await buildApp({ config: testConfig(), db: a.db, clock });
        const two = await buildApp({ config: testConfig(), db: b.db, clock });
        try {
          const auth = { authorization: `Bearer ${tokens.editor}` };
          // Both read (and cache) the document first.
          const first = await two.inject({ method: "GET", url: PLAN, headers: auth });
          assert.equal(first.statusCode, 200);
          const write = await one.inject({
            method: "PATCH",
            url: `${PLAN}/areas/3.1`,
            headers: { ...auth, "content-type": "application/json" },
            payload: JSON.stringify({ title: "Written through one" }),
          });
          assert.equal(write.statusCode, 200, write.body);
          const seen = await two.inject({
            method: "GET",
            url: PLAN,
            headers: { ...auth, "if-none-match": first.headers.etag as string },
          });
          assert.equal(seen.statusCode, 200);
          assert.equal(body(seen).areas[0].title, "Written through one");
          // A stale ETag from one instance is stale on the other too.
          const stale = await two.inject({
            method: "PATCH",
            url: `${PLAN}/areas/3.1`,
            headers: {
              ...auth,
              "content-type": "application/json",
              "if-match": first.headers.etag as string,
            },
            payload: JSON.stringify({ title: "Lost" }),
          });
          assert.equal(stale.statusCode, 412);

          const signIn = await one.inject({
            method: "POST",
            url: "/api/v1/session",
            payload: { email: "both@example.org", password: "correct horse battery" },
          });
          assert.equal(signIn.statusCode, 200);
          const cookie = signIn.cookies.find((c) => c.name === "wp_session")?.value;
          const me = await two.inject({
            method: "GET",
            url: "/api/v1/session",
            headers: { cookie: `wp_session=${cookie}` },
          });
          assert.equal(me.statusCode, 200);
          assert.equal(body(me).role, "editor");
          const out = await two.inject({
            method: "DELETE",
            url: "/api/v1/session",
            headers: { cookie: `wp_session=${cookie}` },
          });
          assert.equal(out.statusCode, 204);
          const gone = await one.inject({
            method: "GET",
            url: "/api/v1/session",
            headers: { cookie: `wp_session=${cookie}` },
          });
          assert.equal(gone.statusCode, 401);
        } finally {
          await one.close();
          await two.close();
        }
      } finally {
        await a.close();
        await b.close();
        await shared.cleanup();
      }
    });
  });
}

for (const dialect of testDialects()) {
  describe(`anonymous readers' short memo [${dialect}]`, () => {
    test("writes through the app are seen at once; other writers' within publicFreshnessMs", async () => {
      const t = await openTestApp(dialect, { publicFreshnessMs: 60_000 });
      try {
        const key = { network: "gealc", year: 2023 };
        let plan = await submitPlan(t.admin, { ...key, expectedVersion: 1 });
        plan = await approvePlan(t.admin, {
          ...key,
          expectedVersion: plan.version,
          assembly: { ordinal: 17, date: "2023-11-21", place: "Virtual" },
        });
        const first = await t.inject({ method: "GET", url: PLAN });
        assert.equal(first.statusCode, 200);
        const write = await t.inject({
          method: "PATCH",
          url: `${PLAN}/areas/3.1`,
          as: "editor",
          payload: { title: "Through the app" },
        });
        assert.equal(write.statusCode, 200);
        const second = await t.inject({ method: "GET", url: PLAN });
        assert.notEqual(second.headers.etag, first.headers.etag);
        assert.equal(body(second).areas[0].title, "Through the app");
        // A write this app did not see (another instance): anonymous readers catch up later,
        // signed-in readers at once.
        await updateArea(t.admin, { ...key, code: "3.1", expectedVersion: 2, title: "Elsewhere" });
        const anon = await t.inject({ method: "GET", url: PLAN });
        assert.equal(anon.headers.etag, second.headers.etag);
        const signedIn = await t.inject({ method: "GET", url: PLAN, as: "viewer" });
        assert.equal(body(signedIn).areas[0].title, "Elsewhere");
      } finally {
        await t.close();
      }
    });
  });
}
