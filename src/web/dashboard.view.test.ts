import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HtmlValidate } from "html-validate";
import { gealc2023 } from "../../test/fixtures/gealc-2023-tracking.ts";
import { dashboardOf } from "../app/get-dashboard.ts";
import type { NetworkExecution } from "../app/get-network-execution.ts";
import { planProgress } from "../core/progress.ts";
import { chartDrawings, chartWarnings } from "../render/dashboard-svg.ts";
import {
  dashboardCharts,
  dashboardView,
  networkExecutionChart,
  networkExecutionView,
  spanText,
} from "./dashboard.view.ts";

const validator = new HtmlValidate({
  extends: ["html-validate:recommended"],
  // Vega writes SVG attributes html-validate does not know; the SVG is checked apart.
  rules: { "attribute-allowed-values": "off", "no-inline-style": "error" },
});

const pageOf = (body: string, lang: string) =>
  `<!DOCTYPE html>\n<html lang="${lang}"><head><meta charset="utf-8"><title>Dashboard</title></head><body><main>${body}</main></body></html>\n`;

function dashboard(today: string) {
  const plan = gealc2023();
  const first = plan.areas[0]?.activities[0];
  assert.ok(first);
  plan.areas[0]?.activities.push({
    ...first,
    code: "3.1.8",
    title: "A <b>bold</b> & risky title",
  });
  return dashboardOf(plan, planProgress(plan, { today }), [
    {
      source: 2,
      url: "https://example.org/a?b=1&c=<2>",
      ok: false,
      status: 404,
      error: "HTTP 404",
      finalUrl: null,
      redirects: 0,
      checkedAt: "2023-11-20T10:00:00.000Z",
      label: null,
      citedBy: ["3.1.1"],
    },
  ]);
}

describe("dashboard view", () => {
  it("renders charts with tables of the same numbers, escaped, as valid HTML", async () => {
    const d = dashboard("2023-11-21");
    const charts = await dashboardCharts(d, "es");
    const body = dashboardView(d, charts, "es").toString();
    assert.match(body, /Al 21 de noviembre de 2023 \(transcurrido el 89\s?% del año\)/);
    assert.match(body, /<h2 id="dash-late">Atrasadas \(6\)<\/h2>/);
    assert.match(body, /<th scope="row">3\.1 Cross-border services<\/th><td class="num">7<\/td>/);
    assert.match(body, /A &lt;b&gt;bold&lt;\/b&gt; &amp; risky title/);
    assert.doesNotMatch(body, /<b>bold<\/b>/);
    assert.match(body, /href="https:\/\/example\.org\/a\?b=1&amp;c=&lt;2&gt;"/);
    assert.match(
      body,
      /<svg[^>]* role="img" aria-labelledby="chart-areas-title chart-areas-desc"><title id="chart-areas-title">Ejecución por área<\/title>/,
    );
    assert.doesNotMatch(body, /\sstyle="/); // nothing the CSP would block
    for (const month of ["ene", "abr", "sept"])
      assert.match(charts.timeline.svg, new RegExp(`>${month}<`));
    assert.deepEqual(chartWarnings, []);
    const report = await validator.validateString(pageOf(body, "es"), "dashboard.html");
    const messages = report.results.flatMap((r) =>
      r.messages.map((m) => `${m.ruleId}: ${m.message}`),
    );
    assert.deepEqual(messages, []);
  });

  it("leaves broken links out for anonymous readers", async () => {
    const d = { ...dashboard("2023-07-01"), brokenLinks: null };
    const body = dashboardView(d, await dashboardCharts(d, "en"), "en").toString();
    assert.doesNotMatch(body, /Broken evidence links/);
    // 3.2.5 and 3.4.2 say "executed" but have no meeting recorded: behind their targets.
    assert.match(body, /<h2 id="dash-behind">Behind target \(2\)<\/h2>/);
  });

  it("compiles a chart's spec once: another plan's rows are drawn with it, and only they", async () => {
    const d = { ...dashboard("2023-11-21"), brokenLinks: null };
    const first = await dashboardCharts(d, "pt");
    const compiled = chartDrawings.specsCompiled;
    // The same words and legends, other rows: an area renamed, the timeline reversed.
    const other = {
      ...d,
      areas: d.areas.map((a, i) => (i === 0 ? { ...a, title: "Renamed elsewhere" } : a)),
      timeline: [...d.timeline].reverse(),
    };
    const second = await dashboardCharts(other, "pt");
    assert.equal(chartDrawings.specsCompiled, compiled, "no spec compiled again");
    assert.match(second.areas.svg, /Renamed elsewhere/);
    assert.doesNotMatch(first.areas.svg, /Renamed elsewhere/);
    assert.notEqual(second.timeline.svg, first.timeline.svg);
    assert.deepEqual(await dashboardCharts(d, "pt"), first, "the first plan's charts again");
    assert.deepEqual(chartWarnings, []);
  });

  it("compares execution year by year", async () => {
    const plan = gealc2023();
    const summary = planProgress(plan, { today: "2024-03-01" }).summary;
    const n: NetworkExecution = {
      network: plan.network,
      today: "2024-03-01",
      years: [
        { year: 2022, title: "2022 plan", summary: null },
        { year: 2023, title: "2023 plan", summary },
      ],
    };
    const chart = await networkExecutionChart(n, "pt");
    const body = networkExecutionView(n, chart, "pt").toString();
    assert.match(
      body,
      /<tr><th scope="row">2022<\/th><td colspan="5">relatório não publicado<\/td><\/tr>/,
    );
    assert.match(
      body,
      /<tr><th scope="row">2023<\/th><td class="num">39<\/td><td class="num">25<\/td><td class="num">32<\/td><td class="num">30<\/td><td class="num">64\s?%<\/td><\/tr>/,
    );
    assert.match(chart.svg, /<title id="chart-years-title">Taxa de execução por ano<\/title>/);
    assert.match(chart.svg, />2023</);
    assert.doesNotMatch(chart.svg, />2022</); // no visible report, no bar
    const report = await validator.validateString(pageOf(body, "pt"), "network.html");
    assert.deepEqual(
      report.results.flatMap((r) => r.messages.map((m) => m.message)),
      [],
    );
  });

  it("says a window of days as shortly as it can", () => {
    const cases: [string, string, string, string][] = [
      ["2023-09-19", "2023-09-19", "en", "September 19, 2023"],
      ["2023-05-01", "2023-05-31", "en", "May 2023"],
      ["2023-07-01", "2023-12-31", "es", "julio – diciembre de 2023"],
      ["2023-01-01", "2023-12-31", "pt", "2023"],
      ["2023-11-01", "2024-02-29", "en", "November 2023 – February 2024"],
      ["2023-05-02", "2023-05-31", "en", "May 2, 2023 – May 31, 2023"],
    ];
    for (const [start, end, lang, want] of cases) {
      assert.equal(spanText({ start, end }, lang as "en"), want);
    }
  });
});
