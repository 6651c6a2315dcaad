import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { after, before, describe, test } from "node:test";
import { ShortMemo } from "./memo.ts";
import { PublicAnswers } from "./public-answers.ts";

describe("ShortMemo.peek", () => {
  test("gives the value loaded, the same object, until it expires or is forgotten", async () => {
    let now = 1000;
    const memo = new ShortMemo<{ v: number }>(500, 10, () => now);
    assert.equal(memo.peek("k"), undefined);
    let resolve: (v: { v: number }) => void = () => {};
    const loading = memo.get("k", () => new Promise((r) => (resolve = r)));
    assert.equal(memo.peek("k"), undefined, "not while loading");
    const value = { v: 1 };
    resolve(value);
    await loading;
    assert.equal(memo.peek("k"), value);
    now += 499;
    assert.equal(memo.peek("k"), value);
    now += 1;
    assert.equal(memo.peek("k"), undefined, "expired");
    await memo.get("k", async () => ({ v: 2 }));
    assert.deepEqual(memo.peek("k"), { v: 2 });
    memo.clear();
    assert.equal(memo.peek("k"), undefined, "forgotten (a write)");
    await assert.rejects(memo.get("bad", () => Promise.reject(new Error("down"))));
    assert.equal(memo.peek("bad"), undefined, "failures are not kept");
  });

  test("when full, it forgets what is past its time and stale while first, then all", async () => {
    let now = 0;
    const memo = new ShortMemo<string>(100, 3, () => now);
    await memo.get("a", async () => "a");
    now = 150;
    await memo.get("b", async () => "b");
    await memo.get("c", async () => "c");
    now = 210; // a: past its time (100) and its stale while (200); b and c: fresh
    await memo.get("d", async () => "d");
    assert.equal(
      memo.peek("a", async () => "a again"),
      undefined,
    );
    assert.equal(memo.peek("b"), "b", "a fresh value is not forgotten to make room");
    assert.equal(memo.peek("c"), "c");
    assert.equal(memo.peek("d"), "d");
    await memo.get("e", async () => "e"); // full of fresh values: all go
    assert.equal(memo.peek("b"), undefined);
    assert.equal(memo.peek("e"), "e");
  });

  test("with reload, an expired value is given while it is looked up again, once", async () => {
    let now = 0;
    const memo = new ShortMemo<string>(100, 10, () => now);
    await memo.get("k", async () => "v1");
    now = 150;
    let loads = 0;
    let resolve: (v: string) => void = () => {};
    const reload = () => {
      loads++;
      return new Promise<string>((r) => (resolve = r));
    };
    assert.equal(memo.peek("k"), undefined, "expired, without reload");
    assert.equal(memo.peek("k", reload), "v1");
    assert.equal(memo.peek("k", reload), "v1");
    assert.equal(loads, 1, "one look-up at a time");
    resolve("v2");
    await new Promise((r) => setImmediate(r));
    assert.equal(memo.peek("k", reload), "v2");
    assert.equal(loads, 1);
    // Not past twice the freshness: then callers wait for a look-up of their own.
    now = 150 + 200;
    assert.equal(memo.peek("k", reload), undefined);
    // A write (clear) during a look-up: what it finds is not kept.
    await memo.get("j", async () => "old");
    now += 150;
    assert.equal(memo.peek("j", reload), "old");
    memo.clear();
    resolve("looked up before the write");
    await new Promise((r) => setImmediate(r));
    assert.equal(memo.peek("j", reload), undefined);
  });

  test("a memo of no freshness keeps nothing", async () => {
    const memo = new ShortMemo<number>(0);
    await memo.get("k", async () => 1);
    assert.equal(memo.peek("k"), undefined);
  });
});

describe("PublicAnswers", () => {
  /** A stand-in for the framework: answers `routes`, offering what `offers` says. */
  const answers = new PublicAnswers(3);
  const framework = { calls: 0 };
  const bodies = new Map<string, Buffer>();
  const state = { fresh: true, headers: {} as Record<string, string>, status: 200 };
  let server: Server;
  let base = "";

  before(async () => {
    server = createServer((req, res) => {
      if (answers.answer(req, res)) return;
      framework.calls++;
      const url = req.url ?? "";
      const body = Buffer.from(`page ${url}`);
      bodies.set(url, body);
      const headers = {
        "cache-control": "public, max-age=60",
        etag: `W/"${url.length}"`,
        "content-type": "text/plain",
        "content-length": String(body.length),
        "x-request-id": "from-the-framework",
        ...state.headers,
      };
      answers.offer(req, {
        fresh: () => state.fresh,
        body: () => {
          const body = bodies.get(url);
          return body && { body };
        },
      });
      res.writeHead(state.status, headers);
      res.end(body);
      answers.capture(req, { url, method: req.method ?? "", status: state.status, headers });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  after(() => server.close());

  const get = async (path: string, headers: Record<string, string> = {}, method = "GET") => {
    const calls = framework.calls;
    const res = await fetch(base + path, { headers, method });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, early: framework.calls === calls };
  };

  test("the second GET of a URL is answered early, with the same headers and a new id", async () => {
    const first = await get("/a");
    assert.equal(first.early, false);
    const hit = await get("/a");
    assert.equal(hit.early, true);
    assert.equal(hit.text, "page /a");
    assert.equal(hit.headers.get("cache-control"), "public, max-age=60");
    assert.equal(hit.headers.get("etag"), 'W/"2"');
    assert.equal(hit.headers.get("content-type"), "text/plain");
    assert.match(String(hit.headers.get("x-request-id")), /^[\da-f-]{36}$/);
    // Revalidation: weak comparison, lists and `*`.
    for (const inm of ['W/"2"', '"2"', 'W/"x", W/"2"', "*"]) {
      const r = await get("/a", { "if-none-match": inm });
      assert.deepEqual([r.status, r.early, r.text], [304, true, ""], inm);
      assert.equal(r.headers.get("etag"), 'W/"2"');
      assert.equal(r.headers.get("content-type"), null);
    }
    assert.equal((await get("/a", { "if-none-match": 'W/"9"' })).status, 200);
    // Not answered early: HEAD, credentials, another query string.
    assert.equal((await get("/a", {}, "HEAD")).early, false);
    assert.equal((await get("/a", { authorization: "Bearer x" })).early, false);
    assert.equal((await get("/a", { cookie: "a=1; wp_session=abc" })).early, false);
    assert.equal((await get("/a", { cookie: "wp_csrf=abc" })).early, true);
    assert.equal((await get("/a?x")).early, false);
  });

  test("a stale entry, or one whose body the cache let go, goes to the framework", async () => {
    await get("/b");
    assert.equal((await get("/b")).early, true);
    state.fresh = false;
    const misses = answers.stats.misses;
    assert.equal((await get("/b")).early, false);
    assert.equal(answers.stats.misses, misses + 1);
    state.fresh = true;
    assert.equal((await get("/b")).early, true, "offered anew");
    bodies.delete("/b");
    assert.equal((await get("/b")).early, false);
    // Another body of another length under the same key: not the bytes the headers describe.
    await get("/b");
    bodies.set("/b", Buffer.from("longer than it was"));
    assert.equal((await get("/b")).early, false);
  });

  test("only public 200s without a cookie are kept", async () => {
    for (const [change, label] of [
      [() => (state.headers = { "set-cookie": "c=1" }), "a cookie"],
      [() => (state.headers = { "cache-control": "private, no-store" }), "private"],
      [() => (state.status = 404), "a 404"],
    ] as const) {
      change();
      await get(`/c-${label}`);
      assert.equal((await get(`/c-${label}`)).early, false, label);
      state.headers = {};
      state.status = 200;
    }
  });

  test("at most `max` URLs, the oldest going first; nothing once closed", async () => {
    for (const p of ["/d1", "/d2", "/d3", "/d4"]) await get(p);
    assert.equal(answers.size, 3);
    assert.equal((await get("/d4")).early, true);
    assert.equal((await get("/d1")).early, false);
    answers.close();
    assert.equal(answers.size, 0);
    await get("/e");
    assert.equal((await get("/e")).early, false);
  });
});
