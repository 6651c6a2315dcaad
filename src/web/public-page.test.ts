import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  cookiesOf,
  get,
  signIn,
  USERS,
  type WebTestApp,
  webTestApp,
} from "../../test/browser/web-app.ts";
import { PUBLIC_PAGE } from "../edge/cache-control.ts";

const PAGES = [
  "/gealc",
  "/gealc/upcoming",
  "/gealc/execution",
  "/gealc/2023",
  "/gealc/2023/areas/3.1",
  "/gealc/2023/activities/3.1.5",
  "/gealc/2023/annex",
  "/gealc/2023/dashboard",
  "/gealc/2023/reports",
];

describe("anonymous pages are public documents", () => {
  let t: WebTestApp;
  before(async () => {
    t = await webTestApp();
    await t.advance("published");
  });
  after(() => t.close());

  for (const page of PAGES) {
    test(`${page}: no cookie, public Cache-Control, an ETag, 304 on revalidation`, async () => {
      const r = await get(t, `${page}?lang=es`);
      assert.equal(r.statusCode, 200, r.body.slice(0, 200));
      assert.equal(r.headers["set-cookie"], undefined);
      assert.equal(r.headers["cache-control"], PUBLIC_PAGE);
      // Kept compressed: gzip to clients accepting it (src/edge/content-encoding.ts).
      assert.equal(r.headers.vary, "Cookie, Accept-Encoding");
      assert.equal(r.headers["content-language"], "es");
      const etag = String(r.headers.etag);
      assert.match(etag, /^W\/"p[\w-]{22}"$/);
      const again = await t.app.inject({
        url: `${page}?lang=es`,
        headers: { "if-none-match": etag },
      });
      assert.equal(again.statusCode, 304);
      assert.equal(again.body, "");
      assert.equal(again.headers.etag, etag);
      assert.equal(again.headers["cache-control"], PUBLIC_PAGE);
      // The same page served twice is the same bytes (from the render cache).
      assert.equal((await get(t, `${page}?lang=es`)).body, r.body);
      // Another language, another page and another tag.
      const en = await get(t, `${page}?lang=en`);
      assert.notEqual(en.headers.etag, etag);
    });
  }

  test("a URL without a language redirects, uncached and without a cookie", async () => {
    for (const page of PAGES) {
      const r = await t.app.inject({ url: page, headers: { "accept-language": "pt" } });
      assert.equal(r.statusCode, 302, page);
      assert.equal(r.headers.location, `${page}?lang=pt`);
      assert.equal(r.headers["cache-control"], "no-store");
      assert.equal(r.headers["set-cookie"], undefined);
    }
  });

  test("other query parameters keep the language's redirect and share the page", async () => {
    const r = await t.app.inject({
      url: "/gealc/2023?utm=x",
      headers: { "accept-language": "en" },
    });
    assert.equal(r.headers.location, "/gealc/2023?utm=x&lang=en");
    const a = await get(t, "/gealc/2023?lang=en");
    const b = await get(t, "/gealc/2023?utm=x&lang=en");
    assert.equal(a.headers.etag, b.headers.etag);
  });

  test("signed-in pages stay private and carry no public ETag", async () => {
    const jar = await signIn(t, USERS.editor);
    for (const page of PAGES) {
      const r = await get(t, `${page}?lang=en`, jar);
      assert.equal(r.statusCode, 200, page);
      assert.equal(r.headers["cache-control"], "private, no-store", page);
      assert.equal(r.headers.etag, undefined, page);
    }
    // Without ?lang a signed-in reader is answered in place (private), not redirected.
    assert.equal((await get(t, "/gealc/2023", jar)).statusCode, 200);
  });

  test("the anonymous form token is set only by pages with a form (sign-in)", async () => {
    const signin = await t.app.inject({ url: "/signin?lang=en" });
    assert.ok(cookiesOf(signin).wp_csrf);
    assert.notEqual(signin.headers["cache-control"], PUBLIC_PAGE);
  });

  test("errors are not public documents", async () => {
    const r = await get(t, "/gealc/2023/activities/9.9.9?lang=en");
    assert.equal(r.statusCode, 404);
    assert.equal(r.headers.etag, undefined);
    assert.notEqual(r.headers["cache-control"], PUBLIC_PAGE);
    assert.equal(r.headers["set-cookie"], undefined);
  });
});

describe("public pages follow what the public sees", () => {
  // Approved, no edition published yet: the public sees the plan's revision, so an edit shows.
  // (Once an edition is published the public reads it, frozen: edits leave its pages alone.)
  test("a change gives a new ETag and page; the old tag no longer answers 304", async (c) => {
    const t = await webTestApp();
    c.after(() => t.close());
    await t.advance("approved");
    const before = await get(t, "/gealc/2023/activities/3.1.5?lang=en");
    const jar = await signIn(t, USERS.editor);
    const form = await get(t, "/edit/gealc/2023/activities/3.1.5?lang=en", jar);
    assert.equal(form.statusCode, 200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? "";
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? "";
    const fields = Object.fromEntries(
      [...form.body.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map((m) => [
        m[1],
        m[2],
      ]),
    );
    await t.app.inject({
      method: "POST",
      url: "/edit/gealc/2023/activities/3.1.5?lang=en",
      headers: {
        cookie: Object.entries(jar)
          .map(([k, v]) => `${k}=${v}`)
          .join("; "),
      },
      payload: { ...fields, _csrf: csrf, version, title: "A title changed for the cache test" },
    });
    const after = await get(t, "/gealc/2023/activities/3.1.5?lang=en");
    assert.notEqual(after.headers.etag, before.headers.etag);
    assert.match(after.body, /A title changed for the cache test/);
    const stale = await t.app.inject({
      url: "/gealc/2023/activities/3.1.5?lang=en",
      headers: { "if-none-match": String(before.headers.etag) },
    });
    assert.equal(stale.statusCode, 200);
  });
});
