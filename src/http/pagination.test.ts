import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDialects } from "../../test/helpers/db.ts";
import { type LinkServer, noTimeout, startLinkServer } from "../../test/helpers/http-links.ts";
import { bigPlan } from "../../test/helpers/plans.ts";
import { checkLinks } from "../app/check-links.ts";
import { createApiToken } from "../app/create-api-token.ts";
import { probeLink } from "../app/probe-link.ts";
import { insertUser } from "../db/user.repository.ts";
import { PAGE_MAX } from "./pagination.ts";
import { body, openTestApp, type TestApp } from "./testing.ts";

const PLAN = "/api/v1/networks/gealc/plans/2023";
type Item = { code?: string; id?: number };

let srv: LinkServer;
before(async () => {
  srv = await startLinkServer();
});
after(() => srv.close());

/** The next page's URL from a Link header (RFC 8288), or null. */
const linkNext = (header: unknown): string | null =>
  typeof header === "string" ? (/<([^>]+)>;\s*rel="next"/.exec(header)?.[1] ?? null) : null;

for (const dialect of testDialects()) {
  describe(`paginated lists [${dialect}]`, () => {
    let t: TestApp;
    let stranger: string;
    before(async () => {
      const plan = bigPlan({ activities: 120, sources: 130, occurrences: 0, annex: 7 });
      // Sources 1 to 3 lead nowhere; 4 and up answer; a link of none is never checked.
      for (const s of plan.sources) {
        s.url = s.id <= 3 ? `${srv.base}/missing` : `${srv.base}/ok?s=${s.id}`;
        s.text = null;
      }
      const last = plan.sources.at(-1);
      if (last) last.url = null;
      t = await openTestApp(dialect, { plan });
      const user = await insertUser(
        t.db,
        { email: "stranger@example.org", name: "Stranger", role: "member", passwordHash: null },
        new Date().toISOString(),
      );
      stranger = (await createApiToken(t.admin, { userId: user.id, name: "tests" })).token;
    });
    after(() => t.close());

    /** Follows Link rel=next from `url` to the end: every page's items, in order. */
    async function walk(url: string, key: string, as: "editor" | "coordinator" = "editor") {
      const items: Item[] = [];
      let next: string | null = url;
      let pages = 0;
      while (next) {
        const res = await t.inject({ method: "GET", url: next, as });
        assert.equal(res.statusCode, 200, res.body);
        const b = body(res);
        items.push(...b[key]);
        const link = linkNext(res.headers.link);
        assert.equal(b.next, link, "the body's next is the Link header's");
        next = link;
        pages++;
        assert.ok(pages < 100, "the walk ends");
      }
      return { items, pages };
    }

    test("a walk over the activities sees each exactly once, in plan order", async () => {
      const { items, pages } = await walk(`${PLAN}/activities?limit=7`, "activities");
      const codes = items.map((a) => a.code);
      assert.equal(codes.length, 120);
      assert.equal(new Set(codes).size, 120);
      assert.equal(pages, Math.ceil(120 / 7));
      const whole = await t.inject({ method: "GET", url: `${PLAN}?lang=en`, as: "editor" });
      const inPlan = body(whole).areas.flatMap((a: { activities: Item[] }) =>
        a.activities.map((x) => x.code),
      );
      assert.deepEqual(codes, inPlan);
    });

    test("the default page is 50; sources and the annex walk the same way", async () => {
      const first = await t.inject({ method: "GET", url: `${PLAN}/sources`, as: "editor" });
      assert.equal(body(first).sources.length, 50);
      const sources = await walk(`${PLAN}/sources`, "sources");
      assert.deepEqual(
        sources.items.map((s) => s.id),
        Array.from({ length: 130 }, (_, i) => i + 1),
      );
      assert.equal(sources.pages, 3);
      const annex = await walk(`${PLAN}/annex?limit=3`, "items");
      assert.equal(annex.items.length, 7);
      assert.equal(annex.pages, 3);
      const networks = await walk("/api/v1/networks?limit=1", "networks");
      assert.equal(networks.items.length, 1);
      const plans = await walk("/api/v1/networks/gealc/plans?limit=1", "plans");
      assert.equal(plans.items.length, 1);
    });

    test("a cursor made before a change of the plan answers 412; a new walk works", async () => {
      const first = await t.inject({
        method: "GET",
        url: `${PLAN}/activities?limit=10`,
        as: "editor",
      });
      const next = body(first).next as string;
      const change = await t.inject({
        method: "PUT",
        url: `${PLAN}/activities/3.1.1/status`,
        as: "editor",
        payload: { code: "executed" },
      });
      assert.equal(change.statusCode, 200, change.body);
      const stale = await t.inject({ method: "GET", url: next, as: "editor" });
      assert.equal(stale.statusCode, 412);
      assert.equal(body(stale).code, "precondition_failed");
      assert.match(body(stale).detail, /start the listing again/);
      assert.equal(body(stale).errors[0].path, "cursor");
      const again = await walk(`${PLAN}/activities?limit=40`, "activities");
      assert.equal(again.items.length, 120);
    });

    test("a forged, altered or foreign cursor is a 400 naming the cursor", async () => {
      const first = await t.inject({ method: "GET", url: `${PLAN}/sources?limit=5`, as: "editor" });
      const cursor = new URL(body(first).next, "http://x").searchParams.get("cursor") as string;
      const [payload, tag] = cursor.split(".") as [string, string];
      const decoded = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
      const skipAhead = Buffer.from(JSON.stringify({ ...decoded, o: 100 })).toString("base64url");
      for (const bad of [
        `${skipAhead}.${tag}`,
        `${payload}.${tag.slice(0, -2)}AA`,
        "not-a-cursor",
        `${Buffer.from("{").toString("base64url")}.${tag}`,
      ]) {
        const res = await t.inject({
          method: "GET",
          url: `${PLAN}/sources?limit=5&cursor=${encodeURIComponent(bad)}`,
          as: "editor",
        });
        assert.equal(res.statusCode, 400, bad);
        assert.equal(body(res).errors[0].path, "cursor");
      }
      // A real cursor of the sources is no cursor of the activities.
      const foreign = await t.inject({
        method: "GET",
        url: `${PLAN}/activities?limit=5&cursor=${encodeURIComponent(cursor)}`,
        as: "editor",
      });
      assert.equal(foreign.statusCode, 400);
      assert.match(body(foreign).errors[0].message, /another list/);
    });

    test("a limit over the maximum is a 400 naming the maximum", async () => {
      const res = await t.inject({
        method: "GET",
        url: `${PLAN}/activities?limit=${PAGE_MAX + 1}`,
        as: "editor",
      });
      assert.equal(res.statusCode, 400);
      const e = body(res).errors[0];
      assert.equal(e.path, "limit");
      assert.equal(e.in, "query");
      assert.match(e.message, new RegExp(`at most ${PAGE_MAX}`));
      const max = await t.inject({
        method: "GET",
        url: `${PLAN}/activities?limit=${PAGE_MAX}`,
        as: "editor",
      });
      assert.equal(body(max).activities.length, 120);
      assert.equal(body(max).next, null);
      assert.equal(max.headers.link, undefined);
    });

    test("activities filtered by area and by status (a label will do), across pages", async () => {
      const area = await walk(`${PLAN}/activities?area=3.2&limit=4`, "activities");
      assert.ok(area.items.length > 4);
      assert.ok(area.items.every((a) => a.code?.startsWith("3.2.")));
      const executed = await walk(`${PLAN}/activities?status=Ejecutada&limit=5`, "activities");
      const all = await walk(`${PLAN}/activities?limit=${PAGE_MAX}`, "activities");
      const expected = (all.items as { code: string; status: { code: string } }[])
        .filter((a) => a.status.code === "executed")
        .map((a) => a.code);
      assert.ok(expected.length > 5);
      assert.deepEqual(
        executed.items.map((a) => a.code),
        expected,
      );
      const both = await walk(`${PLAN}/activities?status=executed&area=3.1`, "activities");
      assert.ok(both.items.every((a) => a.code?.startsWith("3.1.")));
    });

    test("the coordinator filter is for members of the network only", async () => {
      const mine = await walk(
        `${PLAN}/activities?coordinator=me&limit=5`,
        "activities",
        "coordinator",
      );
      assert.ok(mine.items.length > 0);
      assert.ok(mine.items.every((a) => a.code?.startsWith("3.1.")));
      const byEmail = await walk(
        `${PLAN}/activities?coordinator=coordinator@example.org`,
        "activities",
      );
      assert.deepEqual(byEmail.items, mine.items);
      const anon = await t.inject({
        method: "GET",
        url: `${PLAN}/activities?coordinator=coordinator@example.org`,
      });
      assert.equal(anon.statusCode, 401);
      assert.match(body(anon).detail, /role in network gealc/);
      assert.equal(body(anon).errors[0].path, "coordinator");
      const outsider = await t.inject({
        method: "GET",
        url: `${PLAN}/activities?coordinator=me`,
        headers: { authorization: `Bearer ${stranger}` },
      });
      assert.equal(outsider.statusCode, 403);
      assert.equal(body(outsider).errors[0].path, "coordinator");
    });

    test("sources filtered by the last check of their link", async () => {
      await checkLinks(
        { ...t.admin, probe: (url, o) => probeLink(url, { ...o, timer: noTimeout }) },
        { network: "gealc", year: 2023 },
      );
      const ids = async (status: string) =>
        (await walk(`${PLAN}/sources?linkStatus=${status}&limit=20`, "sources")).items.map(
          (s) => s.id,
        );
      assert.deepEqual(await ids("broken"), [1, 2, 3]);
      assert.deepEqual(await ids("unchecked"), [130]);
      assert.equal((await ids("ok")).length, 126);
      const anon = await t.inject({ method: "GET", url: `${PLAN}/sources?linkStatus=broken` });
      assert.equal(anon.statusCode, 401);
      const bad = await t.inject({
        method: "GET",
        url: `${PLAN}/sources?linkStatus=dead`,
        as: "editor",
      });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(body(bad).errors[0].accepted, ["ok", "broken", "unchecked"]);
    });
  });
}
