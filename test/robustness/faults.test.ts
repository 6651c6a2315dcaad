import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import { createDb } from "../../src/db/create-db.ts";
import { buildApp } from "../../src/http/app.ts";
import { drain } from "../../src/http/server.ts";
import { body, testConfig } from "../../src/http/testing.ts";
import { testDialects } from "../helpers/db.ts";
import { driverError, faults, type Instances, json, openInstances, PLAN } from "./setup.ts";

let down = false;
const plugin = faults(() => (down ? driverError("ECONNREFUSED", "connect ECONNREFUSED") : null));

for (const dialect of testDialects()) {
  describe(`robustness: faults [${dialect}]`, () => {
    let t: Instances;
    before(async () => {
      t = await openInstances(dialect, 1, {
        plugin,
        portal: true,
      });
    });
    after(() => t.close());

    test("/healthz answers while the process lives; /readyz while the database answers", async () => {
      const health = await t.inject({ method: "GET", url: "/healthz" });
      assert.equal(health.statusCode, 200);
      assert.deepEqual(body(health), { status: "ok" });
      const ready = await t.inject({ method: "GET", url: "/readyz" });
      assert.equal(ready.statusCode, 200);
      assert.deepEqual(body(ready), { status: "ready" });
    });

    test("the database unreachable: /readyz 503 with Retry-After, requests 503, /healthz 200; then back", async () => {
      down = true;
      try {
        const ready = await t.inject({ method: "GET", url: "/readyz" });
        assert.equal(ready.statusCode, 503);
        assert.equal(body(ready).code, "unavailable");
        assert.ok(Number(ready.headers["retry-after"]) > 0);
        assert.equal((await t.inject({ method: "GET", url: "/healthz" })).statusCode, 200);
        const read = await t.inject({ method: "GET", url: PLAN, as: "editor" });
        assert.equal(read.statusCode, 503);
        assert.match(String(read.headers["content-type"]), /^application\/problem\+json/);
        assert.ok(Number(read.headers["retry-after"]) > 0);
        const write = await t.inject({
          method: "PUT",
          url: `${PLAN}/activities/3.1.1/status`,
          as: "editor",
          ...json({ code: "ongoing" }),
        });
        assert.equal(write.statusCode, 503);
        const page = await t.inject({ method: "GET", url: "/gealc/2023" });
        assert.equal(page.statusCode, 503);
        assert.ok(Number(page.headers["retry-after"]) > 0);
      } finally {
        down = false;
      }
      assert.equal((await t.inject({ method: "GET", url: "/readyz" })).statusCode, 200);
      assert.equal((await t.inject({ method: "GET", url: PLAN, as: "editor" })).statusCode, 200);
    });

    test("SIGTERM drains: no new connection, the request in flight finishes, the pool closes", async () => {
      const handle = await createDb(t.url);
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let entered: () => void = () => {};
      const inFlight = new Promise<void>((resolve) => {
        entered = resolve;
      });
      const app: FastifyInstance = await buildApp({
        config: testConfig(),
        db: handle.db,
        clock: () => new Date(),
        plugins: [
          async (a) => {
            a.get("/slow", async () => {
              entered();
              await held;
              await handle.db.selectFrom("plans").select("id").execute();
              return "finished";
            });
          },
        ],
      });
      await app.listen({ host: "127.0.0.1", port: 0 });
      const port = (app.server.address() as { port: number }).port;
      const slow = get(port, "/slow");
      await inFlight;
      let dbClosed = false;
      const drained = drain(
        app,
        async () => {
          dbClosed = true;
          await handle.close();
        },
        60_000,
      );
      // Closed to new connections while the slow request is still running.
      await assert.rejects(get(port, "/healthz"), /ECONNREFUSED|ECONNRESET/);
      assert.equal(dbClosed, false);
      release();
      assert.deepEqual(await slow, { status: 200, body: "finished" });
      assert.equal(await drained, "drained");
      assert.equal(dbClosed, true);
    });

    test("past the grace period the drain cuts what is left and still closes the pool", async () => {
      const handle = await createDb(t.url);
      let entered: () => void = () => {};
      const inFlight = new Promise<void>((resolve) => {
        entered = resolve;
      });
      const app = await buildApp({
        config: testConfig(),
        db: handle.db,
        clock: () => new Date(),
        plugins: [
          async (a) => {
            a.get("/never", () => {
              entered();
              return new Promise(() => {});
            });
          },
        ],
      });
      await app.listen({ host: "127.0.0.1", port: 0 });
      const port = (app.server.address() as { port: number }).port;
      const never = get(port, "/never").catch((e: Error) => e);
      await inFlight;
      let dbClosed = false;
      const how = await drain(
        app,
        async () => {
          dbClosed = true;
          await handle.close();
        },
        20,
      );
      assert.equal(how, "cut");
      assert.equal(dbClosed, true);
      assert.ok((await never) instanceof Error);
    });
  });
}

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c) => {
        text += c;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

if (testDialects().includes("postgres")) {
  describe("robustness: PostgreSQL connections cut [postgres]", () => {
    let t: Instances;
    let admin: pg.Client;
    let dbName: string;
    before(async () => {
      t = await openInstances("postgres", 1);
      dbName = new URL(t.url).pathname.slice(1);
      admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
    });
    after(async () => {
      await admin.end();
      await t.close();
    });

    /** The app's backends on the test database (not ours, not the blocker's). */
    const backends = async (except: number[]) =>
      (
        await admin.query(
          "SELECT pid, wait_event_type, query FROM pg_stat_activity WHERE datname = $1 AND pid <> ALL($2::int[])",
          [dbName, except],
        )
      ).rows as { pid: number; wait_event_type: string | null; query: string }[];

    test("a connection terminated mid-query fails that request with 503; the process serves on", async () => {
      // A blocker holds the plan's row, so the app's writes wait inside their query.
      const blocker = new pg.Client({ connectionString: t.url });
      await blocker.connect();
      const blockerPid = (await blocker.query("SELECT pg_backend_pid() AS pid")).rows[0].pid;
      await blocker.query("BEGIN");
      await blocker.query("SELECT id FROM plans WHERE year = 2023 FOR UPDATE");
      const writes = [0, 1, 2, 3].map((i) =>
        t.inject({
          method: "POST",
          url: `${PLAN}/activities/3.1.1/occurrences`,
          as: "editor",
          ...json({
            when: {
              kind: "month",
              start: "2023-05-01",
              end: "2023-05-31",
              count: null,
              text: `May ${i}`,
            },
          }),
        }),
      );
      let waiting: { pid: number }[] = [];
      while (waiting.length < 4) {
        waiting = (await backends([blockerPid])).filter((b) => b.wait_event_type === "Lock");
      }
      await admin.query("SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid", [
        waiting.map((b) => b.pid),
      ]);
      const res = await Promise.all(writes);
      for (const r of res) {
        assert.equal(r.statusCode, 503, r.body);
        assert.equal(body(r).code, "unavailable");
        assert.ok(Number(r.headers["retry-after"]) > 0);
      }
      await blocker.query("ROLLBACK");
      await blocker.end();
      // The pool replaced the connections: the same writes now succeed.
      const again = await t.inject({
        method: "POST",
        url: `${PLAN}/activities/3.1.1/occurrences`,
        as: "editor",
        ...json({
          when: {
            kind: "month",
            start: "2023-06-01",
            end: "2023-06-30",
            count: null,
            text: "June",
          },
        }),
      });
      assert.equal(again.statusCode, 201);
      assert.equal((await t.inject({ method: "GET", url: "/readyz" })).statusCode, 200);
    });

    test("idle connections terminated: no crash, the next requests connect anew", async () => {
      await Promise.all([0, 1, 2].map(() => t.inject({ method: "GET", url: PLAN, as: "editor" })));
      const pids = (await backends([])).map((b) => b.pid);
      assert.ok(pids.length > 0);
      await admin.query("SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid", [pids]);
      while ((await backends([])).some((b) => pids.includes(b.pid))) {
        await new Promise((r) => setImmediate(r));
      }
      const seen: number[] = [];
      for (let i = 0; i < 5; i++) {
        seen.push((await t.inject({ method: "GET", url: PLAN, as: "editor" })).statusCode);
      }
      assert.ok(
        seen.every((s) => s === 200 || s === 503),
        String(seen),
      );
      assert.equal(seen.at(-1), 200);
    });
  });
}
