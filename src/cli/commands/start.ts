import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parsePlanJson } from "../../import/plan-json.ts";
import { renderHtml } from "../../render/html.ts";
import { renderMarkdown } from "../../render/markdown.ts";
import { writeOutput } from "../output.ts";

export const usage = "workplan start";

const EXAMPLE = new URL("../../../examples/gealc-2023/plan.json", import.meta.url);

/** Until the server exists: writes the GEALC 2023 report as HTML and Markdown to ./out/. */
export async function start(_argv: string[]): Promise<number> {
  const plan = parsePlanJson(await readFile(EXAMPLE, "utf8"), "examples/gealc-2023/plan.json");
  const html = resolve("out/gealc-2023-report.html");
  const md = resolve("out/gealc-2023-report.md");
  await writeOutput(renderHtml(plan, {}), html);
  await writeOutput(renderMarkdown(plan, {}), md);
  process.stdout.write(`wrote ${html}\nwrote ${md}\n`);
  return 0;
}
