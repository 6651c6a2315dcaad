import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { testDialects } from "../../test/helpers/db.ts";
import { claimJobRun, finishJobRun } from "../db/job-run.repository.ts";
import { openTestApp, type TestApp, testConfig } from "./testing.ts";

for (const dialect of testDialects()) {
  describe(`observability [${dialect}]`, () => {
    let t: TestApp;
    let logged: string[] = [];
    const logStream = new Writable({
      write(chunk, _enc, done) {
        logged.push(...String(chunk).trim().split("\n"));
        done();
      },
    });
    before(async () => {
      t = await openTestApp(dialect, { logger: { level: "debug", stream: logStream } });
    });
    after(() => t.close());

    it("/metrics gives latency by route, cache look-ups, job runs and the process's numbers", async () => {
      await claimJobRun(t.db, {
        job: "weekly-reminders",
        slot: "2023-11-21T08:00:00.000Z",
        instance: "a",
        at: "2023-11-21T08:00:00.000Z",
      });
      await finishJobRun(t.db, {
        job: "weekly-reminders",
        slot: "2023-11-21T08:00:00.000Z",
        at: "2023-11-21T08:00:01.000Z",
        outcome: "ok",
      });
      assert.equal((await t.inject({ url: "/api/v1/networks" })).statusCode, 200);
      const res = await t.inject({ url: "/metrics" });
      assert.equal(res.statusCode, 200);
      assert.match(res.headers["content-type"] as string, /^text\/plain/);
      assert.equal(res.headers["cache-control"], "no-store");
      const text = res.body;
      assert.match(
        text,
        /workplan_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/networks",status_code="200"\} 1/,
      );
      assert.match(
        text,
        /workplan_render_cache_requests_total\{cache="render",result="(hit|miss)"\}/,
      );
      assert.match(text, /workplan_job_runs_total\{job="weekly-reminders",outcome="ok"\} 1/);
      assert.match(text, /workplan_process_resident_memory_bytes \d+/);
      if (dialect === "postgres") {
        assert.doesNotMatch(text, /workplan_db_pool_connections\{/); // the test app gives no pool
      }
    });

    it("a scraper from elsewhere gets 404; with METRICS_TOKEN only its bearer is answered", async () => {
      const far = await t.inject({ url: "/metrics", remoteAddress: "203.0.113.9" });
      assert.equal(far.statusCode, 404);
      const token = "a-metrics-token-of-some-length";
      const withToken = await openTestApp(dialect, { config: testConfig({ metricsToken: token }) });
      try {
        const none = await withToken.app.inject({ url: "/metrics" });
        assert.equal(none.statusCode, 404, "a token set: loopback alone is not enough");
        const wrong = await withToken.app.inject({
          url: "/metrics",
          headers: { authorization: `Bearer ${token}x` },
        });
        assert.equal(wrong.statusCode, 404);
        const right = await withToken.app.inject({
          url: "/metrics",
          remoteAddress: "203.0.113.9",
          headers: { authorization: `Bearer ${token}` },
        });
        assert.equal(right.statusCode, 200);
      } finally {
        await withToken.close();
      }
    });

    it("one log line per request at debug, carrying its request id", async () => {
      logged = [];
      const res = await t.inject({ url: "/api/v1/networks" });
      const lines = logged.map((l) => JSON.parse(l) as Record<string, unknown>);
      const requestLines = lines.filter((l) => l.msg === "request");
      assert.equal(requestLines.length, 1);
      assert.equal(requestLines[0]?.reqId, res.headers["x-request-id"]);
      assert.equal(requestLines[0]?.status, 200);
      assert.equal(requestLines[0]?.level, 20); // debug
      assert.equal(lines.filter((l) => l.msg === "incoming request").length, 0);
    });
  });
}
