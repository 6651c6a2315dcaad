import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import {
  cookieHeader,
  cookiesOf,
  get,
  PASSWORD,
  signIn,
  USERS,
  type WebTestApp,
  webTestApp,
} from "../../test/browser/web-app.ts";
import { safeNext } from "./routes/auth.routes.ts";

function tokenOf(body: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? "";
}
function versionOf(body: string): string {
  return /name="version" value="(\d+)"/.exec(body)?.[1] ?? "";
}

async function post(
  t: WebTestApp,
  url: string,
  jar: Record<string, string>,
  payload: Record<string, string>,
) {
  return t.app.inject({
    method: "POST",
    url,
    headers: { cookie: cookieHeader(jar), "accept-language": "en" },
    payload,
  });
}

describe("public portal pages (approved plan)", () => {
  let t: WebTestApp;
  before(async () => {
    t = await webTestApp();
    await t.advance("published");
  });
  after(() => t.close());

  test("a malformed URL is an HTML 400 page; under /api a problem", async () => {
    const page = await get(t, "/gealc/%E0%A4%A");
    assert.equal(page.statusCode, 400);
    assert.match(String(page.headers["content-type"]), /^text\/html/);
    assert.match(String(page.headers["content-security-policy"]), /default-src 'none'/);
    assert.match(page.body, /<a class="skip" href="#main">/);
    const api = await get(t, "/api/v1/networks/%E0%A4%A");
    assert.equal(api.statusCode, 400);
    assert.match(String(api.headers["content-type"]), /^application\/problem\+json/);
    assert.equal(JSON.parse(api.body).code, "invalid_input");
  });

  test("/ redirects to the only network", async () => {
    const r = await get(t, "/");
    assert.equal(r.statusCode, 302);
    assert.equal(r.headers.location, "/gealc?lang=en");
  });

  for (const url of [
    "/gealc",
    "/gealc/2023",
    "/gealc/2023/areas/3.1",
    "/gealc/2023/activities/3.1.5",
    "/gealc/2023/annex",
    "/gealc/2023/reports",
    "/gealc/upcoming",
    "/signin",
  ]) {
    test(`${url} is an HTML page with a skip link, a CSP and no script`, async () => {
      const r = await get(t, `${url}?lang=en`);
      assert.equal(r.statusCode, 200);
      assert.match(String(r.headers["content-type"]), /^text\/html/);
      assert.match(r.body, /<a class="skip" href="#main">/);
      assert.match(String(r.headers["content-security-policy"]), /default-src 'none'/);
      assert.doesNotMatch(r.body, /<script/);
    });
  }

  test("the plan page shows areas, objectives, status badges, timing and occurrences against target", async () => {
    const r = await get(t, "/gealc/2023?lang=en");
    assert.match(r.body, /Cross-border services/);
    assert.match(r.body, /<strong>Objective:<\/strong>/);
    assert.match(r.body, /class="badge s-executed"/);
    assert.match(r.body, /6 of 4 held/);
    assert.match(r.body, /2nd semester/);
    assert.match(r.body, /<a href="https:\/\/www\.redgealc\.org/i);
  });

  test("status dates say what the record supports: 'To be held' for a scheduled date, no empty 'Planned'", async () => {
    const scheduled = await get(t, "/gealc/2023/activities/3.1.2?lang=en");
    assert.match(scheduled.body, /<dt>To be held<\/dt><dd>November 20<\/dd>/);
    assert.doesNotMatch(scheduled.body, /<dt>Held<\/dt>/);
    const es = await get(t, "/gealc/2023/activities/3.1.2?lang=es");
    assert.match(es.body, /<dt>A realizarse<\/dt>/);
    assert.doesNotMatch(es.body, /<dt>Realizado<\/dt>/);
    // 3.9.3 has no planned timing at all: no "Planned: Date to be confirmed" line.
    const meeting = await get(t, "/gealc/2023/activities/3.9.3?lang=en");
    assert.doesNotMatch(meeting.body, /Date to be confirmed/);
    assert.doesNotMatch(meeting.body, /<dt>Planned<\/dt>/);
    assert.match(meeting.body, /<dt>To be held<\/dt><dd>November 20 to 22<\/dd>/);
    const executed = await get(t, "/gealc/2023/activities/3.1.5?lang=en");
    assert.match(executed.body, /<dt>Held<\/dt>/);
  });

  test("latest evidence shows a month as a month, never an invented day", async () => {
    const home = await get(t, "/gealc?lang=en");
    const evidence = home.body.slice(home.body.indexOf('id="ev-h"'));
    assert.match(evidence, /<span class="muted">October<\/span>/);
    assert.doesNotMatch(evidence, /October 31, 2023/);
  });

  test("the activity page shows evidence links and the area", async () => {
    const r = await get(t, "/gealc/2023/activities/3.1.5?lang=en");
    assert.match(r.body, /Evidence/);
    assert.match(r.body, /id="src-\d+"/);
    assert.match(r.body, /May<\/a>/);
  });

  test("languages: ?lang sets lang, labels, hreflang alternates and date wording", async () => {
    const es = await get(t, "/gealc/2023/areas/3.1?lang=es");
    assert.match(es.body, /<html lang="es">/);
    assert.match(es.body, /Objetivo/);
    assert.match(es.body, /19 de septiembre/);
    for (const l of ["en", "es", "pt", "x-default"])
      assert.match(es.body, new RegExp(`hreflang="${l}"`));
    const pt = await get(t, "/gealc/2023/areas/3.1?lang=pt");
    assert.match(pt.body, /<html lang="pt">/);
    assert.match(pt.body, /Área de trabalho/);
    // The plan has only English texts: shown with a visible mark, in their language.
    assert.match(pt.body, /Sem tradução: exibido em Inglês/);
    assert.match(pt.body, /<span lang="en">Cross-border services<\/span>/);
    // Places are texts too; on an activity page the area's title is marked as well.
    assert.match(pt.body, /<dd><span lang="en">Brasilia<\/span><span class="orig">/);
    const act = await get(t, "/gealc/2023/activities/3.1.1?lang=pt");
    assert.match(
      act.body,
      /<a href="[^"]*areas\/3\.1[^"]*">3\.1 <span lang="en">Cross-border services<\/span><span class="orig">/,
    );
  });

  test("Accept-Language chooses the language when ?lang is absent: an uncached redirect", async () => {
    const r = await t.app.inject({
      url: "/gealc/2023",
      headers: { "accept-language": "pt-BR,pt;q=0.9" },
    });
    assert.equal(r.statusCode, 302);
    assert.equal(r.headers.location, "/gealc/2023?lang=pt");
    assert.equal(r.headers["cache-control"], "no-store");
    assert.match(String(r.headers.vary), /Accept-Language/);
    assert.equal(r.headers["set-cookie"], undefined);
    const page = await t.app.inject({ url: r.headers.location });
    assert.match(page.body, /<html lang="pt">/);
    // Without Accept-Language: the plan's original language.
    const none = await t.app.inject({ url: "/gealc/2023/areas/3.1" });
    assert.equal(none.headers.location, "/gealc/2023/areas/3.1?lang=es");
  });

  test("published report downloads", async () => {
    const page = await get(t, "/gealc/2023/reports?lang=en");
    assert.match(page.body, /report\.en\.md/);
    const md = await get(t, "/gealc/2023/reports/report.en.md");
    assert.equal(md.statusCode, 200);
    assert.match(md.body, /Cross-border services/);
    const json = await get(t, "/gealc/2023/reports/report.en.json");
    assert.equal(JSON.parse(json.body).year, 2023);
  });

  test("an unknown page is an HTML 404; an unknown API path stays a problem", async () => {
    const r = await get(t, "/gealc/2023/activities/9.9.9?lang=en");
    assert.equal(r.statusCode, 404);
    assert.match(r.body, /Page not found/);
    const api = await get(t, "/api/v1/nowhere");
    assert.equal(api.statusCode, 404);
    assert.match(String(api.headers["content-type"]), /problem\+json/);
  });
});

describe("the real 2023 plan (imported from the seed report)", () => {
  let t: WebTestApp;
  before(async () => {
    const example = new URL("../../examples/gealc-2023/plan.json", import.meta.url);
    t = await webTestApp({ plan: JSON.parse(readFileSync(example, "utf8")) });
    await t.advance("published");
  });
  after(() => t.close());

  test("a joint meeting shows on both activities' pages", async () => {
    const declared = await get(t, "/gealc/2023/activities/3.5.3?lang=en");
    assert.match(
      declared.body,
      /Held jointly with <a href="\/gealc\/2023\/activities\/3\.6\.4[^"]*">3\.6\.4</,
    );
    const inverse = await get(t, "/gealc/2023/activities/3.6.4?lang=en");
    assert.match(
      inverse.body,
      /Held jointly with <a href="\/gealc\/2023\/activities\/3\.5\.3[^"]*">3\.5\.3</,
    );
  });
});

describe("drafts are invisible to anonymous visitors", () => {
  let t: WebTestApp;
  before(async () => {
    t = await webTestApp();
  });
  after(() => t.close());

  for (const url of [
    "/gealc/2023",
    "/gealc/2023/areas/3.1",
    "/gealc/2023/activities/3.1.1",
    "/gealc/2023/annex",
    "/gealc/2023/reports",
    "/gealc/2023/reports/report.en.html",
    "/gealc/2024",
    "/gealc/2022/areas/3.1",
    "/api/v1/networks/gealc/plans/2023",
    "/api/v1/networks/gealc/plans/2023/activities/3.1.1",
  ]) {
    test(`${url} is a 404`, async () => {
      const r = await get(t, url);
      assert.equal(r.statusCode, 404);
    });
  }

  test("the network home lists no draft and an editor sees it, marked as a draft", async () => {
    const home = await get(t, "/gealc");
    assert.doesNotMatch(home.body, /\/gealc\/2023\?/);
    const jar = await signIn(t, USERS.editor);
    const plan = await get(t, "/gealc/2023?lang=en", jar);
    assert.equal(plan.statusCode, 200);
    assert.match(plan.body, /For public distribution once approved/);
    assert.match(plan.body, /Draft: this plan has not been approved yet/);
  });

  test("a submitted plan is still unseen; an approved one shows with its draft report banner", async () => {
    await t.advance("submitted");
    assert.equal((await get(t, "/gealc/2023")).statusCode, 404);
    await t.advance("approved");
    const r = await get(t, "/gealc/2023?lang=en");
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /For public distribution once approved/);
    assert.match(r.body, /Approved at the XVI Annual Assembly, November 11, 2022, Lima, Peru/);
    // The draft report (downloads) stays hidden.
    assert.equal((await get(t, "/gealc/2023/reports/report.en.html")).statusCode, 404);
  });
});

describe("sign-in, sessions and CSRF", () => {
  let t: WebTestApp;
  before(async () => {
    t = await webTestApp({ signInLimit: 4 });
  });
  after(() => t.close());

  test("the session cookie is HttpOnly, SameSite=Lax, and the API reads it", async () => {
    const page = await get(t, "/signin");
    const res = await post(t, "/signin", cookiesOf(page), {
      _csrf: tokenOf(page.body),
      email: USERS.editor,
      password: PASSWORD,
      next: "/gealc/2023",
    });
    assert.equal(res.statusCode, 303);
    const c = res.cookies.find((x) => x.name === "wp_session");
    assert.ok(c);
    assert.equal(c.httpOnly, true);
    assert.equal(c.sameSite, "Lax");
    assert.notEqual(c.secure, true);
    const api = await get(t, "/api/v1/networks/gealc/plans/2023", { wp_session: c.value });
    assert.equal(api.statusCode, 200);
  });

  test("signed-in pages are private, no-store; anonymous ones private, no-cache", async () => {
    const jar = await signIn(t, USERS.editor);
    for (const url of ["/gealc/2023", "/edit/gealc/2023"]) {
      const page = await get(t, url, jar);
      assert.equal(page.statusCode, 200, url);
      assert.equal(page.headers["cache-control"], "private, no-store", url);
    }
    assert.equal((await get(t, "/signin")).headers["cache-control"], "private, no-cache");
  });

  test("no session fixation: signing in makes a new session id and ends the old one", async () => {
    const first = await signIn(t, USERS.editor);
    const page = await get(t, "/signin", first);
    const res = await post(t, "/signin", first, {
      _csrf: tokenOf(page.body),
      email: USERS.editor,
      password: PASSWORD,
      next: "/",
    });
    const second = cookiesOf(res).wp_session;
    assert.ok(second);
    assert.notEqual(second, first.wp_session);
    const old = await get(t, "/edit/gealc/2023", { wp_session: first.wp_session ?? "" });
    assert.equal(old.statusCode, 303, "the old session no longer signs anyone in");
    // A planted id is never adopted either.
    const planted = await get(t, "/signin", { wp_session: "attacker-chosen" });
    const res2 = await post(
      t,
      "/signin",
      { ...cookiesOf(planted), wp_session: "attacker-chosen" },
      {
        _csrf: tokenOf(planted.body),
        email: USERS.editor,
        password: PASSWORD,
        next: "/",
      },
    );
    assert.notEqual(cookiesOf(res2).wp_session, "attacker-chosen");
  });

  test("Secure cookies when the public address is https", async () => {
    const s = await webTestApp({ publicUrl: "https://plan.example.org" });
    try {
      const page = await get(s, "/signin");
      const res = await post(s, "/signin", cookiesOf(page), {
        _csrf: tokenOf(page.body),
        email: USERS.editor,
        password: PASSWORD,
        next: "/",
      });
      assert.equal(res.cookies.find((x) => x.name === "wp_session")?.secure, true);
    } finally {
      await s.close();
    }
  });

  test("a POST without the CSRF token, or with another session's, is refused", async () => {
    const page = await get(t, "/signin");
    const noToken = await post(t, "/signin", cookiesOf(page), {
      email: USERS.editor,
      password: PASSWORD,
    });
    assert.equal(noToken.statusCode, 403);
    assert.match(noToken.body, /form expired or did not come from this site/);
    const a = await signIn(t, USERS.editor);
    const b = await signIn(t, USERS.admin);
    const formB = await get(t, "/edit/gealc/2023/activities/3.2.1", b);
    const formA = await get(t, "/edit/gealc/2023/activities/3.2.1", a);
    const cross = await post(t, "/edit/gealc/2023/activities/3.2.1/status", a, {
      _csrf: tokenOf(formB.body),
      version: versionOf(formA.body),
      status: "cancelled",
    });
    assert.equal(cross.statusCode, 403);
    const none = await post(t, "/signout", a, {});
    assert.equal(none.statusCode, 403);
  });

  test("wrong password: a 401 page; sign-out ends the session", async () => {
    const page = await get(t, "/signin");
    const bad = await post(t, "/signin", cookiesOf(page), {
      _csrf: tokenOf(page.body),
      email: USERS.editor,
      password: "nope",
    });
    assert.equal(bad.statusCode, 401);
    assert.match(bad.body, /The email or password is not right/);
    const jar = await signIn(t, USERS.editor);
    const edit = await get(t, "/edit/gealc/2023", jar);
    const out = await post(t, "/signout", jar, { _csrf: tokenOf(edit.body) });
    assert.equal(out.statusCode, 303);
    assert.equal((await get(t, "/edit/gealc/2023", jar)).statusCode, 303);
  });

  test("sign-in is rate limited per address and e-mail: a 429 page", async () => {
    const s = await webTestApp({ signInLimit: 3 });
    try {
      const page = await get(s, "/signin");
      const jar = cookiesOf(page);
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await post(s, "/signin", jar, {
          _csrf: tokenOf(page.body),
          email: USERS.editor,
          password: "x",
        });
        codes.push(r.statusCode);
        if (r.statusCode === 429) {
          assert.match(r.body, /Too many/);
          assert.ok(r.headers["retry-after"]);
        }
      }
      assert.deepEqual(codes, [401, 401, 401, 429, 429]);
      // Counted per address and e-mail: another account from the same address still signs in.
      const other = await post(s, "/signin", jar, {
        _csrf: tokenOf(page.body),
        email: USERS.coordinator,
        password: PASSWORD,
        next: "/",
      });
      assert.equal(other.statusCode, 303);
    } finally {
      await s.close();
    }
  });

  test("open redirects are refused: next must be a local path", async () => {
    const page = await get(t, "/signin");
    const res = await post(t, "/signin", cookiesOf(page), {
      _csrf: tokenOf(page.body),
      email: USERS.coordinator,
      password: PASSWORD,
      next: "//evil.example/",
    });
    assert.equal(res.headers.location, "/?lang=en");
  });

  test("next with a tab, newline, backslash or scheme falls back to /; NUL is a 400; never a 500", async () => {
    for (const next of NASTY_NEXT) {
      const page = await get(t, "/signin");
      const res = await post(t, "/signin", cookiesOf(page), {
        _csrf: tokenOf(page.body),
        email: USERS.coordinator,
        password: PASSWORD,
        next,
      });
      // A NUL (or another control character but tab and line breaks) is refused at the
      // edge, like in any other field: no sign-in, no redirect.
      if (next.includes("\u0000")) {
        assert.equal(res.statusCode, 400, JSON.stringify(next));
        continue;
      }
      assert.equal(res.statusCode, 303, JSON.stringify(next));
      assert.equal(res.headers.location, "/?lang=en", JSON.stringify(next));
    }
  });
});

const NASTY_NEXT = [
  "/\t/evil.com",
  "/\n/evil.com",
  "/\r\n/evil.com",
  "//evil.com",
  "/\\evil.com",
  "\\/evil.com",
  "https://evil.com",
  "javascript:alert(1)",
  "/ /evil.com",
  "/\u0000/evil.com",
  "/a/..//evil.com",
  "evil.com",
  "",
];

describe("safeNext", () => {
  test("refuses anything but a same-origin path", () => {
    for (const next of [...NASTY_NEXT, undefined, 42, ["/a"]]) {
      assert.equal(safeNext(next), "/", JSON.stringify(next));
    }
  });
  test("keeps local paths with their query and fragment", () => {
    assert.equal(safeNext("/gealc/2023"), "/gealc/2023");
    assert.equal(safeNext("/edit/gealc/2023?lang=en#a"), "/edit/gealc/2023?lang=en#a");
    assert.equal(safeNext("/"), "/");
    // Percent-encoded, so it is always a valid Location header.
    assert.equal(safeNext("/gealc/áreas"), "/gealc/%C3%A1reas");
  });
});
