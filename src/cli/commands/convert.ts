import { parseArgs } from "node:util";
import { Language } from "../../core/plan.ts";
import { loadAnyPlan } from "../../import/load-plan.ts";
import { renderHtml } from "../../render/html.ts";
import { renderMarkdown } from "../../render/markdown.ts";
import { UsageError } from "../exit.ts";
import { type Io, readInput } from "../io.ts";
import { writeOutput } from "../output.ts";
import { networkOption } from "./import.ts";

export const usage =
  'workplan convert FILE(.txt|.md|.docx|.json) --to json|md|html [--lang en|es|pt] [--network "Name"] [--slug SLUG] [--out PATH]';

/** Reads a report or plan JSON and writes it as a plan JSON, Markdown or HTML report. */
export async function convert(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      to: { type: "string" },
      lang: { type: "string" },
      out: { type: "string" },
      network: { type: "string" },
      slug: { type: "string" },
    },
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new UsageError("convert takes one FILE");
  const to = values.to;
  if (to !== "json" && to !== "md" && to !== "html")
    throw new UsageError("--to must be json, md or html");
  const lang = values.lang === undefined ? undefined : Language.safeParse(values.lang).data;
  if (values.lang !== undefined && !lang) throw new UsageError("--lang must be en, es or pt");

  const network = networkOption(values);
  const { plan, warnings } = await loadAnyPlan(await readInput(io, file), file, { network });
  for (const w of warnings)
    io.stderr.write(`${file}:${w.line}: warning: ${w.message}
`);
  const body =
    to === "json"
      ? `${JSON.stringify(plan, null, 2)}\n`
      : to === "md"
        ? renderMarkdown(plan, { lang })
        : renderHtml(plan, { lang });
  await writeOutput(io, body, values.out);
  return 0;
}
