import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { addressKey } from "./auth.ts";
import { openTestApp, type TestApp, testConfig } from "./testing.ts";

const NETWORKS = "/api/v1/networks";

describe("the bearer-token failure limit", () => {
  let t: TestApp;
  before(async () => {
    t = await openTestApp("sqlite", { plan: null });
  });
  after(() => t.close());

  test("10 bad tokens, then a valid one still works while an 11th bad one is 429", async () => {
    const from = { remoteAddress: "203.0.113.20" };
    const bad = () =>
      t.inject({ url: NETWORKS, headers: { authorization: "Bearer wp_nope" }, ...from });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await bad()).statusCode);
    assert.deepEqual(statuses, Array(10).fill(401));
    const good = await t.inject({ url: NETWORKS, as: "admin", ...from });
    assert.equal(good.statusCode, 200);
    const eleventh = await bad();
    assert.equal(eleventh.statusCode, 429);
    assert.ok(Number(eleventh.headers["retry-after"]) > 0);
    assert.equal((await t.inject({ url: NETWORKS, as: "viewer", ...from })).statusCode, 200);
  });
});

describe("behind a trusted proxy", () => {
  let t: TestApp;
  before(async () => {
    t = await openTestApp("sqlite", {
      plan: null,
      config: testConfig({ trustProxy: ["10.0.0.1"] }),
      authLimits: { max: 2 },
    });
  });
  after(() => t.close());

  const bad = (client: string, proxy = "10.0.0.1") =>
    t.inject({
      url: NETWORKS,
      headers: { authorization: "Bearer wp_nope", "x-forwarded-for": client },
      remoteAddress: proxy,
    });

  test("failures are counted per client address, not per proxy", async () => {
    assert.deepEqual(
      [await bad("198.51.100.1"), await bad("198.51.100.1"), await bad("198.51.100.1")].map(
        (r) => r.statusCode,
      ),
      [401, 401, 429],
    );
    assert.equal((await bad("198.51.100.2")).statusCode, 401);
  });

  test("an untrusted peer cannot choose its address with X-Forwarded-For", async () => {
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) codes.push((await bad(`192.0.2.${i}`, "203.0.113.99")).statusCode);
    assert.deepEqual(codes, [401, 401, 429]);
  });
});

describe("addressKey", () => {
  test("IPv4 as is, IPv4-mapped IPv6 as IPv4, IPv6 by its /64", () => {
    assert.equal(addressKey("203.0.113.7"), "203.0.113.7");
    assert.equal(addressKey("::ffff:203.0.113.7"), "203.0.113.7");
    assert.equal(addressKey("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
    assert.equal(addressKey("2001:0db8:0001:0002::ffff"), "2001:db8:1:2::/64");
    assert.equal(addressKey("2001:db8::1"), "2001:db8:0:0::/64");
    assert.equal(addressKey("::1"), "0:0:0:0::/64");
    assert.equal(addressKey("fe80::1%eth0"), "fe80:0:0:0::/64");
    assert.equal(addressKey("2001:db8:a:b::1.2.3.4"), "2001:db8:a:b::/64");
  });
});
