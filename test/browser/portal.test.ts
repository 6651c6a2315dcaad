/**
 * The portal in real Chromium (Debian's), against the app listening on an ephemeral port
 * over a temp SQLite database: the editor's main journeys and axe-core (WCAG 2.1 AA).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { AxeBuilder } from "@axe-core/playwright";
import { type Browser, chromium, type Page } from "playwright-core";
import { needs, toolPath } from "../helpers/tools.ts";
import { CHROMIUM_ARGS, PASSWORD, USERS, type WebTestApp, webTestApp } from "./web-app.ts";

describe("the portal in Chromium", { skip: needs("chromium") }, () => {
  let t: WebTestApp;
  let browser: Browser;
  let base = "";
  before(async () => {
    t = await webTestApp();
    base = await t.app.listen({ port: 0, host: "127.0.0.1" });
    browser = await chromium.launch({ executablePath: toolPath("chromium"), args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  async function anonymous(): Promise<Page> {
    const ctx = await browser.newContext({ locale: "en-US" });
    return ctx.newPage();
  }

  async function signedIn(email: string): Promise<Page> {
    const page = await anonymous();
    await page.goto(`${base}/signin?lang=en`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/\?lang=en$|\/gealc/);
    return page;
  }

  test("anonymous visitors cannot reach a draft plan", async () => {
    const page = await anonymous();
    const res = await page.goto(`${base}/gealc/2023/activities/3.1.1?lang=en`);
    assert.equal(res?.status(), 404);
    assert.equal(await page.locator("h1").textContent(), "Page not found");
    await page.context().close();
  });

  test("sign in, edit an activity, record an occurrence", async () => {
    const page = await signedIn(USERS.editor);
    assert.match((await page.locator(".user").textContent()) ?? "", /Nora Manager/);
    await page.goto(`${base}/edit/gealc/2023/activities/3.6.3?lang=en`);
    await page.locator("#f-title").fill("Regional document update on emerging technologies");
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(/saved=1/);
    assert.equal(await page.locator("p.ok").textContent(), "Saved.");
    await page.locator("#f-month").fill("2023-09");
    await page.locator("#f-url").fill("javascript:alert(1)");
    await page.getByRole("button", { name: "Record an occurrence" }).click();
    assert.match((await page.locator(".errbox").textContent()) ?? "", /http:\/\/ or https:\/\//);
    await page.locator("#f-url").fill("https://www.redgealc.org/news/emerging-2023");
    await page.locator("#f-label").fill("News");
    await page.getByRole("button", { name: "Record an occurrence" }).click();
    await page.waitForURL(/saved=1/);
    await page.goto(`${base}/gealc/2023/activities/3.6.3?lang=en`);
    assert.match(
      (await page.locator("h1").textContent()) ?? "",
      /Regional document update on emerging technologies/,
    );
    assert.equal(
      await page.locator('a[href="https://www.redgealc.org/news/emerging-2023"]').count(),
      2,
    );
    await page.context().close();
  });

  test("approve the plan and publish its report", async () => {
    const page = await signedIn(USERS.editor);
    await page.goto(`${base}/edit/gealc/2023?lang=en`);
    await page.getByRole("button", { name: "Submit for approval" }).click();
    // It asks first (a confirmation page, no JavaScript needed).
    await page.getByRole("button", { name: "Yes, go ahead" }).click();
    await page.waitForURL(/saved=1/);
    await page.getByLabel("Assembly number").fill("16");
    await page.getByLabel("Assembly date").fill("2022-11-11");
    await page.getByLabel("Assembly place").fill("Lima, Peru");
    await page.getByRole("button", { name: "Record approval" }).click();
    await page.getByRole("button", { name: "Yes, go ahead" }).click();
    await page.waitForURL(/saved=1/);
    assert.match((await page.locator("#lc-h + p").textContent()) ?? "", /Approved/);
    await page.goto(`${base}/gealc/2023/reports?lang=en`);
    await page.getByRole("button", { name: "Approve the report" }).click();
    await page.getByRole("button", { name: "Yes, go ahead" }).click();
    await page.waitForURL(/saved=1/);
    await page.getByRole("button", { name: "Publish the report" }).click();
    await page.getByRole("button", { name: "Yes, go ahead" }).click();
    await page.waitForURL(/saved=1/);
    await page.context().close();
    const anon = await anonymous();
    await anon.goto(`${base}/gealc/2023/reports?lang=en`);
    // One Markdown report per language (en, es, pt).
    assert.equal(await anon.getByRole("link", { name: "Text (Markdown)" }).count(), 3);
    await anon.context().close();
  });

  test("switch language", async () => {
    const page = await anonymous();
    await page.goto(`${base}/gealc/2023?lang=en`);
    assert.equal(await page.locator("html").getAttribute("lang"), "en");
    await page.getByRole("link", { name: "Español" }).click();
    await page.waitForURL(/lang=es/);
    assert.equal(await page.locator("html").getAttribute("lang"), "es");
    assert.match((await page.locator("h1").textContent()) ?? "", /.+/);
    assert.equal(await page.getByRole("link", { name: "Inicio" }).count(), 1);
    await page.getByRole("link", { name: "Português" }).click();
    await page.waitForURL(/lang=pt/);
    assert.equal(await page.getByRole("link", { name: "Início" }).count(), 1);
    await page.context().close();
  });

  test("keyboard: the skip link is the first stop and moves focus to the main content", async () => {
    const page = await anonymous();
    await page.goto(`${base}/gealc/2023?lang=en`);
    await page.keyboard.press("Tab");
    assert.equal(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { textContent: string } | null } })
            .document.activeElement?.textContent,
      ),
      "Skip to main content",
    );
    await page.keyboard.press("Enter");
    assert.equal(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document
            .activeElement?.id,
      ),
      "main",
    );
    await page.context().close();
  });

  for (const [name, path] of [
    ["home", "/gealc"],
    ["plan", "/gealc/2023"],
    ["area", "/gealc/2023/areas/3.1"],
    ["activity", "/gealc/2023/activities/3.1.5"],
    ["sign-in", "/signin"],
    ["plan (es)", "/gealc/2023?lang=es"],
  ] as const) {
    test(`axe-core finds no WCAG 2.1 AA violation on the ${name} page`, async () => {
      const page = await anonymous();
      await page.goto(`${base}${path}${path.includes("?") ? "" : "?lang=en"}`);
      const result = await new AxeBuilder({ page })
        .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
        .analyze();
      const found = result.violations.map(
        (v) =>
          `${v.id}: ${v.nodes
            .map((n) => n.target.join(" "))
            .slice(0, 3)
            .join(", ")}`,
      );
      assert.deepEqual(found, []);
      await page.context().close();
    });
  }

  test("axe-core finds no violation on the activity editor", async () => {
    const page = await signedIn(USERS.editor);
    await page.goto(`${base}/edit/gealc/2023/activities/3.1.5?lang=es`);
    const result = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
      .analyze();
    assert.deepEqual(
      result.violations.map((v) => v.id),
      [],
    );
    await page.context().close();
  });

  test("axe-core finds no violation on the translation view", async () => {
    const page = await signedIn(USERS.editor);
    const res = await page.goto(`${base}/edit/gealc/2023/translations/es?lang=en`);
    assert.equal(res?.status(), 200);
    const result = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
      .analyze();
    assert.deepEqual(
      result.violations.map(
        (v) =>
          `${v.id}: ${v.nodes
            .map((n) => n.target.join(" "))
            .slice(0, 3)
            .join(", ")}`,
      ),
      [],
    );
    await page.context().close();
  });
});
