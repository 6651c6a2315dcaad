import assert from "node:assert/strict";
import { test } from "node:test";
import Fastify from "fastify";
import { deprecatedRoute } from "./deprecation.ts";

test("a deprecated route answers Deprecation, Sunset and Link, and says so in its schema", async () => {
  const d = deprecatedRoute({ since: "2027-01-15", sunset: "2028-01-31", use: "listActivities" });
  assert.equal(d.schema.deprecated, true);
  assert.match(d.schema.description, /2028-01-31.*listActivities/);
  const app = Fastify();
  app.get("/api/v1/old", { onSend: d.onSend, schema: d.schema }, async () => ({ ok: true }));
  const res = await app.inject({ method: "GET", url: "/api/v1/old" });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers.deprecation, `@${Date.UTC(2027, 0, 15) / 1000}`);
  assert.equal(res.headers.sunset, "Mon, 31 Jan 2028 00:00:00 GMT");
  assert.match(String(res.headers.link), /rel="deprecation"/);
  await app.close();
});

test("a notice shorter than a year, or a date that is not one, is refused at start", () => {
  assert.throws(
    () => deprecatedRoute({ since: "2027-01-15", sunset: "2027-06-30", use: "x" }),
    /at least 365 days after 2027-01-15/,
  );
  assert.throws(
    () => deprecatedRoute({ since: "15/01/2027", sunset: "2028-06-30", use: "x" }),
    /since must be an ISO date/,
  );
});
