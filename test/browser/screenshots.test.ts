/**
 * Screenshots of the portal for docs/screenshots/web-*.png, at phone (390 px) and desktop
 * (1280 px) widths: home, plan, area and the activity editor, over the GEALC 2023 plan
 * with its report published. Writes files; asserts only that each page rendered.
 */
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { type Browser, chromium } from "playwright-core";
import { needs, toolPath } from "../helpers/tools.ts";
import {
  CHROMIUM_ARGS,
  PASSWORD,
  SCREENSHOT_DIR,
  USERS,
  type WebTestApp,
  webTestApp,
} from "./web-app.ts";

const OUT = SCREENSHOT_DIR;

describe("portal screenshots", { skip: needs("chromium") }, () => {
  let t: WebTestApp;
  let browser: Browser;
  let base = "";
  before(async () => {
    t = await webTestApp();
    await t.advance("published");
    base = await t.app.listen({ port: 0, host: "127.0.0.1" });
    browser = await chromium.launch({ executablePath: toolPath("chromium"), args: CHROMIUM_ARGS });
    mkdirSync(OUT, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const [width, label] of [
    [390, "phone"],
    [1280, "desktop"],
  ] as const) {
    test(`${label} (${width} px)`, async () => {
      const ctx = await browser.newContext({
        viewport: { width, height: 900 },
        deviceScaleFactor: 1,
        locale: "es-ES",
      });
      const page = await ctx.newPage();
      for (const [name, path] of [
        ["home", "/gealc?lang=es"],
        ["plan", "/gealc/2023?lang=en"],
        ["area", "/gealc/2023/areas/3.1?lang=es"],
      ] as const) {
        const res = await page.goto(`${base}${path}`);
        assert.equal(res?.status(), 200);
        await page.screenshot({
          path: new URL(`web-${name}-${label}.png`, OUT).pathname,
          fullPage: name !== "plan",
        });
      }
      await page.goto(`${base}/signin?lang=es`);
      await page.locator("#f-email").fill(USERS.editor);
      await page.locator("#f-password").fill(PASSWORD);
      await page.locator("form.stack button").click();
      await page.waitForLoadState();
      const res = await page.goto(`${base}/edit/gealc/2023/activities/3.1.5?lang=es`);
      assert.equal(res?.status(), 200);
      await page.screenshot({
        path: new URL(`web-editor-${label}.png`, OUT).pathname,
        fullPage: true,
      });
      await ctx.close();
    });
  }
});
