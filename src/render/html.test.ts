import assert from "node:assert/strict";
import { test } from "node:test";
import { HtmlValidate } from "html-validate";
import { reportPlan } from "../../test/fixtures/render/report-plan.ts";
import type { PlanDocument } from "../core/plan.ts";
import { renderHtml } from "./html.ts";
import { escapeHtml, html, raw } from "./html-escape.ts";
import { cssString } from "./html-style.ts";

const validator = new HtmlValidate({ extends: ["html-validate:recommended"] });

async function errorsOf(page: string): Promise<string[]> {
  const report = await validator.validateString(page, "report.html");
  return report.results.flatMap((r) =>
    r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`),
  );
}

for (const lang of ["en", "es", "pt"] as const) {
  test(`a valid HTML5 page in ${lang} (html-validate, recommended rules)`, async () => {
    const page = renderHtml(reportPlan, { lang, baseUrl: "https://example.org/r/2023" });
    assert.deepEqual(await errorsOf(page), []);
    assert.ok(page.startsWith("<!DOCTYPE html>\n"));
    assert.ok(page.includes(`<html lang="${lang}">`));
    assert.ok(page.includes('<meta charset="utf-8">'));
    assert.ok(page.includes('<meta name="viewport"'));
    assert.ok(page.includes('<link rel="canonical" href="https://example.org/r/2023">'));
  });
}

test("also valid without the draft note, footnotes or base URL", async () => {
  const bare: PlanDocument = {
    ...reportPlan,
    distribution: null,
    background: [],
    purpose: [],
    annex: [],
    annexIntro: null,
    sources: [],
    areas: reportPlan.areas.map((a) => ({
      ...a,
      activities: a.activities.map((x) => ({
        ...x,
        title: "Plain",
        status: { ...x.status, text: x.status.text === "" ? "" : "Done.", sources: [] },
      })),
    })),
  };
  const page = renderHtml(bare);
  assert.deepEqual(await errorsOf(page), []);
  assert.ok(!page.includes('class="footnotes"'));
  assert.ok(!page.includes('class="distribution"'));
});

test("every text is escaped: a script title shows as text", () => {
  const page = renderHtml(reportPlan);
  assert.ok(page.includes("Webinar &lt;script&gt;alert(1)&lt;/script&gt;"));
  assert.ok(!page.includes("<script"));
  assert.ok(page.includes("&lt;b&gt;tags&lt;/b&gt;"));
  assert.ok(page.includes("capacity &amp; support"));
});

test("headings h1..h4 carry linkable ids", () => {
  const page = renderHtml(reportPlan);
  for (const id of ["title", "background", "purpose", "work-areas", "a-3-1", "a-3-1-1", "annex"]) {
    assert.match(page, new RegExp(`<h[1-4] id="${id}">`));
  }
  assert.ok(page.includes('<h4 id="a-3-1-1"><span class="num">3.1.1)</span> Webinar'));
});

test("citations link to footnotes, and each footnote links back to every reference", () => {
  const page = renderHtml(reportPlan);
  assert.ok(
    page.includes('actions<sup><a href="#fn-1" id="fnref-1-1" role="doc-noteref">1</a></sup>.</p>'),
  );
  // Footnote 3 is cited in 3.1.2 first, then again in the annex.
  const first = page.indexOf('id="fnref-3-1"');
  const second = page.indexOf('id="fnref-3-2"');
  assert.ok(first > 0 && second > first);
  assert.ok(page.indexOf("a-3-2-1") < second, "the second reference is the annex one");
  const fn3 = /<li id="fn-3">.*<\/li>/.exec(page)?.[0] ?? "";
  assert.ok(fn3.includes('href="#fnref-3-1" role="doc-backlink" aria-label="Back to text (1)"'));
  assert.ok(fn3.includes('href="#fnref-3-2" role="doc-backlink" aria-label="Back to text (2)"'));
  // An uncited source is listed last, with no link back.
  assert.match(page, /<li id="fn-8">A remark nobody cites\.<\/li>\n<\/ol>/);
  // Notes are numbered 1..8 in order.
  const ids = [...page.matchAll(/<li id="fn-(\d+)">/g)].map((m) => Number(m[1]));
  assert.deepEqual(ids, [1, 2, 3, 4, 5, 6, 7, 8]);
});

test("footnote links: http(s) only; a scheme-less link goes to its https form", () => {
  const page = renderHtml(reportPlan);
  assert.ok(page.includes('<a href="https://www.example.org/june">www.example.org/june</a>'));
  assert.ok(
    page.includes(
      'Photo gallery: <a href="https://example.org/gallery?a=1&amp;b=2">https://example.org/gallery?a=1&amp;b=2</a>',
    ),
  );
  assert.ok(!/href="javascript:/i.test(page));
  assert.ok(page.includes('<li id="fn-6">&lt;javascript:alert(1)&gt; '));
});

test("activity fields as a definition list; status badge per code; omitted lines stay out", () => {
  const page = renderHtml(reportPlan);
  assert.ok(page.includes("<div><dt>Location</dt><dd>Brasilia</dd></div>"));
  assert.ok(page.includes("<div><dt>Date</dt><dd>September 19</dd></div>"));
  assert.ok(page.includes('class="badge badge-executed"'));
  assert.ok(page.includes('class="badge badge-in-progress"'));
  const last = /<article class="activity" aria-labelledby="a-3-2-2">[\s\S]*?<\/article>/.exec(page);
  assert.ok(last);
  assert.ok(!last[0].includes("<dt>Location"));
  assert.ok(!last[0].includes("<dt>Date"));
  assert.ok(last[0].includes('class="badge badge-planned"'));
  assert.ok(!last[0].includes("status-line"));
});

test("print stylesheet: A4 pages, activities kept together, the draft note on every page", () => {
  const page = renderHtml(reportPlan);
  assert.match(page, /@page \{\s*size: A4;/);
  assert.match(page, /@media print \{/);
  assert.match(page, /\.activity \{[^}]*break-inside: avoid/);
  // Repeated in the top margin of every printed page (an @page margin box), and page numbers.
  assert.ok(
    page.includes('@top-center { content: "For PUBLIC distribution \\28 once approved\\29 ";'),
  );
  assert.match(page, /@bottom-right \{ content: counter\(page\)/);
  assert.ok(
    page.includes(
      '<p class="distribution" role="note">For PUBLIC distribution (once approved)</p>',
    ),
  );
  const final = renderHtml(reportPlan, { draft: false });
  assert.ok(!final.includes('class="distribution"'));
  assert.ok(!final.includes("@top-center"));
  assert.ok(
    renderHtml(reportPlan, { lang: "es" }).includes(
      '<p class="distribution" role="note">Para distribución PÚBLICA (una vez aprobado)</p>',
    ),
  );
});

test("a base URL must be http(s)", () => {
  assert.throws(() => renderHtml(reportPlan, { baseUrl: "javascript:alert(1)" }), TypeError);
  const page = renderHtml(reportPlan, { baseUrl: "https://example.org/r/2023#old" });
  assert.ok(page.includes('href="https://example.org/r/2023#a-3-1-1"'));
});

test("the draft note cannot break out of the stylesheet", () => {
  const page = renderHtml({ ...reportPlan, distribution: '</style><script>alert("x")</script>' });
  assert.ok(!page.includes("<script"));
  assert.equal(page.match(/<\/style>/g)?.length, 1);
  assert.equal(cssString('a"\\</'), '"a\\22 \\5c \\3c \\2f "');
});

test("escapeHtml and the html template escape by default", () => {
  assert.equal(
    escapeHtml(`<a href="x">'&'</a>`),
    "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;",
  );
  const evil = '"><img src=x onerror=alert(1)>';
  assert.equal(
    html`<p title="${evil}">${evil}${raw("<br>")}${[1, null, false, "<"]}</p>`.toString(),
    '<p title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;<br>1&lt;</p>',
  );
});
