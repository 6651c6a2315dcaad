import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import {
  cookieHeader,
  cookiesOf,
  PASSWORD,
  USERS,
  type WebTestApp,
  webTestApp,
} from "../../test/browser/web-app.ts";
import { admin, testDeps } from "../../test/helpers/db.ts";
import { attachTranslation } from "../app/attach-translation.ts";
import { editionFilesSettled } from "../app/render-edition-files.ts";
import { updateActivity } from "../app/update-activity.ts";
import { saveLinkCheck } from "../db/link-check.repository.ts";
import { loadPlan } from "../import/load-plan.ts";

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
    assert.doesNotMatch(body, /activity\.update/, "history speaks in words, not keys");
    assert.match(
      body,
      /Title: .* → &lt;script&gt;alert\(1\)&lt;\/script&gt;, by Nora Manager, <time/,
    );
    // Put back as before, behind a confirmation page that works without JavaScript.
    const link = /href="(\/edit\/gealc\/2023\/history\/[^"]+\/restore)[^"]*"/.exec(body)?.[1];
    assert.ok(link, body.slice(body.indexOf("hist-h"), body.indexOf("hist-h") + 600));
    const confirm = await c.get(link);
    assert.match(confirm.body, /Put the item back as it was before this change\?/);
    assert.match(confirm.body, /<form method="post"/);
    const r = await c.submit(link, link, {});
    assert.equal(r.statusCode, 303);
    const after = (await c.get("/gealc/2023/activities/3.2.1")).body;
    assert.match(after, /<title>3\.2\.1 Regional webinar on the subject/);
  });

  test("anonymous users never reach restore or delete pages", async () => {
    for (const url of [
      "/edit/gealc/2023/history/x/restore",
      "/edit/gealc/2023/activities/3.1.5/occurrences/0/delete",
    ]) {
      const r = await t.app.inject({ url });
      assert.notEqual(r.statusCode, 200, url);
      const p = await t.app.inject({ method: "POST", url });
      assert.notEqual(p.statusCode, 303, url);
    }
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

  test("the status form takes the day and the evidence; a time after the year only when marked so", async () => {
    const c = client(t);
    await c.signIn(USERS.editor);
    const url = "/edit/gealc/2023/activities/3.2.3";
    const form = (await c.get(url)).body;
    assert.match(form, /id="status-when-date" name="date"/);
    assert.match(form, /name="after_year_end" value="1"/);
    const fields = {
      status: "executed",
      date: "2024-02-01",
      url: "https://example.org/held-3-2-3",
      label: "Minutes",
    };
    const late = await c.submit(url, `${url}/status`, fields);
    assert.equal(late.statusCode, 400);
    assert.match(late.body, /This date is after 2023, the plan&#39;s year\./);
    assert.match(
      late.body,
      /value="https:\/\/example\.org\/held-3-2-3"/,
      "the form keeps what was typed",
    );
    const early = await c.submit(url, `${url}/status`, { ...fields, date: "2022-12-01" });
    assert.equal(early.statusCode, 400);
    assert.match(early.body, /This date is before 2023, the plan&#39;s year\./);
    const ok = await c.submit(url, `${url}/status`, { ...fields, after_year_end: "1" });
    assert.equal(ok.statusCode, 303, ok.body.slice(-800));
    const page = (await c.get("/gealc/2023/activities/3.2.3")).body;
    assert.match(page, /class="badge s-executed"/);
    assert.match(page, /href="https:\/\/example\.org\/held-3-2-3"/, "its evidence is cited");
    assert.match(page, /February 1 \(after the year&#39;s end\)/, "shown as after the year's end");
    // ...and linked from the activity on the plan and area pages too.
    for (const other of ["/gealc/2023", "/gealc/2023/areas/3.2"]) {
      const body = (await c.get(other)).body;
      assert.match(
        body,
        /<dt>Evidence<\/dt><dd>[^\n]*href="https:\/\/example\.org\/held-3-2-3"/,
        body.slice(body.indexOf(">3.2.3<"), body.indexOf(">3.2.3<") + 1500),
      );
    }
  });

  test("an occurrence after the plan year: refused in words, then kept and shown as after the year's end", async () => {
    const c = client(t);
    await c.signIn(USERS.editor);
    const url = "/edit/gealc/2023/activities/3.2.4";
    const late = await c.submit(url, `${url}/occurrences`, { date: "2024-01-20" });
    assert.equal(late.statusCode, 400);
    assert.match(late.body, /tick “Held after the year&#39;s end”/);
    const ok = await c.submit(url, `${url}/occurrences`, {
      date: "2024-01-20",
      after_year_end: "1",
    });
    assert.equal(ok.statusCode, 303, ok.body.slice(-800));
    assert.match((await c.get(url)).body, /\(after the year&#39;s end\)/);
  });

  test("an occurrence is corrected in its own form (its time, more evidence), the year rule in words", async () => {
    const c = client(t);
    await c.signIn(USERS.editor);
    const url = "/edit/gealc/2023/activities/3.2.2";
    const rec = await c.submit(url, `${url}/occurrences`, { date: "2023-05-10" });
    assert.equal(rec.statusCode, 303);
    const links = [
      ...(await c.get(url)).body.matchAll(
        /href="(\/edit\/gealc\/2023\/activities\/3\.2\.2\/occurrences\/\d+)[?"]/g,
      ),
    ].map((m) => m[1] as string);
    let form = "";
    for (const l of links) {
      if ((await c.get(l)).body.includes('value="2023-05-10"')) form = l;
    }
    assert.ok(form, "the recorded occurrence has an edit form");
    const late = await c.submit(form, form, {
      date: "2024-01-05",
      url: "https://example.org/late",
    });
    assert.equal(late.statusCode, 400);
    assert.match(late.body, /This date is after 2023, the plan&#39;s year\./);
    const ok = await c.submit(form, form, {
      date: "2024-01-05",
      after_year_end: "1",
      url: "https://example.org/late",
    });
    assert.equal(ok.statusCode, 303, ok.body.slice(-600));
    const after = (await c.get(url)).body;
    assert.match(after, /\(after the year&#39;s end\)/);
    const pub = (await c.get("/gealc/2023/activities/3.2.2")).body;
    assert.match(pub, /href="https:\/\/example\.org\/late"/);
  });

  test("an item of the annex is deleted behind a confirmation page", async () => {
    const c = client(t);
    await c.signIn(USERS.editor);
    const page = "/edit/gealc/2023/annex";
    const added = await c.submit(page, page, { date: "2023-06-01", title: "Unplanned workshop" });
    assert.equal(added.statusCode, 303);
    const list = (await c.get(page)).body;
    const link =
      /<li id="annex-(\d+)">[^<]*Unplanned workshop · <a[^>]*>[^<]*<\/a> · <a href="([^"?]+)/.exec(
        list,
      );
    assert.ok(
      link,
      list.slice(list.indexOf("Items of the annex"), list.indexOf("Items of the annex") + 600),
    );
    const ask = (await c.get(link[2] as string)).body;
    assert.match(ask, /Delete this item of the annex\?/);
    assert.match(ask, /Unplanned workshop/);
    const r = await c.submit(link[2] as string, link[2] as string, {});
    assert.equal(r.statusCode, 303, r.body.slice(-600));
    assert.doesNotMatch((await c.get("/gealc/2023/annex")).body, /Unplanned workshop/);
  });

  test("an item of the annex is corrected in its own form: time, text, evidence; a stale form gets the conflict page", async () => {
    const c = client(t);
    await c.signIn(USERS.editor);
    const page = "/edit/gealc/2023/annex";
    const added = await c.submit(page, page, { date: "2023-07-01", title: "Unplanned seminar" });
    assert.equal(added.statusCode, 303);
    const list = (await c.get(page)).body;
    const m = /<li id="annex-(\d+)">[^<]*Unplanned seminar · <a href="([^"?]+)/.exec(list);
    assert.ok(m, list.slice(list.indexOf("Items of the annex")));
    const form = m[2] as string;
    assert.equal(form, `/edit/gealc/2023/annex/${m[1]}`);
    const shown = (await c.get(form)).body;
    assert.match(shown, /Correct this item of the annex/);
    assert.match(shown, /value="Unplanned seminar"/);
    assert.match(shown, /value="2023-07-01"/);
    const stale = versionOf(shown);
    const late = await c.submit(form, form, { title: "Unplanned seminar", date: "2024-01-10" });
    assert.equal(late.statusCode, 400);
    assert.match(late.body, /This date is after 2023, the plan&#39;s year\./);
    const ok = await c.submit(form, form, {
      title: "Unplanned seminar on open data",
      date: "2023-07-02",
      url: "https://example.org/seminar",
      label: "Seminar minutes",
    });
    assert.equal(ok.statusCode, 303, ok.body.slice(-600));
    const pub = (await c.get("/gealc/2023/annex")).body;
    assert.match(pub, /Unplanned seminar on open data/);
    assert.match(pub, /href="https:\/\/example\.org\/seminar"/);
    const again = (await c.get(form)).body;
    assert.match(again, /value="2023-07-02"/);
    const clash = await c.submit(form, form, { title: "Someone else's title" }, stale);
    assert.equal(clash.statusCode, 409);
    assert.match(clash.body, /Changed by someone else/);
    assert.match(clash.body, /Unplanned seminar on open data/);
    assert.match(clash.body, /Someone else&#39;s title/);
  });

  test("a relation is deleted from the activity's editor behind a confirmation page", async () => {
    const c = client(t);
    await c.signIn(USERS.editor);
    const code = "3.2.5";
    await updateActivity(t.admin, {
      network: "gealc",
      year: 2023,
      code,
      relations: [{ kind: "related", activity: "3.2.4", source: null }],
    });
    const url = `/edit/gealc/2023/activities/${code}`;
    const page = (await c.get(url)).body;
    const link = new RegExp(
      `href="(/edit/gealc/2023/activities/${code.replaceAll(".", "\\.")}/relations/(\\d+)/delete\\?version=\\d+)`,
    ).exec(page);
    assert.ok(link, page.slice(page.indexOf("ed-o"), page.indexOf("ed-o") + 2500));
    const ask = (await c.get(link[1] as string)).body;
    assert.match(ask, /Delete this relation\?/);
    const before = (page.match(/relations\/\d+\/delete/g) ?? []).length;
    const r = await c.submit(link[1] as string, `${url}/relations/${link[2]}/delete`, {});
    assert.equal(r.statusCode, 303, r.body.slice(-600));
    const after = ((await c.get(url)).body.match(/relations\/\d+\/delete/g) ?? []).length;
    assert.equal(after, before - 1);
  });

  test("a relation is corrected in its own form (kind, other activity); a stale form gets the conflict page", async () => {
    const c = client(t);
    await c.signIn(USERS.editor);
    const code = "3.3.2";
    await updateActivity(t.admin, {
      network: "gealc",
      year: 2023,
      code,
      relations: [{ kind: "related", activity: "3.2.4", source: null }],
    });
    const url = `/edit/gealc/2023/activities/${code}`;
    const page = (await c.get(url)).body;
    const m = /href="(\/edit\/gealc\/2023\/activities\/3\.3\.2\/relations\/0)[?"]/.exec(page);
    assert.ok(m, page.slice(page.indexOf("ed-r"), page.indexOf("ed-r") + 800));
    const form = m[1] as string;
    const shown = (await c.get(form)).body;
    assert.match(shown, /Correct this relation/);
    assert.match(shown, /<option value="related" selected>/);
    assert.match(shown, /value="3\.2\.4"/);
    const stale = versionOf(shown);
    const bad = await c.submit(form, form, { kind: "joint", activity: "not a code" });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Enter an activity code such as 3\.6\.4/);
    const ok = await c.submit(form, form, { kind: "joint", activity: "3.2.1" });
    assert.equal(ok.statusCode, 303, ok.body.slice(-600));
    const after = (await c.get(url)).body;
    assert.match(after, /Held jointly with 3\.2\.1/);
    assert.doesNotMatch(after, /Related to 3\.2\.4/);
    const clash = await c.submit(form, form, { kind: "related", activity: "3.2.3" }, stale);
    assert.equal(clash.statusCode, 409);
    assert.match(clash.body, /Held jointly with 3\.2\.1/);
    assert.match(clash.body, /Related to 3\.2\.3/);
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
    assert.equal(
      (await c.submit(plan, `${plan}/lifecycle`, { action: "submit", confirmed: "1" })).statusCode,
      303,
    );
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
      confirmed: "1",
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
      (await c.submit(reports, `${plan}/report`, { action: "approve", confirmed: "1" })).statusCode,
      303,
    );
    assert.equal((await t.app.inject({ url: "/gealc/2023/reports/report.en.md" })).statusCode, 404);
    assert.equal(
      (await c.submit(reports, `${plan}/report`, { action: "publish", confirmed: "1" })).statusCode,
      303,
    );
    // Publishing from the editor stored the edition's files (Markdown among them) right
    // after its answer, without making the publisher wait.
    await editionFilesSettled(t.handle.db);
    const files = await t.handle.db
      .selectFrom("report_edition_files")
      .select(["variant", "sha256"])
      .where("variant", "=", "md:en:en::")
      .execute();
    assert.equal(files.length, 1, "the English Markdown report was stored at publication");
    const md = await t.app.inject({ url: "/gealc/2023/reports/report.en.md" });
    assert.equal(md.statusCode, 200);
    assert.equal(createHash("sha256").update(md.rawPayload).digest("hex"), files[0]?.sha256);
    const page = await t.app.inject({ url: "/gealc/2023?lang=en" });
    assert.doesNotMatch(page.body, /For public distribution once approved/);
  });

  test("submit, approve and publish ask first, on a page that works without JavaScript", async () => {
    const u = await webTestApp();
    try {
      const c = client(u);
      await c.signIn(USERS.admin);
      const plan = "/edit/gealc/2023";
      const ask = await c.submit(plan, `${plan}/lifecycle`, { action: "submit" });
      assert.equal(ask.statusCode, 200);
      assert.match(ask.body, /Submit the 2023 work plan for approval\?/);
      assert.match(ask.body, /<form method="post" action="\/edit\/gealc\/2023\/lifecycle/);
      assert.match(ask.body, /name="confirmed" value="1"/);
      assert.match(ask.body, /name="action" value="submit"/);
      assert.match((await c.get(plan)).body, /Submit for approval/, "nothing happened yet");
      // The confirmation page's own form does it.
      const go = await c.submit(plan, `${plan}/lifecycle`, { action: "submit", confirmed: "1" });
      assert.equal(go.statusCode, 303);
      const fields = { action: "approve", ordinal: "16", date: "2022-11-11", place: "Lima, Peru" };
      const approve = await c.submit(plan, `${plan}/lifecycle`, fields);
      assert.equal(approve.statusCode, 200);
      assert.match(approve.body, /Record the approval of the 2023 work plan\?/);
      assert.match(approve.body, /name="place" value="Lima, Peru"/);
      assert.equal(
        (await c.submit(plan, `${plan}/lifecycle`, { ...fields, confirmed: "1" })).statusCode,
        303,
      );
      const reports = "/gealc/2023/reports";
      const approveReport = await c.submit(reports, `${plan}/report`, { action: "approve" });
      assert.equal(approveReport.statusCode, 200);
      assert.match(approveReport.body, /Approve the 2023 execution report\?/);
      assert.equal(
        (await c.submit(reports, `${plan}/report`, { action: "approve", confirmed: "1" }))
          .statusCode,
        303,
      );
      // An incomplete Spanish translation: the confirmation offers to publish it as it is.
      const key = { network: "gealc", year: 2023 };
      const extract = "examples/gealc-2023/extracto-informe-2023.es.txt";
      await attachTranslation(testDeps(u.handle.db, admin), {
        ...key,
        document: loadPlan(readFileSync(extract), "extracto-informe-2023.es.txt").plan,
        fileName: extract,
        partial: true,
      });
      const publish = await c.submit(reports, `${plan}/report`, { action: "publish" });
      assert.equal(publish.statusCode, 200);
      assert.match(publish.body, /Publish the 2023 execution report\?/);
      assert.match(publish.body, /<input type="checkbox" name="partial" value="es">/);
      assert.match(publish.body, /Publish the Spanish translation as it is \(\d+ of \d+ texts/);
      assert.equal(
        (await u.app.inject({ url: "/gealc/2023/reports/report.en.md" })).statusCode,
        404,
      );
      // Ticked: the edition has Spanish.
      const published = await c.submit(reports, `${plan}/report`, {
        action: "publish",
        confirmed: "1",
        partial: "es",
      });
      assert.equal(published.statusCode, 303, published.body);
      await editionFilesSettled(u.handle.db);
      const editions = await u.app.inject({ url: "/api/v1/networks/gealc/plans/2023/editions" });
      assert.deepEqual(JSON.parse(editions.body)[0].languages.sort(), ["en", "es"]);
    } finally {
      await u.close();
    }
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
    assert.equal(
      (await a.submit(plan, `${plan}/lifecycle`, { action: "submit", confirmed: "1" })).statusCode,
      303,
    );
    const lifecycle = await b.submit(plan, `${plan}/lifecycle`, { action: "return" }, stale);
    assert.equal(lifecycle.statusCode, 409, lifecycle.body.slice(-300));
    assert.match(lifecycle.body, /Changed by someone else/);

    await t.advance("approved");
    const reports = "/gealc/2023/reports";
    const before = versionOf((await a.get(reports)).body);
    assert.equal(
      (await a.submit(reports, `${plan}/report`, { action: "approve", confirmed: "1" })).statusCode,
      303,
    );
    const report = await b.submit(reports, `${plan}/report`, { action: "approve" }, before);
    assert.equal(report.statusCode, 409, report.body.slice(-300));
    assert.match(report.body, /Changed by someone else/);
  });
});

describe("the plan's sources, in the editor", () => {
  let t: WebTestApp;
  before(async () => {
    t = await webTestApp();
  });
  after(() => t.close());

  test("each source with its link check and whether it is cited; deleting one asks about its citations", async () => {
    const c = client(t);
    await c.signIn(USERS.editor);
    const page = "/edit/gealc/2023/sources";
    const added = await c.submit(page, page, { url: "https://example.org/extra", label: "Extra" });
    assert.equal(added.statusCode, 303);
    const plan = await t.handle.db
      .selectFrom("plans")
      .select("id")
      .where("year", "=", 2023)
      .executeTakeFirstOrThrow();
    const seven = await t.handle.db
      .selectFrom("sources")
      .select(["id", "url"])
      .where("plan_id", "=", plan.id)
      .where("number", "=", 7)
      .executeTakeFirstOrThrow();
    await saveLinkCheck(t.handle.db, {
      sourceId: seven.id,
      planId: plan.id,
      url: seven.url ?? "",
      ok: false,
      status: 404,
      error: null,
      finalUrl: null,
      redirects: 0,
      checkedAt: "2023-10-02T08:00:00.000Z",
    });
    const list = (await c.get(page)).body;
    assert.match(
      list,
      /id="src-7"[\s\S]*?Broken link: 404<\/span> <span class="muted">checked 2023-10-02/,
    );
    assert.match(list, /Link not checked yet/);
    assert.match(list, /\d+ sources? nothing cites/);
    assert.match(list, /Extra<\/a> <span class="badge">Not cited<\/span>/);
    // Source 7 is cited (by 3.2.3): its confirmation page asks what becomes of the citations.
    const link = /href="(\/edit\/gealc\/2023\/sources\/7\/delete\?version=\d+)/.exec(list)?.[1];
    assert.ok(link);
    const ask = (await c.get(link)).body;
    assert.match(ask, /Delete source 7\?/);
    assert.match(ask, /Texts of the plan cite this source/);
    assert.match(ask, /name="citations" value="remove" checked/);
    const gone = await c.submit(link, "/edit/gealc/2023/sources/7/delete", { citations: "remove" });
    assert.equal(gone.statusCode, 303, gone.body.slice(-600));
    assert.doesNotMatch((await c.get(page)).body, /id="src-7"/);
    const act = (await c.get("/gealc/2023/activities/3.2.3")).body;
    assert.ok(!seven.url || !act.includes(`href="${seven.url}"`), "3.2.3 no longer cites it");
    // The uncited one goes with no question asked.
    const extra = /href="(\/edit\/gealc\/2023\/sources\/(\d+)\/delete\?version=\d+)/.exec(
      (await c.get(page)).body.split("Extra</a>")[1]?.split("</li>")[0] ?? "",
    );
    assert.ok(extra);
    const ask2 = (await c.get(extra[1] as string)).body;
    assert.doesNotMatch(ask2, /name="citations"/);
    const r = await c.submit(extra[1] as string, `/edit/gealc/2023/sources/${extra[2]}/delete`, {});
    assert.equal(r.statusCode, 303);
    assert.doesNotMatch((await c.get(page)).body, /Extra<\/a>/);
  });
  test("deleted sources and annex items are put back from their history, behind a confirmation page", async () => {
    const c = client(t);
    await c.signIn(USERS.editor);
    const restoreLink = (body: string, what: string) =>
      new RegExp(
        `<li>${what}: deleted, [^<]*<time[^>]*>[^<]*</time> <a class="button small" href="([^"?]+)`,
      ).exec(body)?.[1];
    // A source: added, deleted, then put back from the sources' history.
    const sources = "/edit/gealc/2023/sources";
    const added = await c.submit(sources, sources, {
      url: "https://example.org/restore-me",
      label: "Restore me",
    });
    assert.equal(added.statusCode, 303);
    const row = /href="(\/edit\/gealc\/2023\/sources\/(\d+)\/delete\?version=\d+)/.exec(
      (await c.get(sources)).body.split("Restore me</a>")[1]?.split("</li>")[0] ?? "",
    );
    assert.ok(row);
    const del = await c.submit(row[1] as string, `${sources}/${row[2]}/delete`, {});
    assert.equal(del.statusCode, 303);
    assert.doesNotMatch((await c.get(sources)).body, /Restore me<\/a>/);
    assert.match((await c.get(sources)).body, /href="\/edit\/gealc\/2023\/sources\/history/);
    const sh = (await c.get(`${sources}/history`)).body;
    assert.match(sh, /History of the sources/);
    const undo = restoreLink(sh, `\\[${row[2]}\\] Restore me`);
    assert.ok(undo, sh.slice(sh.indexOf("hist-h"), sh.indexOf("hist-h") + 1500));
    const ask = (await c.get(undo)).body;
    assert.match(ask, /Put the item back as it was before this change\?/);
    const back = await c.submit(undo, undo, {});
    assert.equal(back.statusCode, 303, back.body.slice(-600));
    assert.match(String(back.headers.location), /^\/edit\/gealc\/2023\/sources\?/);
    assert.match((await c.get(sources)).body, /Restore me<\/a>/);
    // An item of the annex: the same from the annex's history.
    const annex = "/edit/gealc/2023/annex";
    const made = await c.submit(annex, annex, { date: "2023-08-01", title: "Workshop to restore" });
    assert.equal(made.statusCode, 303);
    const item = /<li id="annex-(\d+)">[^<]*Workshop to restore · /.exec((await c.get(annex)).body);
    assert.ok(item);
    const gone = await c.submit(`${annex}/${item[1]}/delete`, `${annex}/${item[1]}/delete`, {});
    assert.equal(gone.statusCode, 303);
    assert.doesNotMatch((await c.get("/gealc/2023/annex")).body, /Workshop to restore/);
    const ah = (await c.get(`${annex}/history`)).body;
    assert.match(ah, /History of the annex/);
    const undo2 = restoreLink(ah, "Workshop to restore");
    assert.ok(undo2, ah.slice(ah.indexOf("hist-h"), ah.indexOf("hist-h") + 1500));
    const back2 = await c.submit(undo2, undo2, {});
    assert.equal(back2.statusCode, 303, back2.body.slice(-600));
    assert.match((await c.get("/gealc/2023/annex")).body, /Workshop to restore/);
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
