/**
 * Public documents answered before routing (src/edge/public-answers.ts), through a real
 * listening server on each database: a hit is the same bytes and headers with no query and
 * no rendering (counted, never timed), a write through the app is seen at once, another
 * instance's once the identity memo's freshness has passed (a stepped clock), credentials
 * always reach the app, and a publication gives new tags.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { after, before, describe, test } from "node:test";
import { gunzipSync } from "node:zlib";
import type { FastifyInstance } from "fastify";
import { countingStatements, testDialects } from "../../test/helpers/db.ts";
import { smallPlan } from "../../test/helpers/plans.ts";
import { approvePlan } from "../app/approve-plan.ts";
import { sha256Hex } from "../app/credentials.ts";
import type { Deps } from "../app/deps.ts";
import { editionFilesSettled } from "../app/render-edition-files.ts";
import { submitPlan } from "../app/submit-plan.ts";
import { updateArea } from "../app/update-area.ts";
import { createDb, type Db, type DbHandle, type Dialect } from "../db/create-db.ts";
import { getPlan } from "../db/plan.repository.ts";
import { insertSession } from "../db/session.repository.ts";
import { PUBLIC_PAGE, PUBLIC_READ } from "../edge/cache-control.ts";
import { PublicAnswers } from "../edge/public-answers.ts";
import { RenderCache } from "../edge/render-cache.ts";
import { seed, sharedDatabase, type Tokens, testConfig } from "../http/testing.ts";
import { buildServer } from "./build-server.ts";

const DOC = "/api/v1/networks/gealc/plans/2023";
const PAGE = "/gealc/2023?lang=en";
const AREA = "/gealc/2023/areas/3.1?lang=es";
const CSV = "/gealc/2023/data/activities.csv";
/** Published with the report. */
const REPORT = "/gealc/2023/reports/report.pt.md";
/** Drawn once the report is published (before, anonymous readers are sent to sign in). */
const DASHBOARD = "/gealc/2023/dashboard?lang=pt";
const FRESH_MS = 60_000;

type Instance = {
  app: FastifyInstance;
  url: string;
  answers: PublicAnswers;
  cache: RenderCache;
  seen: { queries: number };
  db: Db;
};

/** Instances of one deployment share a build id (BUILD_ID), so their pages' tags agree. */
const config = testConfig({ buildId: "test-build" });

async function start(handle: DbHandle, now: () => number): Promise<Instance> {
  const { seen, plugin } = countingStatements();
  const answers = new PublicAnswers();
  // As the server's own: bodies kept gzip-compressed.
  const cache = new RenderCache({
    maxBytes: 16 * 1024 * 1024,
    buildId: config.buildId,
    compress: true,
  });
  const db = handle.db.withPlugin(plugin);
  const app = await buildServer({
    config,
    db,
    clock: () => new Date(),
    publicFreshnessMs: FRESH_MS,
    freshnessNow: now,
    answers,
    cache,
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { app, url: `http://127.0.0.1:${port}`, answers, cache, seen, db };
}

async function get(i: Instance, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(i.url + path, { headers, redirect: "manual" });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

/** The bytes as they come over the wire (fetch would decompress them). */
function raw(i: Instance, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>(
    (resolve, reject) => {
      const req = httpRequest(i.url + path, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end();
    },
  );
}

/** What a request cost the instance: early answers, statements run, renderings. */
async function costOf<T>(i: Instance, work: () => Promise<T>) {
  const before = {
    hits: i.answers.stats.hits,
    queries: i.seen.queries,
    misses: i.cache.stats.misses,
  };
  const result = await work();
  return {
    result,
    early: i.answers.stats.hits - before.hits,
    queries: i.seen.queries - before.queries,
    renders: i.cache.stats.misses - before.misses,
  };
}

/**
 * The answer once the instance has caught up with a change made past it: a hit after the
 * freshness passed looks the identity up in the background; until that look-up is back,
 * hits answer what they had (polled, for up to 10 s on a busy machine: nothing is timed).
 */
async function caughtUp(i: Instance, path: string, old: { headers: Headers }) {
  for (let n = 0; n < 1000; n++) {
    const r = await get(i, path);
    if (r.headers.get("etag") !== old.headers.get("etag")) return r;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${path} never caught up`);
}

/** Headers but the request id and the date, as a sorted list. */
const sameHeaders = (h: Headers) =>
  [...h].filter(([k]) => k !== "x-request-id" && k !== "date").sort();

for (const dialect of testDialects() as Dialect[]) {
  describe(`public documents answered before routing [${dialect}]`, () => {
    let shared: { url: string; cleanup: () => Promise<void> };
    let handles: DbHandle[] = [];
    let one: Instance;
    let two: Instance;
    let tokens: Tokens;
    let admin: Deps;
    let clock = 0;
    const now = () => clock;
    const key = { network: "gealc", year: 2023 };

    before(async () => {
      shared = await sharedDatabase(dialect);
      handles = [await createDb(shared.url), await createDb(shared.url)];
      const [h1, h2] = handles as [DbHandle, DbHandle];
      ({ tokens, admin } = await seed(h1.db, smallPlan()));
      admin = { ...admin, db: h1.db };
      let plan = await submitPlan(admin, { ...key, expectedVersion: 1 });
      plan = await approvePlan(admin, {
        ...key,
        expectedVersion: plan.version,
        assembly: { ordinal: 17, date: "2022-11-21", place: "Virtual" },
      });
      one = await start(h1, now);
      two = await start(h2, now);
    });
    after(async () => {
      for (const i of [one, two]) await i?.app.close();
      for (const h of handles) await h.close();
      await shared?.cleanup();
    });

    test("a hit is the same bytes and headers, with no statement and no rendering", async () => {
      for (const path of [DOC, PAGE, AREA, CSV]) {
        const first = await costOf(one, () => get(one, path));
        assert.equal(first.result.status, 200, path);
        assert.equal(first.early, 0, path);
        assert.ok(first.queries > 0, path);
        const hit = await costOf(one, () => get(one, path));
        assert.equal(hit.early, 1, `${path}: answered before routing`);
        assert.equal(hit.queries, 0, path);
        assert.equal(hit.renders, 0, path);
        assert.equal(hit.result.status, 200);
        assert.deepEqual(hit.result.body, first.result.body, path);
        assert.deepEqual(sameHeaders(hit.result.headers), sameHeaders(first.result.headers));
        assert.equal(hit.result.headers.get("set-cookie"), null, path);
        assert.match(String(hit.result.headers.get("x-request-id")), /^[\da-f-]{36}$/);
        assert.notEqual(
          hit.result.headers.get("x-request-id"),
          first.result.headers.get("x-request-id"),
        );
        assert.equal(
          hit.result.headers.get("cache-control"),
          path === DOC ? PUBLIC_READ : path === CSV ? "public, max-age=300" : PUBLIC_PAGE,
        );
        if (path === CSV) continue; // Files carry no ETag.
        // Revalidation: a 304 with the tag, answered early too.
        const etag = String(hit.result.headers.get("etag"));
        const again = await costOf(one, () => get(one, path, { "if-none-match": etag }));
        assert.equal(again.result.status, 304, path);
        assert.equal(again.early, 1);
        assert.equal(again.result.body.length, 0);
        assert.equal(again.result.headers.get("etag"), etag);
        assert.equal(
          again.result.headers.get("cache-control"),
          hit.result.headers.get("cache-control"),
        );
        // Another tag gets the page, early.
        const other = await costOf(one, () => get(one, path, { "if-none-match": 'W/"other"' }));
        assert.equal(other.result.status, 200);
        assert.equal(other.early, 1);
      }
    });

    test("bodies kept compressed: gzip to who accepts it, the very bytes to who does not", async () => {
      for (const path of [DOC, `${PAGE}&z`, `${AREA}&z`, `${CSV}?z`]) {
        // The framework's answer (a miss), then the early one (a hit), each way.
        const plain = await raw(two, path);
        const zipped = await costOf(two, () => raw(two, path, { "accept-encoding": "gzip, br" }));
        const plainHit = await costOf(two, () => raw(two, path));
        const zippedHit = await costOf(two, () =>
          raw(two, path, { "accept-encoding": "br;q=1, gzip;q=0.5" }),
        );
        assert.equal(plain.status, 200, path);
        assert.equal(plain.headers["content-encoding"], undefined, path);
        assert.deepEqual([zipped.early, plainHit.early, zippedHit.early], [1, 1, 1], path);
        for (const r of [zipped.result, zippedHit.result]) {
          assert.equal(r.headers["content-encoding"], "gzip", path);
          assert.equal(Number(r.headers["content-length"]), r.body.length);
          assert.ok(r.body.length < plain.body.length / 2, `${path}: compressed`);
          assert.deepEqual(gunzipSync(r.body), plain.body, `${path}: the same bytes`);
        }
        assert.equal(plainHit.result.headers["content-encoding"], undefined);
        assert.deepEqual(plainHit.result.body, plain.body, `${path}: decompressed early`);
        assert.equal(Number(plainHit.result.headers["content-length"]), plain.body.length);
        for (const r of [plain, zipped.result, plainHit.result, zippedHit.result]) {
          assert.match(String(r.headers.vary), /accept-encoding/i, path);
          assert.equal(r.headers.etag, plain.headers.etag, `${path}: one (weak) tag`);
        }
        assert.ok(plain.headers.etag === undefined || /^W\//.test(plain.headers.etag));
        // A client refusing gzip (q=0) gets the bytes themselves.
        const refused = await raw(two, path, { "accept-encoding": "gzip;q=0, br" });
        assert.equal(refused.headers["content-encoding"], undefined, path);
        assert.deepEqual(refused.body, plain.body);
      }
    });

    test("credentials always reach the app, and signed-in answers stay private", async () => {
      await get(one, PAGE);
      await get(one, DOC);
      const id = randomBytes(32).toString("base64url");
      const at = new Date();
      await insertSession(admin.db, {
        idHash: sha256Hex(id),
        userId: admin.actor?.userId ?? "",
        csrfSecret: randomBytes(32).toString("base64url"),
        createdAt: at.toISOString(),
        expiresAt: new Date(at.getTime() + 3600_000).toISOString(),
      });
      for (const [path, headers] of [
        [PAGE, { cookie: `wp_session=${id}` }],
        [DOC, { cookie: `wp_session=${id}` }],
        [DOC, { authorization: `Bearer ${tokens.viewer}` }],
      ] as const) {
        const r = await costOf(one, () => get(one, path, headers));
        assert.equal(r.result.status, 200, path);
        assert.equal(r.early, 0, `${path} with ${Object.keys(headers)[0]}`);
        assert.equal(r.result.headers.get("cache-control"), "private, no-store", path);
      }
      // A stray form cookie is no credential: the public page, early.
      const form = await costOf(one, () => get(one, PAGE, { cookie: "wp_csrf=abc" }));
      assert.equal(form.early, 1);
      // HEAD and unknown URLs go to the app.
      const head = await costOf(one, () => fetch(one.url + PAGE, { method: "HEAD" }));
      assert.equal(head.result.status, 200);
      assert.equal(head.early, 0);
      const other = await costOf(one, () => get(one, "/gealc/2023?lang=en&x=1"));
      assert.equal(other.early, 0);
    });

    test("a write through the app is seen at once; another instance's once the memo's freshness passed", async () => {
      const p1 = await get(one, PAGE);
      const d1 = await get(one, DOC);
      const p2 = await get(two, PAGE);
      assert.equal((await costOf(two, () => get(two, PAGE))).early, 1);
      assert.equal(p2.headers.get("etag"), p1.headers.get("etag"));

      const write = await fetch(`${one.url}${DOC}/areas/3.1`, {
        method: "PATCH",
        headers: { authorization: `Bearer ${tokens.editor}`, "content-type": "application/json" },
        body: JSON.stringify({ title: "Changed through one" }),
      });
      assert.equal(write.status, 200, await write.text());
      // Instance one wrote: its next answers are new, made by the app, then early again.
      for (const [path, before] of [
        [PAGE, p1],
        [DOC, d1],
      ] as const) {
        const after = await costOf(one, () => get(one, path));
        assert.equal(after.early, 0, path);
        assert.notEqual(after.result.headers.get("etag"), before.headers.get("etag"), path);
        assert.match(after.result.body.toString(), /Changed through one/);
        const stale = await get(one, path, { "if-none-match": String(before.headers.get("etag")) });
        assert.equal(stale.status, 200, path);
        assert.equal((await costOf(one, () => get(one, path))).early, 1, path);
      }
      // Instance two did not see the write: within the freshness it answers what it had.
      const old = await costOf(two, () => get(two, PAGE));
      assert.equal(old.early, 1);
      assert.equal(old.result.headers.get("etag"), p1.headers.get("etag"));
      // Once it has passed, a hit still answers at once (what it had) while the identity is
      // looked up again in the background; then two answers anew.
      clock += FRESH_MS;
      const during = await costOf(two, () => get(two, PAGE));
      assert.equal(during.early, 1);
      assert.equal(during.result.headers.get("etag"), p1.headers.get("etag"));
      const seen = await costOf(two, () => caughtUp(two, PAGE, p1));
      assert.notEqual(seen.result.headers.get("etag"), p1.headers.get("etag"));
      assert.match(seen.result.body.toString(), /Changed through one/);
      assert.ok(seen.queries > 0);
      assert.equal((await costOf(two, () => get(two, PAGE))).early, 1);
    });

    test("an amendment elsewhere and a publication give new tags", async () => {
      const before = await get(two, PAGE);
      const version = (await getPlan(admin.db, key.network, key.year)).version;
      // Written past both apps (a third instance): seen once the freshness passed.
      await updateArea(admin, { ...key, code: "3.2", expectedVersion: 1, title: "Amended past" });
      assert.equal((await get(two, PAGE)).headers.get("etag"), before.headers.get("etag"));
      clock += FRESH_MS;
      const amended = await caughtUp(two, PAGE, before);
      assert.notEqual(amended.headers.get("etag"), before.headers.get("etag"));
      assert.match(amended.body.toString(), /Amended past/);

      const auth = { authorization: `Bearer ${tokens.admin}`, "content-type": "application/json" };
      const approve = await fetch(`${one.url}${DOC}/report/approve`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ dataAsOf: "2023-11-21" }),
      });
      assert.equal(approve.status, 200, await approve.text());
      const unpublished = await get(one, DOC);
      const publish = await fetch(`${one.url}${DOC}/report/publish`, {
        method: "POST",
        headers: { authorization: auth.authorization },
      });
      assert.equal(publish.status, 200, await publish.text());
      assert.ok(version > 0);
      // The edition's files render in the background after publication: let them finish,
      // so the statements counted below are the requests' own.
      await editionFilesSettled(one.db);
      const published = await costOf(one, () => get(one, DOC));
      assert.equal(published.early, 0);
      assert.match(String(published.result.headers.get("etag")), /\.e1"$/);
      assert.notEqual(published.result.headers.get("etag"), unpublished.headers.get("etag"));
      const page = await costOf(one, () => get(one, PAGE));
      assert.equal(page.early, 0);
      assert.notEqual(page.result.headers.get("etag"), amended.headers.get("etag"));
      assert.equal((await costOf(one, () => get(one, DOC))).early, 1);
      // The report's files, now public: made once, then answered early.
      const made = await costOf(one, () => get(one, REPORT));
      assert.equal(made.result.status, 200);
      const file = await costOf(one, () => get(one, REPORT));
      assert.deepEqual([file.early, file.queries, file.renders], [1, 0, 0]);
      assert.deepEqual(file.result.body, made.result.body);
      assert.equal(
        file.result.headers.get("content-disposition"),
        made.result.headers.get("content-disposition"),
      );
      // The CSV of the working copy gave way to the edition's.
      const csv = await costOf(one, () => get(one, CSV));
      assert.equal(csv.early, 0);
      // The dashboard, now public: drawn once, then answered early.
      const drawn = await costOf(one, () => get(one, DASHBOARD));
      assert.equal(drawn.result.status, 200);
      assert.equal(drawn.renders, 1);
      const hit = await costOf(one, () => get(one, DASHBOARD));
      assert.deepEqual([hit.early, hit.queries, hit.renders], [1, 0, 0]);
      assert.deepEqual(hit.result.body, drawn.result.body);
    });
  });
}
