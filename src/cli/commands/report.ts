import { parseArgs } from "node:util";
import { getPlanDocument } from "../../app/get-plan-document.ts";
import { Language } from "../../core/plan.ts";
import { renderHtml } from "../../render/html.ts";
import { renderMarkdown } from "../../render/markdown.ts";
import { netYear, withCliDeps } from "../db-deps.ts";
import { UsageError } from "../exit.ts";
import type { Io } from "../io.ts";
import { writeOutput } from "../output.ts";

export const usage = "workplan report NET YEAR --format md|html [--lang en|es|pt] [--out PATH]";

/** Writes a stored plan's execution report as Markdown or HTML. */
export async function reportCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { format: { type: "string" }, lang: { type: "string" }, out: { type: "string" } },
  });
  const { network, year } = netYear(positionals, "report");
  const format = values.format ?? "html";
  if (format !== "md" && format !== "html") throw new UsageError("--format must be md or html");
  const lang = values.lang === undefined ? undefined : Language.safeParse(values.lang).data;
  if (values.lang !== undefined && !lang) throw new UsageError("--lang must be en, es or pt");
  const { document, plan } = await withCliDeps(io, (deps) =>
    getPlanDocument(deps, { network, year, ...(lang ? { lang } : {}) }),
  );
  const options = { lang: document.language, draft: plan.reportStatus !== "published" };
  const body = format === "md" ? renderMarkdown(document, options) : renderHtml(document, options);
  await writeOutput(io, body, values.out);
  return 0;
}
