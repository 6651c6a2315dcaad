import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { gunzipSync } from "node:zlib";
import { acceptsGzip, bodyFor, compressed, identityBytes } from "./content-encoding.ts";
import { RenderCache, type Rendered } from "./render-cache.ts";

test("Accept-Encoding: gzip, x-gzip or * above q=0; none means none", () => {
  for (const yes of ["gzip", "gzip, deflate, br", "br, GZIP;q=0.1", "x-gzip", "*", "br, *;q=0.5"])
    assert.equal(acceptsGzip(yes), true, yes);
  for (const no of [
    undefined,
    "",
    "identity",
    "br",
    "gzip;q=0",
    "gzip; q=0.0, br",
    "*;q=0",
    "br, *;q=0",
  ])
    assert.equal(acceptsGzip(no), false, String(no));
  assert.equal(acceptsGzip("*, gzip;q=0"), false, "gzip refused by name");
});

test("a text body is kept compressed and decompresses to the very bytes", async () => {
  const html = Buffer.from(`<!doctype html>${"<p>Área 3.1 — ação</p>".repeat(400)}`);
  const kept = await compressed({ body: html, contentType: "text/html; charset=utf-8" });
  assert.equal(kept.encoding, "gzip");
  assert.ok(kept.body.length < html.length / 4, `${kept.body.length}`);
  assert.deepEqual(identityBytes(kept), html);
  assert.deepEqual(gunzipSync(kept.body), html);
  // Small bodies, and files that are compressed already, are kept as they are.
  for (const [body, type] of [
    [Buffer.from("{}"), "application/json"],
    [randomBytes(4096), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    [randomBytes(4096), "application/pdf"],
  ] as const) {
    const same = await compressed({ body, contentType: type });
    assert.equal(same.encoding, undefined, type);
    assert.equal(same.body, body);
  }
});

test("bodyFor: the compressed bytes with Content-Encoding, or the bytes themselves", async () => {
  const json = Buffer.from(JSON.stringify({ activities: Array(200).fill({ code: "3.1.1" }) }));
  const kept = await compressed({ body: json, contentType: "application/json" });
  const headers = new Map<string, string>();
  const reply = { header: (n: string, v: string) => headers.set(n, v) };
  assert.equal(bodyFor(reply, "gzip, br", kept), kept.body);
  assert.equal(headers.get("content-encoding"), "gzip");
  headers.clear();
  assert.deepEqual(bodyFor(reply, undefined, kept), json);
  assert.equal(headers.size, 0);
  const plain = { body: Buffer.from("plain"), contentType: "text/plain" };
  assert.equal(bodyFor(reply, "gzip", plain), plain.body);
  assert.equal(headers.size, 0, "a body kept as it is goes as it is");
});

test("the server's cache keeps bodies compressed and counts the compressed bytes", async () => {
  const cache = new RenderCache({ maxBytes: 1 << 20, buildId: "b", compress: true });
  const page = Buffer.from("<li>activity</li>".repeat(1000));
  const kept: Rendered = await cache.get("v", "page", () => ({
    body: page,
    contentType: "text/html",
  }));
  assert.equal(kept.encoding, "gzip");
  assert.deepEqual(identityBytes(kept), page);
  assert.ok(cache.bytes < page.length / 10, `${cache.bytes}`);
  assert.equal(await cache.get("v", "page", () => assert.fail("a hit")), kept);
  const plain = new RenderCache({ maxBytes: 1 << 20, buildId: "b" });
  const as = await plain.get("v", "page", () => ({ body: page, contentType: "text/html" }));
  assert.equal(as.encoding, undefined, "other caches keep what they are given");
});

test("a compressed body holds a buffer of its own size, not zlib's chunk", async () => {
  const html = Buffer.from("<tr><td>3.1.1</td><td>done</td></tr>".repeat(3000));
  const kept = await compressed({ body: html, contentType: "text/html" });
  assert.equal(kept.body.buffer.byteLength, kept.body.length);
});
