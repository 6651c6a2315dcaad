/**
 * Screenshots of the portal for docs/screenshots/web-*.png, at phone (390 px) and desktop
 * (1280 px) widths: home, plan, area, the activity editor and the Spanish translation view, over the GEALC 2023 plan
 * with its report published. Writes files; asserts only that each page rendered.
 */
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { type Browser, chromium } from "playwright-core";
import { attachTranslation } from "../../src/app/attach-translation.ts";
import { loadPlan } from "../../src/import/load-plan.ts";
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
const SPANISH = readFileSync(
  new URL("../../examples/gealc-2023/extracto-informe-2023.es.txt", import.meta.url),
);

describe("portal screenshots", { skip: needs("chromium") }, () => {
  let t: WebTestApp;
  let browser: Browser;
  let base = "";
  before(async () => {
    t = await webTestApp();
    await t.advance("published");
    // Part of the plan in Spanish, for the translation view.
    await attachTranslation(t.admin, {
      network: "gealc",
      year: 2023,
      document: loadPlan(SPANISH, "extracto.es.txt").plan,
      partial: true,
      fileName: "extracto.es.txt",
    });
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
      const tr = await page.goto(`${base}/edit/gealc/2023/translations/es?lang=es`);
      assert.equal(tr?.status(), 200);
      assert.match(
        String(await page.locator(".tr-progress").textContent()),
        /Español: \d+ de \d+ textos/,
      );
      await page.screenshot({ path: new URL(`web-translation-${label}.png`, OUT).pathname });

      await ctx.close();
    });
  }
});
