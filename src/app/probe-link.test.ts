import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type LinkServer, noTimeout, startLinkServer } from "../../test/helpers/http-links.ts";
import { httpUrl, mapLimit, probeLink } from "./probe-link.ts";

describe("probeLink", () => {
  let srv: LinkServer;
  before(async () => {
    srv = await startLinkServer();
  });
  after(async () => {
    await srv.close();
  });
  // The local server answers at once: no timeout to race.
  const opts = { timer: noTimeout };

  it("200 is ok", async () => {
    const r = await probeLink(`${srv.base}/ok`, opts);
    assert.deepEqual(r, {
      url: `${srv.base}/ok`,
      ok: true,
      status: 200,
      error: null,
      finalUrl: `${srv.base}/ok`,
      redirects: 0,
    });
  });

  it("404 is broken", async () => {
    const r = await probeLink(`${srv.base}/missing`, opts);
    assert.equal(r.ok, false);
    assert.equal(r.status, 404);
    assert.equal(r.error, "HTTP 404");
  });

  it("follows a redirect and reports where it ended", async () => {
    const r = await probeLink(`${srv.base}/moved`, opts);
    assert.equal(r.ok, true);
    assert.equal(r.finalUrl, `${srv.base}/ok`);
    assert.equal(r.redirects, 1);
  });

  it("gives up after 5 redirects", async () => {
    const loop = await probeLink(`${srv.base}/loop`, opts);
    assert.equal(loop.ok, false);
    assert.equal(loop.error, "too many redirects");
    assert.equal(loop.redirects, 5);
    const far = await probeLink(`${srv.base}/far`, { ...opts, maxRedirects: 7 });
    assert.equal(far.ok, true);
    assert.equal(far.redirects, 7);
  });

  it("times out on a slow answer", async () => {
    const r = await probeLink(`${srv.base}/slow`, { timer: srv.timeoutOnSlow });
    assert.equal(r.ok, false);
    assert.equal(r.error, "timeout");
    assert.equal(r.status, null);
  });

  it("times out with a real timer too, after timeoutMs", async () => {
    const r = await probeLink(`${srv.base}/slow`, { timeoutMs: 1 });
    assert.equal(r.error, "timeout");
  });

  it("reports a refused connection", async () => {
    const r = await probeLink(srv.refused, opts);
    assert.equal(r.ok, false);
    assert.equal(r.error, "connection refused");
  });

  it("asks with GET when HEAD is refused", async () => {
    const r = await probeLink(`${srv.base}/no-head`, opts);
    assert.equal(r.ok, true);
    assert.deepEqual(
      srv.seen.filter((s) => s.endsWith("/no-head")),
      ["HEAD /no-head", "GET /no-head"],
    );
  });

  it("never fetches anything but http(s)", async () => {
    let calls = 0;
    const spy: typeof fetch = async (...args) => {
      calls++;
      return fetch(...args);
    };
    for (const u of [
      "ftp://127.0.0.1/x",
      "file:///etc/passwd",
      "javascript:alert(1)",
      "not a url",
    ]) {
      const r = await probeLink(u, { ...opts, fetch: spy });
      assert.equal(r.error, "not an http(s) URL", u);
    }
    assert.equal(calls, 0);
    const r = await probeLink(`${srv.base}/to-ftp`, { ...opts, fetch: spy });
    assert.equal(r.error, "redirect to a non-http(s) URL");
    assert.equal(calls, 1);
    assert.equal(httpUrl("HTTPS://Example.org/a")?.href, "https://example.org/a");
  });
});

describe("mapLimit", () => {
  it("keeps order and never runs more than the limit at once", async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n * 3));
      running--;
      return n * 10;
    });
    assert.deepEqual(out, [50, 10, 40, 20, 30, 0, 60]);
    assert.equal(peak, 3);
    assert.deepEqual(await mapLimit([], 4, async (x) => x), []);
  });
});
