/**
 * HTML -> PDF, printed by a real Chromium (Debian's /usr/bin/chromium by default) driven by
 * playwright-core: A4, backgrounds printed, page numbers in the footer, a tagged PDF with an
 * outline from the headings. The page gets no network: every request it makes is refused,
 * so a report prints the same offline and cannot fetch anything.
 *
 * The one impure renderer: it starts a browser process and waits for it.
 */
import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { chromium } from "playwright-core";
import { AppError } from "../core/errors.ts";

export type PdfOptions = {
  /** The Chromium (or Chrome) binary; from the config's CHROMIUM_PATH. */
  chromiumPath: string;
  /** Milliseconds before giving up on starting the browser or printing; default 60 s. */
  timeoutMs?: number;
};

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const FOOTER = `<div style="width:100%;font-size:8pt;font-family:Arial,Helvetica,sans-serif;color:#555;text-align:center"><span class="pageNumber"></span> / <span class="totalPages"></span></div>`;

// The page numbers come from Chromium's footer (displayHeaderFooter); a page's own @page
// margin-box counter (html.ts has one, for printing from a browser) would number pages twice.
const PRINT_OVERRIDES =
  "<style>@page { @bottom-right { content: none; } @bottom-center { content: none; } }</style>";

/** The page with the print overrides last in its head, so they win. */
function withOverrides(html: string): string {
  const at = html.search(/<\/head>/i);
  return at >= 0
    ? `${html.slice(0, at)}${PRINT_OVERRIDES}${html.slice(at)}`
    : `${PRINT_OVERRIDES}${html}`;
}

function missing(path: string): AppError {
  return new AppError(
    "unavailable",
    `Chromium not found at ${path}: install it with \`apt-get install chromium\` or set CHROMIUM_PATH`,
  );
}

/** A complete HTML page printed to the bytes of an A4 PDF with numbered pages. */
export async function renderPdf(html: string, opts: PdfOptions): Promise<Uint8Array> {
  try {
    await access(opts.chromiumPath, constants.X_OK);
  } catch {
    throw missing(opts.chromiumPath);
  }
  const timeout = opts.timeoutMs ?? 60_000;
  let browser: Awaited<ReturnType<typeof chromium.launch>>;
  try {
    browser = await chromium.launch({
      executablePath: opts.chromiumPath,
      args: CHROMIUM_ARGS,
      timeout,
    });
  } catch (e) {
    throw new AppError(
      "unavailable",
      `Chromium at ${opts.chromiumPath} did not start: ${(e as Error).message.split("\n")[0]}`,
    );
  }
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    page.setDefaultTimeout(timeout);
    await page.route("**/*", (route) => route.abort());
    await page.setContent(withOverrides(html), { waitUntil: "load" });
    await page.emulateMedia({ media: "print" });
    const pdf = await page.pdf({
      format: "A4",
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: "<span></span>",
      footerTemplate: FOOTER,
      margin: { top: "24mm", bottom: "20mm", left: "18mm", right: "18mm" },
      tagged: true,
      outline: true,
    });
    return new Uint8Array(pdf);
  } finally {
    await browser.close();
  }
}
