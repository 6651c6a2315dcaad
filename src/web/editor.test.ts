import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  cookieHeader,
  cookiesOf,
  PASSWORD,
  USERS,
  type WebTestApp,
  webTestApp,
} from "../../test/browser/web-app.ts";

const tokenOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? "";
const versionOf = (body: string) => /name="version" value="(\d+)"/.exec(body)?.[1] ?? "";

function client(t: WebTestApp) {
  let jar: Record<string, string> = {};
  const headers = () => ({ cookie: cookieHeader(jar), "accept-language": "en" });
  return {
    async signIn(email: string) {
      const page = await t.app.inject({ url: "/signin", headers: headers() });
      jar = { ...jar, ...cookiesOf(page) };
      const res = await t.app.inject({
        method: "POST",
        url: "/signin",
        headers: headers(),
        payload: { _csrf: tokenOf(page.body), email, password: PASSWORD, next: "/" },
      });
      assert.equal(res.statusCode, 303);
      jar = { ...jar, ...cookiesOf(res) };
    },
    get: (url: string) => t.app.inject({ url, headers: headers() }),
    /** Loads `formUrl`, then posts `fields` to `action` with its token and version. */
    async submit(
      formUrl: string,
      action: string,
      fields: Record<string, string>,
      version?: string,
    ) {
      const page = await t.app.inject({ url: formUrl, headers: headers() });
      return t.app.inject({
        method: "POST",
        url: action,
        headers: headers(),
        payload: { _csrf: tokenOf(page.body), version: version ?? versionOf(page.body), ...fields },
      });
    },
  };
}

describe("the editor", () => {
  let t: WebTestApp;
  before(async () => {
    t = await webTestApp();
  });
  after(() => t.close());

  test("anonymous visitors are sent to sign in", async () => {
    const r = await t.app.inject({ url: "/edit/gealc/2023/activities/3.1.1?lang=en" });
    assert.equal(r.statusCode, 303);
    assert.match(String(r.headers.location), /^\/signin\?next=/);
  });

  test("a title is escaped everywhere: <script> shows as text", async () => {
    const c = client(t);
    await c.signIn(USERS.editor);
    const url = "/edit/gealc/2023/activities/3.2.1";
    const r = await c.submit(url, url, {
      title: "<script>alert(1)</script>",
      location: "Virtual",
      planned: "1st semester",
    });
    assert.equal(r.statusCode, 303, r.body.slice(-800));
    for (const page of [
      "/gealc/2023",
      "/gealc/2023/areas/3.2",
      "/gealc/2023/activities/3.2.1",
      url,
    ]) {
      const body = (await c.get(page)).body;
      assert.doesNotMatch(body, /<script>alert/);
      assert.match(body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    }
  });

  test("a change shows in the item's history, with who made it", async () => {
    const c = client(t);
    await c.signIn(USERS.editor);
    const body = (await c.get("/edit/gealc/2023/activities/3.2.1")).body;
    assert.match(body, /History/);
    assert.match(body, /activity\.update/);
    assert.match(body, /by Nora Manager/);
  });

  test("set a status with a note", async () => {
    const c = client(t);
    await c.signIn(USERS.editor);
    const url = "/edit/gealc/2023/activities/3.2.2";
    const r = await c.submit(url, `${url}/status`, {
      status: "postponed",
      note: "Moved to <b>2024</b>",
    });
    assert.equal(r.statusCode, 303);
    const page = (await c.get("/gealc/2023/activities/3.2.2")).body;
    assert.match(page, /class="badge s-postponed"/);
    assert.match(page, /Moved to &lt;b&gt;2024&lt;\/b&gt;/);
  });

  test("the status sentence: stale one flagged, the record's one offered, a note never prefixed", async () => {
    const c = client(t);
    await c.signIn(USERS.editor);
    const url = "/edit/gealc/2023/activities/3.6.4";
    // The fixture's sentence ("executed") does not list the meetings the record holds.
    const before = (await c.get(url)).body;
    assert.match(before, /may no longer say what happened/);
    assert.match(before, /Sentence from the record: <span lang="en">Executed \(March/);
    assert.match(before, /name="use_generated" value="1" checked/);
    assert.match(before, /<option value="unclassified"[^>]*>Needs a status<\/option>/);
    const r = await c.submit(url, `${url}/status`, {
      status: "executed",
      note: "Executed: all four meetings were virtual.",
      use_generated: "1",
    });
    assert.equal(r.statusCode, 303);
    const report = (await c.get("/gealc/2023/reports/report.en.md")).body;
    const line = report.split("\n").find((l) => l.includes("all four meetings")) ?? "";
    assert.match(line, /^Executed \(March.*\)\. Executed: all four meetings were virtual\.$/);
    assert.doesNotMatch(line, /\): Executed:/);
  });

  test("record an occurrence: evidence must be an http(s) link", async () => {
    const c = client(t);
    await c.signIn(USERS.editor);
    const url = "/edit/gealc/2023/activities/3.7.3";
    for (const bad of ["javascript:alert(1)", "ftp://example.org/x", "www.example.org"]) {
      const r = await c.submit(url, `${url}/occurrences`, {
        month: "2023-10",
        url: bad,
        label: "x",
      });
      assert.equal(r.statusCode, 400, bad);
      assert.match(r.body, /Enter a web address starting with http:\/\/ or https:\/\//);
      assert.match(r.body, /aria-invalid="true"/);
    }
    const noDate = await c.submit(url, `${url}/occurrences`, { url: "https://example.org" });
    assert.equal(noDate.statusCode, 400);
    const ok = await c.submit(url, `${url}/occurrences`, {
      month: "2023-10",
      url: "https://www.redgealc.org/news/october",
      label: "October meeting",
    });
    assert.equal(ok.statusCode, 303);
    const page = (await c.get("/gealc/2023/activities/3.7.3")).body;
    assert.match(
      page,
      /<a href="https:\/\/www\.redgealc\.org\/news\/october" rel="noopener">October<\/a>/,
    );
    assert.match(page, /5 of 4 held/);
  });

  test("two people edit the same activity: the second gets both versions, nothing is overwritten", async () => {
    const a = client(t);
    const b = client(t);
    await a.signIn(USERS.editor);
    await b.signIn(USERS.admin);
    const url = "/edit/gealc/2023/activities/3.3.1";
    const stale = versionOf((await b.get(url)).body);
    const first = await a.submit(url, url, {
      title: "Webinar A",
      location: "Virtual",
      planned: "July 27",
    });
    assert.equal(first.statusCode, 303);
    const second = await b.submit(
      url,
      url,
      { title: "Webinar B", location: "Virtual", planned: "July 27" },
      stale,
    );
    assert.equal(second.statusCode, 409);
    assert.match(second.body, /Changed by someone else/);
    assert.match(second.body, /Webinar A/);
    assert.match(second.body, /Webinar B/);
    assert.match((await a.get("/gealc/2023/activities/3.3.1")).body, /Webinar A/);
    const statusClash = await b.submit(url, `${url}/status`, { status: "cancelled" }, stale);
    assert.equal(statusClash.statusCode, 409);
  });

  test("a coordinator edits only their areas", async () => {
    const c = client(t);
    await c.signIn(USERS.coordinator);
    assert.equal((await c.get("/edit/gealc/2023/activities/3.1.5")).statusCode, 200);
    assert.equal((await c.get("/edit/gealc/2023/activities/3.2.5")).statusCode, 403);
    const mine = "/edit/gealc/2023/activities/3.1.5";
    const r = await c.submit(mine, `${mine}/status`, { status: "executed" });
    assert.equal(r.statusCode, 303);
    // A form for another area, posted with a valid token, is refused by the use case.
    const other = await c.submit(mine, "/edit/gealc/2023/activities/3.2.5/status", {
      status: "cancelled",
    });
    assert.equal(other.statusCode, 403);
    assert.equal((await c.get("/edit/gealc/2023/areas/3.1")).statusCode, 403);
    assert.equal((await c.get("/admin/users")).statusCode, 403);
  });

  test("add an unplanned activity to the annex and a source", async () => {
    const c = client(t);
    await c.signIn(USERS.editor);
    const bad = await c.submit("/edit/gealc/2023/annex", "/edit/gealc/2023/annex", {
      date: "2023-10-20",
      title: "Workshop",
      url: "data:text/html,hi",
    });
    assert.equal(bad.statusCode, 400);
    const ok = await c.submit("/edit/gealc/2023/annex", "/edit/gealc/2023/annex", {
      date: "2023-10-20",
      title: "Interoperability workshop in Bolivia",
      url: "https://example.org/bolivia",
      label: "News",
    });
    assert.equal(ok.statusCode, 303);
    assert.match((await c.get("/gealc/2023/annex")).body, /Interoperability workshop in Bolivia/);
    const src = await c.submit("/edit/gealc/2023/sources", "/edit/gealc/2023/sources", {
      url: "https://example.org/doc.pdf",
      label: "Regional document",
    });
    assert.equal(src.statusCode, 303);
    const noUrl = await c.submit("/edit/gealc/2023/sources", "/edit/gealc/2023/sources", {
      url: "mailto:x@y.z",
    });
    assert.equal(noUrl.statusCode, 400);
  });

  test("translations side by side: the original and the page language", async () => {
    const c = client(t);
    await c.signIn(USERS.editor);
    const url = "/edit/gealc/2023/areas/3.4?lang=es";
    const page = (await c.get(url)).body;
    assert.match(page, /Original \(Inglés\)/);
    assert.match(page, /En español/);
    const r = await c.submit(url, url, {
      title: "Digital government measurement",
      title_tr: "Medición de gobierno digital",
      objective: "To support research.",
      objective_tr: "Apoyar la investigación.",
    });
    assert.equal(r.statusCode, 303, r.body.slice(-600));
    const es = (await c.get("/gealc/2023/areas/3.4?lang=es")).body;
    assert.match(es, /Medición de gobierno digital/);
    const en = (await c.get("/gealc/2023/areas/3.4?lang=en")).body;
    assert.match(en, /Digital government measurement/);
  });
});

describe("the lifecycle, through the editor's forms", () => {
  let t: WebTestApp;
  before(async () => {
    t = await webTestApp();
  });
  after(() => t.close());

  test("draft -> submitted -> approved (assembly recorded, snapshot), report approved -> published", async () => {
    const c = client(t);
    await c.signIn(USERS.editor);
    const plan = "/edit/gealc/2023";
    assert.match((await c.get(plan)).body, /Submit for approval/);
    assert.equal((await c.submit(plan, `${plan}/lifecycle`, { action: "submit" })).statusCode, 303);
    assert.equal((await t.app.inject({ url: "/gealc/2023" })).statusCode, 404);
    const missing = await c.submit(plan, `${plan}/lifecycle`, {
      action: "approve",
      ordinal: "16",
      date: "",
      place: "",
    });
    assert.equal(missing.statusCode, 400);
    const ok = await c.submit(plan, `${plan}/lifecycle`, {
      action: "approve",
      ordinal: "16",
      date: "2022-11-11",
      place: "Lima, Peru",
    });
    assert.equal(ok.statusCode, 303);
    const pub = await t.app.inject({ url: "/gealc/2023?lang=en" });
    assert.equal(pub.statusCode, 200);
    assert.match(pub.body, /Approved at the XVI Annual Assembly/);
    const snapshots = await t.handle.db
      .selectFrom("plan_versions")
      .select(["number", "lang"])
      .execute();
    assert.deepEqual(snapshots, [{ number: 1, lang: "en" }]);
    // After approval a change to planned content is an amendment.
    const act = "/edit/gealc/2023/activities/3.5.2";
    const amend = await c.submit(act, act, {
      title: "Second regional public innovation webinar",
      location: "Virtual",
      planned: "December",
      reason: "Moved by the working group",
    });
    assert.equal(amend.statusCode, 303);
    const amendments = await t.handle.db
      .selectFrom("amendments")
      .select(["number", "reason"])
      .execute();
    assert.deepEqual(amendments, [{ number: 1, reason: "Moved by the working group" }]);
    const shown = await t.app.inject({ url: "/gealc/2023?lang=en" });
    assert.match(shown.body, /Amendments since approval/);
    assert.match(shown.body, /3\.5\.2 planned — Moved by the working group/);
    // The report: drafts are not downloadable by the public, then approved, then published.
    assert.equal((await t.app.inject({ url: "/gealc/2023/reports/report.en.md" })).statusCode, 404);
    const reports = "/gealc/2023/reports";
    assert.equal(
      (await c.submit(reports, `${plan}/report`, { action: "publish" })).statusCode,
      400,
    );
    assert.equal(
      (await c.submit(reports, `${plan}/report`, { action: "approve" })).statusCode,
      303,
    );
    assert.equal((await t.app.inject({ url: "/gealc/2023/reports/report.en.md" })).statusCode, 404);
    assert.equal(
      (await c.submit(reports, `${plan}/report`, { action: "publish" })).statusCode,
      303,
    );
    const md = await t.app.inject({ url: "/gealc/2023/reports/report.en.md" });
    assert.equal(md.statusCode, 200);
    const page = await t.app.inject({ url: "/gealc/2023?lang=en" });
    assert.doesNotMatch(page.body, /For public distribution once approved/);
  });

  test("a coordinator may not approve", async () => {
    const c = client(t);
    await c.signIn(USERS.coordinator);
    const r = await c.submit("/gealc/2023", "/edit/gealc/2023/lifecycle", {
      action: "submit",
      version: "1",
    });
    assert.equal(r.statusCode, 403);
  });
});

describe("stale lifecycle and report forms", () => {
  let t: WebTestApp;
  before(async () => {
    t = await webTestApp();
  });
  after(() => t.close());

  test("a lifecycle or report form from an older version gets the conflict page, not a 500", async () => {
    const a = client(t);
    const b = client(t);
    await a.signIn(USERS.editor);
    await b.signIn(USERS.admin);
    const plan = "/edit/gealc/2023";
    const stale = versionOf((await b.get(plan)).body);
    assert.equal((await a.submit(plan, `${plan}/lifecycle`, { action: "submit" })).statusCode, 303);
    const lifecycle = await b.submit(plan, `${plan}/lifecycle`, { action: "return" }, stale);
    assert.equal(lifecycle.statusCode, 409, lifecycle.body.slice(-300));
    assert.match(lifecycle.body, /Changed by someone else/);

    await t.advance("approved");
    const reports = "/gealc/2023/reports";
    const before = versionOf((await a.get(reports)).body);
    assert.equal(
      (await a.submit(reports, `${plan}/report`, { action: "approve" })).statusCode,
      303,
    );
    const report = await b.submit(reports, `${plan}/report`, { action: "approve" }, before);
    assert.equal(report.statusCode, 409, report.body.slice(-300));
    assert.match(report.body, /Changed by someone else/);
  });
});

describe("next year's plan, from the editor", () => {
  let t: WebTestApp;
  before(async () => {
    t = await webTestApp();
  });
  after(() => t.close());

  test("the carry-over button makes the 2024 draft once; a coordinator may not", async () => {
    const coordinator = client(t);
    await coordinator.signIn(USERS.coordinator);
    const refused = await coordinator.submit("/gealc/2023", "/edit/gealc/2023/carry-over", {});
    assert.equal(refused.statusCode, 403);

    const c = client(t);
    await c.signIn(USERS.editor);
    const plan = "/edit/gealc/2023";
    assert.match((await c.get(plan)).body, /Start the 2024 draft from this plan/);
    const made = await c.submit(plan, `${plan}/carry-over`, {});
    assert.equal(made.statusCode, 303, made.body.slice(-500));
    assert.match(String(made.headers.location), /^\/edit\/gealc\/2024/);
    const count = async () =>
      (await t.handle.db.selectFrom("activities").select("id").execute()).length;
    const after1 = await count();
    assert.equal((await c.submit(plan, `${plan}/carry-over`, {})).statusCode, 303);
    assert.equal(await count(), after1, "a second carry-over adds nothing");
    const draft = await c.get("/edit/gealc/2024");
    assert.equal(draft.statusCode, 200);
    assert.equal((await t.app.inject({ url: "/gealc/2024" })).statusCode, 404, "a draft");
  });
});

describe("the admin's users page", () => {
  let t: WebTestApp;
  before(async () => {
    t = await webTestApp();
  });
  after(() => t.close());

  test("add a coordinator and give them an area", async () => {
    const c = client(t);
    await c.signIn(USERS.admin);
    const page = await c.get("/admin/users");
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Carlos Coordinator/);
    const short = await c.submit("/admin/users", "/admin/users", {
      name: "Ana",
      email: "ana@example.org",
      role: "coordinator",
      password: "short",
    });
    assert.equal(short.statusCode, 400);
    const ok = await c.submit("/admin/users", "/admin/users", {
      name: "Ana <i>Coordinator</i>",
      email: "ana@example.org",
      role: "coordinator",
      password: "a long enough password",
    });
    assert.equal(ok.statusCode, 303);
    const list = (await c.get("/admin/users")).body;
    assert.match(list, /Ana &lt;i&gt;Coordinator&lt;\/i&gt;/);
    const users = await t.handle.db
      .selectFrom("users")
      .select(["id", "email", "version"])
      .execute();
    const ana = users.find((u) => u.email === "ana@example.org");
    assert.ok(ana);
    const upd = await c.submit(
      "/admin/users",
      `/admin/users/${ana.id}`,
      { role_gealc: "coordinator", areas: "gealc/2023/3.6" },
      String(ana.version),
    );
    assert.equal(upd.statusCode, 303);
    assert.match((await c.get("/admin/users")).body, /value="gealc\/2023\/3.6" checked/);
  });
});
