/**
 * The progress dashboard and the execution page in real Chromium (one launch): the SVG
 * charts and their tables are there and laid out, axe-core finds no WCAG 2.1 AA violation,
 * and screenshots of the 2023 dashboard at desktop and phone widths are written to
 * docs/screenshots/dashboard-{desktop,phone}.png.
 */
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { AxeBuilder } from "@axe-core/playwright";
import { type Browser, chromium, type Page } from "playwright-core";
import { needs, toolPath } from "../helpers/tools.ts";
import { CHROMIUM_ARGS, SCREENSHOT_DIR, type WebTestApp, webTestApp } from "./web-app.ts";

const OUT = SCREENSHOT_DIR;
const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

describe("the dashboard in Chromium", { skip: needs("chromium") }, () => {
  let t: WebTestApp;
  let browser: Browser;
  let base = "";
  before(async () => {
    // The day the 2023 report was presented, with the report published.
    t = await webTestApp({ now: "2023-11-21T12:00:00Z" });
    await t.advance("published");
    base = await t.app.listen({ port: 0, host: "127.0.0.1" });
    browser = await chromium.launch({ executablePath: toolPath("chromium"), args: CHROMIUM_ARGS });
    mkdirSync(OUT, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  async function open(path: string, width = 1280): Promise<Page> {
    const ctx = await browser.newContext({ viewport: { width, height: 900 }, locale: "en-US" });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    const res = await page.goto(`${base}${path}`);
    assert.equal(res?.status(), 200);
    // A CSP violation (an inline style in the SVG, say) shows as a console error.
    assert.deepEqual(errors, []);
    return page;
  }

  async function axe(page: Page) {
    const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
    const found = result.violations.map(
      (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join("; ")})`,
    );
    assert.deepEqual(found, []);
  }

  test("the 2023 dashboard: charts drawn, tables beside them, no axe violation", async () => {
    const page = await open("/gealc/2023/dashboard?lang=en");
    assert.equal(await page.locator("h1").textContent(), "Progress of the 2023 plan");
    const charts = page.locator("svg.chart[role=img]");
    assert.equal(await charts.count(), 3);
    for (let i = 0; i < 3; i++) {
      const box = await charts.nth(i).boundingBox();
      assert.ok(box && box.width > 200 && box.height > 100, JSON.stringify(box));
      assert.ok(box.x + box.width <= 1280, "inside the viewport");
    }
    assert.equal(await page.locator(".dashboard-chart table").count(), 3);
    assert.ok((await page.locator(".dashboard-chart table tbody tr").count()) > 39);
    assert.match((await page.locator("#dash-late").textContent()) ?? "", /^Late \(\d+\)$/);
    await axe(page);
    await page.context().close();
  });

  test("the execution page: no axe violation", async () => {
    const page = await open("/gealc/execution?lang=en");
    assert.equal(await page.locator("svg.chart[role=img]").count(), 1);
    assert.equal(await page.locator("table tbody tr").count(), 1);
    await axe(page);
    await page.context().close();
  });

  test("on a phone the charts keep a readable size and scroll in their box, not the page", async () => {
    const page = await open("/gealc/2023/dashboard?lang=es", 390);
    const boxes = await page
      .locator(".chart-scroll")
      .evaluateAll((els) =>
        els.map((e) => ({ right: e.getBoundingClientRect().right, scrolls: e.scrollWidth })),
      );
    assert.equal(boxes.length, 3);
    assert.ok(
      boxes.every((b) => b.right <= 390),
      JSON.stringify(boxes),
    );
    assert.ok(
      boxes.some((b) => b.scrolls > 390),
      "the widest chart scrolls",
    );
    const scroll = await page.evaluate("document.documentElement.scrollWidth");
    assert.equal(scroll, 390);
    await axe(page);
    await page.context().close();
  });

  for (const [width, label] of [
    [1280, "desktop"],
    [390, "phone"],
  ] as const) {
    test(`screenshot: dashboard-${label}.png (${width} px)`, async () => {
      const page = await open("/gealc/2023/dashboard?lang=en", width);
      await page.screenshot({
        path: new URL(`dashboard-${label}.png`, OUT).pathname,
        fullPage: true,
      });
      await page.context().close();
    });
  }
});
