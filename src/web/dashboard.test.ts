import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { HtmlValidate } from "html-validate";
import { get, signIn, USERS, type WebTestApp, webTestApp } from "../../test/browser/web-app.ts";

const validator = new HtmlValidate({
  extends: ["html-validate:recommended"],
  // Vega writes SVG attributes html-validate does not know (the SVG is checked apart); the
  // layout writes its doctype in lower case, as HTML allows.
  rules: {
    "attribute-allowed-values": "off",
    "doctype-style": "off",
    "no-inline-style": "error",
  },
});

async function validate(body: string): Promise<string[]> {
  const report = await validator.validateString(body, "page.html");
  return report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`));
}

describe("dashboard pages (published report)", () => {
  let t: WebTestApp;
  before(async () => {
    // The day the report was presented: some activities late, some due soon.
    t = await webTestApp({ now: "2023-11-21T12:00:00Z" });
    await t.advance("published");
  });
  after(() => t.close());

  test("the 2023 dashboard: three SVG charts, each with its table, under the page's CSP", async () => {
    const r = await get(t, "/gealc/2023/dashboard?lang=en");
    assert.equal(r.statusCode, 200);
    assert.match(String(r.headers["content-type"]), /^text\/html/);
    const csp = String(r.headers["content-security-policy"]);
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.doesNotMatch(r.body, /\sstyle="/, "no style attribute the CSP would block");
    assert.doesNotMatch(r.body, /<script/);
    assert.equal(r.body.match(/<svg [^>]*class="chart"[^>]*role="img"/g)?.length, 3);
    for (const id of ["dash-areas", "dash-targets", "dash-timeline"]) {
      assert.match(r.body, new RegExp(`<section class="dashboard-chart" aria-labelledby="${id}">`));
    }
    assert.equal(r.body.match(/<table>/g)?.length, 3);
    assert.match(r.body, /<h1>Progress of the 2023 plan<\/h1>/);
    assert.match(r.body, /As of November 21, 2023/);
    // Execution by area: the status groups the brief names.
    for (const g of ["Executed", "Not started"]) assert.match(r.body, new RegExp(`>${g}</th>`));
    assert.match(r.body, /<h2 id="dash-late">Late \(\d+\)<\/h2>/);
    assert.match(r.body, /<h2 id="dash-due">Due soon \(\d+\)<\/h2>/);
    // Anonymous readers: no broken links, no editor links.
    assert.doesNotMatch(r.body, /Broken evidence links/);
    assert.doesNotMatch(r.body, /href="\/edit\//);
    assert.match(r.body, /<a href="\/gealc\/2023\/activities\/[\d.]+\?lang=en"><strong>/);
    assert.deepEqual(await validate(r.body), []);
  });

  test("in Spanish and Portuguese: the page's words and the charts' titles", async () => {
    const es = await get(t, "/gealc/2023/dashboard?lang=es");
    assert.match(es.body, /<html lang="es">/);
    assert.match(es.body, /<h1>Avance del plan 2023<\/h1>/);
    assert.match(es.body, /<title id="chart-areas-title">Ejecución por área<\/title>/);
    assert.match(es.body, /Atrasadas \(\d+\)/);
    const pt = await get(t, "/gealc/2023/dashboard?lang=pt");
    assert.match(pt.body, /<h1>Andamento do plano 2023<\/h1>/);
    assert.match(pt.body, /Como o andamento é calculado/);
  });

  test("signed in: broken links and links to the editor in the lists", async () => {
    const jar = await signIn(t, USERS.editor);
    const r = await get(t, "/gealc/2023/dashboard?lang=en", jar);
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /<h2 id="dash-broken">Broken evidence links \(0\)<\/h2>/);
    assert.match(
      r.body,
      /<a href="\/edit\/gealc\/2023\/activities\/[\d.]+\?lang=en">Edit [\d.]+<\/a>/,
    );
    assert.deepEqual(await validate(r.body), []);
    // A coordinator of 3.1 gets editor links for 3.1 only.
    const coord = await signIn(t, USERS.coordinator);
    const c = await get(t, "/gealc/2023/dashboard?lang=en", coord);
    const edits = [...c.body.matchAll(/href="\/edit\/gealc\/2023\/activities\/([\d.]+)\?/g)];
    assert.ok(edits.length > 0, "some 3.1 activity needs attention");
    assert.ok(
      edits.every((m) => m[1]?.startsWith("3.1.")),
      edits.map((m) => m[1]).join(),
    );
  });

  test("the execution page compares the years with a chart and a table", async () => {
    const r = await get(t, "/gealc/execution?lang=en");
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /<h1>Execution year by year<\/h1>/);
    assert.equal(r.body.match(/<svg [^>]*class="chart"/g)?.length, 1);
    assert.match(r.body, /<tr><th scope="row">2023<\/th><td class="num">\d+<\/td>/);
    assert.match(r.body, /href="\/gealc\/2023\/dashboard\?lang=en"/);
    assert.doesNotMatch(r.body, /\sstyle="/);
    assert.deepEqual(await validate(r.body), []);
    assert.equal((await get(t, "/nowhere/execution")).statusCode, 404);
  });

  test("linked from the plan page, the reports page and the network home", async () => {
    for (const url of ["/gealc/2023?lang=en", "/gealc/2023/reports?lang=en", "/gealc?lang=en"]) {
      const r = await get(t, url);
      assert.match(r.body, /href="\/gealc\/2023\/dashboard\?lang=en"/, url);
    }
    const home = await get(t, "/gealc?lang=en");
    assert.match(home.body, /href="\/gealc\/execution\?lang=en"/);
  });

  // That the charts are drawn once per state is src/edge/render-cache.test.ts's to say (byContent),
  // counting renderings rather than timing a second request.
  test("the same state gives the same page", async () => {
    const a = await get(t, "/gealc/2023/dashboard?lang=pt");
    const b = await get(t, "/gealc/2023/dashboard?lang=pt");
    assert.equal(a.body, b.body);
  });

  test("an unknown year or network is a 404", async () => {
    assert.equal((await get(t, "/gealc/2031/dashboard")).statusCode, 404);
    assert.equal((await get(t, "/gealc/20x3/dashboard")).statusCode, 404);
    assert.equal((await get(t, "/nowhere/2023/dashboard")).statusCode, 404);
  });
});

describe("dashboard visibility before publication", () => {
  let t: WebTestApp;
  before(async () => {
    t = await webTestApp();
  });
  after(() => t.close());

  test("a draft plan's dashboard is a 404 to anonymous visitors; an editor sees it", async () => {
    assert.equal((await get(t, "/gealc/2023/dashboard")).statusCode, 404);
    const jar = await signIn(t, USERS.editor);
    const r = await get(t, "/gealc/2023/dashboard?lang=en", jar);
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /For public distribution once approved/);
  });

  test("approved, report unpublished: anonymous visitors are asked to sign in, and no link shows", async () => {
    await t.advance("approved");
    const r = await get(t, "/gealc/2023/dashboard?lang=en");
    assert.equal(r.statusCode, 303);
    assert.match(String(r.headers.location), /^\/signin\?next=/);
    const plan = await get(t, "/gealc/2023?lang=en");
    assert.equal(plan.statusCode, 200);
    assert.doesNotMatch(plan.body, /\/dashboard/);
    const exec = await get(t, "/gealc/execution?lang=en");
    assert.match(exec.body, /<td colspan="5">report not published<\/td>/);
  });
});
