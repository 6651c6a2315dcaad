/**
 * Security suite: sign-in throttling that holds across edges and instances. One limiter
 * for the API and the portal, counted in the database; per (address, account) and, higher,
 * per address across accounts; temporary and progressive; addresses forgotten once the
 * window is over. On SQLite and PostgreSQL, with the clock injected.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createUser } from "../../src/app/create-user.ts";
import {
  createSignInLimiter,
  DEFAULT_SIGN_IN_LIMITS,
  MAX_BLOCK_MS,
} from "../../src/app/sign-in-limiter.ts";
import { createDb } from "../../src/db/create-db.ts";
import { seed, sharedDatabase, testConfig } from "../../src/http/testing.ts";
import { buildServer } from "../../src/server/build-server.ts";
import { forEachDialect, testDialects } from "../helpers/db.ts";
import { smallPlan } from "../helpers/plans.ts";

const PASSWORD = "correct horse battery staple";

/** A clock tests move by hand. */
function manualClock(start = "2024-03-01T12:00:00.000Z") {
  let now = Date.parse(start);
  return { clock: () => new Date(now), advance: (ms: number) => (now += ms) };
}

forEachDialect("security: the sign-in limiter", (t) => {
  test("per address and account: 10 failures, then even the right password waits", async () => {
    const { clock } = manualClock();
    const l = createSignInLimiter(t.db, clock);
    for (let i = 0; i < DEFAULT_SIGN_IN_LIMITS.max; i++) {
      assert.equal(await l.check("192.0.2.1", "a@example.org"), null, `attempt ${i + 1}`);
      await l.fail("192.0.2.1", "a@example.org");
    }
    assert.ok(((await l.check("192.0.2.1", "a@example.org")) ?? 0) > 0);
    assert.ok(((await l.check("192.0.2.1", " A@Example.org")) ?? 0) > 0, "however written");
    assert.equal(await l.check("198.51.100.9", "a@example.org"), null, "another address");
    assert.equal(await l.check("192.0.2.1", "b@example.org"), null, "another account");
  });

  test("per address across accounts: one password tried on 25 accounts is stopped", async () => {
    const { clock } = manualClock();
    const l = createSignInLimiter(t.db, clock);
    let refused = 0;
    for (let i = 0; i < 25; i++) {
      const email = `user${i}@example.org`;
      if ((await l.check("192.0.2.2", email)) !== null) refused++;
      else await l.fail("192.0.2.2", email);
    }
    assert.equal(refused, 25 - DEFAULT_SIGN_IN_LIMITS.maxPerAddress);
    assert.equal(await l.check("192.0.2.3", "user1@example.org"), null, "other addresses go on");
  });

  test("blocks are temporary and progressive, never longer than an hour", async () => {
    const { clock, advance } = manualClock();
    const l = createSignInLimiter(t.db, clock, { max: 2, maxPerAddress: 100, windowMs: 60_000 });
    const block = async () => {
      await l.fail("192.0.2.4", "c@example.org");
      await l.fail("192.0.2.4", "c@example.org");
      return (await l.check("192.0.2.4", "c@example.org")) ?? 0;
    };
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      const wait = await block();
      waits.push(wait);
      advance(wait * 1000);
      assert.equal(await l.check("192.0.2.4", "c@example.org"), null, "over once waited out");
    }
    assert.deepEqual(waits.slice(0, 4), [60, 120, 240, 480]);
    assert.ok(waits.every((w) => w * 1000 <= MAX_BLOCK_MS));
    assert.equal(waits.at(-1), MAX_BLOCK_MS / 1000);
  });

  test("a right password clears that account's count from that address", async () => {
    const { clock } = manualClock();
    const l = createSignInLimiter(t.db, clock, { max: 3, maxPerAddress: 100 });
    await l.fail("192.0.2.5", "d@example.org");
    await l.fail("192.0.2.5", "d@example.org");
    await l.succeed("192.0.2.5", "d@example.org");
    await l.fail("192.0.2.5", "d@example.org");
    await l.fail("192.0.2.5", "d@example.org");
    assert.equal(await l.check("192.0.2.5", "d@example.org"), null);
  });

  test("addresses are kept only as long as the window (and a block's memory) needs", async () => {
    const { clock, advance } = manualClock();
    const l = createSignInLimiter(t.db, clock, { max: 2, maxPerAddress: 100 });
    await t.db.deleteFrom("sign_in_failures").execute();
    await l.fail("192.0.2.6", "e@example.org");
    advance(61_000);
    await l.fail("192.0.2.7", "f@example.org"); // any failure sweeps what is over
    const keys = (await t.db.selectFrom("sign_in_failures").select("key").execute()).map(
      (r) => r.key,
    );
    assert.ok(!keys.some((k) => k.includes("192.0.2.6")), keys.join());
    await l.fail("192.0.2.7", "f@example.org"); // blocked: remembered through the block and as long again
    advance(60_000 + 60_000 + 1);
    await l.fail("192.0.2.8", "g@example.org");
    const left = (await t.db.selectFrom("sign_in_failures").select("key").execute()).map(
      (r) => r.key,
    );
    assert.ok(!left.some((k) => k.includes("192.0.2.7")), left.join());
  });
});

for (const dialect of testDialects()) {
  describe(`security: one sign-in limit for the API, the portal and every instance [${dialect}]`, () => {
    let shared: Awaited<ReturnType<typeof sharedDatabase>>;
    let handles: Awaited<ReturnType<typeof createDb>>[] = [];
    let apps: Awaited<ReturnType<typeof buildServer>>[] = [];
    before(async () => {
      shared = await sharedDatabase(dialect);
      handles = [await createDb(shared.url), await createDb(shared.url)];
      const [a, b] = handles;
      assert.ok(a && b);
      const { admin } = await seed(a.db, smallPlan());
      await createUser(admin, {
        email: "real@example.org",
        name: "Real",
        role: "editor",
        password: PASSWORD,
      });
      const clock = () => new Date();
      for (const h of handles) {
        const config = testConfig();
        apps.push(
          await buildServer({
            config,
            db: h.db,
            clock,
            authLimits: { max: 4, timeWindowMs: 60_000 },
          }),
        );
      }
    });
    after(async () => {
      for (const app of apps) await app.close();
      for (const h of handles) await h.close();
      await shared.cleanup();
      apps = [];
      handles = [];
    });

    const api = (i: number, email: string, ip: string, password = "wrong wrong wrong") =>
      (apps[i] as (typeof apps)[number]).inject({
        method: "POST",
        url: "/api/v1/session",
        payload: { email, password },
        remoteAddress: ip,
      });
    const portal = async (i: number, email: string, ip: string, password = "wrong wrong wrong") => {
      const app = apps[i] as (typeof apps)[number];
      const page = await app.inject({ url: "/signin", remoteAddress: ip });
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
      const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
      return app.inject({
        method: "POST",
        url: "/signin",
        headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams({ _csrf: csrf, email, password, next: "/" }).toString(),
        remoteAddress: ip,
      });
    };

    test("failures through the API and the portal add up (before: 2 x the limit)", async () => {
      const ip = "203.0.113.10";
      const codes: number[] = [];
      codes.push((await api(0, "real@example.org", ip)).statusCode);
      codes.push((await portal(0, "real@example.org", ip)).statusCode);
      codes.push((await api(0, "real@example.org", ip)).statusCode);
      codes.push((await portal(0, "real@example.org", ip)).statusCode);
      codes.push((await portal(0, "real@example.org", ip, PASSWORD)).statusCode);
      codes.push((await api(0, "real@example.org", ip, PASSWORD)).statusCode);
      assert.deepEqual(codes, [401, 401, 401, 401, 429, 429]);
    });

    test("failures on one instance count on the other", async () => {
      const ip = "203.0.113.11";
      for (let i = 0; i < 4; i++)
        assert.equal((await api(i % 2, "real@example.org", ip)).statusCode, 401);
      assert.equal((await api(1, "real@example.org", ip, PASSWORD)).statusCode, 429);
      assert.equal((await portal(0, "real@example.org", ip, PASSWORD)).statusCode, 429);
    });

    test("the real user, from their own address, is never locked out by an attacker", async () => {
      assert.equal((await api(1, "real@example.org", "203.0.113.99", PASSWORD)).statusCode, 200);
      assert.equal((await portal(0, "real@example.org", "203.0.113.98", PASSWORD)).statusCode, 303);
    });
  });
}
