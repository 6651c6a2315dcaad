import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../../config.ts";
import { AppError } from "../../core/errors.ts";
import { Language, type PlanDocument } from "../../core/plan.ts";
import { type LoadedPlan, loadPlan } from "../../import/load-plan.ts";
import { parseDocxReport } from "../../import/parse-docx-report.ts";
import { renderCsv, TABLE_NAMES, type TableName } from "../../render/csv.ts";
import { renderDocx } from "../../render/docx.ts";
import { renderHtml } from "../../render/html.ts";
import { renderIati } from "../../render/iati.ts";
import { renderIcs } from "../../render/ics.ts";
import { renderPdf } from "../../render/pdf.ts";
import { renderXlsx } from "../../render/xlsx.ts";
import { UsageError } from "../exit.ts";
import { writeOutput } from "../output.ts";

export const usage =
  "workplan export FILE|NET YEAR --format docx|pdf|ics|csv|xlsx|iati|json [--lang en|es|pt] [--out PATH]\n" +
  "      [--final] [--table activities|occurrences|sources] [--area CODE] [--base-url URL]\n" +
  "      [--org-ref REF --org-name NAME [--org-type CODE]] [--bom]";

const FORMATS = ["docx", "pdf", "ics", "csv", "xlsx", "iati", "json"] as const;
type Format = (typeof FORMATS)[number];
const BINARY: ReadonlySet<Format> = new Set(["docx", "pdf", "xlsx"]);

/** A report (.txt, .md, .docx) or plan JSON file read into a plan. */
async function loadFile(file: string): Promise<LoadedPlan> {
  const bytes = await readFile(file);
  if (extname(file).toLowerCase() === ".docx") return parseDocxReport(bytes, { fileName: file });
  return loadPlan(bytes, file);
}

/** Writes a plan (from a report or plan JSON file) in one of the export formats. */
export async function exportPlan(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: "string" },
      lang: { type: "string" },
      out: { type: "string" },
      final: { type: "boolean" },
      table: { type: "string" },
      area: { type: "string" },
      "base-url": { type: "string" },
      "org-ref": { type: "string" },
      "org-name": { type: "string" },
      "org-type": { type: "string" },
      bom: { type: "boolean" },
    },
  });
  const format = values.format as Format | undefined;
  if (!format || !FORMATS.includes(format))
    throw new UsageError(`--format must be one of ${FORMATS.join(", ")}`);
  const lang = values.lang === undefined ? undefined : Language.safeParse(values.lang).data;
  if (values.lang !== undefined && !lang) throw new UsageError("--lang must be en, es or pt");
  const table = (values.table ?? "activities") as TableName;
  if (!TABLE_NAMES.includes(table))
    throw new UsageError(`--table must be one of ${TABLE_NAMES.join(", ")}`);
  if (BINARY.has(format) && !values.out && process.stdout.isTTY) {
    throw new UsageError(
      `--format ${format} writes binary data: give --out PATH or redirect the output`,
    );
  }

  let plan: PlanDocument;
  if (positionals.length === 1 && positionals[0]) {
    const file = positionals[0];
    const loaded = await loadFile(file);
    for (const w of loaded.warnings)
      process.stderr.write(`${file}:${w.line}: warning: ${w.message}\n`);
    plan = loaded.plan;
  } else if (positionals.length === 2 && /^\d{4}$/.test(positionals[1] ?? "")) {
    throw new AppError(
      "unavailable",
      "exporting a stored plan (NET YEAR) is not available yet: pass a report or plan JSON FILE",
    );
  } else {
    throw new UsageError("export takes one FILE, or NET YEAR");
  }

  const config = loadConfig();
  const baseUrl = values["base-url"] ?? config.publicUrl;
  const draft = values.final ? false : undefined;
  let body: string | Uint8Array;
  switch (format) {
    case "json":
      body = `${JSON.stringify(plan, null, 2)}\n`;
      break;
    case "docx":
      body = await renderDocx(plan, { lang, draft });
      break;
    case "pdf":
      body = await renderPdf(renderHtml(plan, { lang, draft }), {
        chromiumPath: config.chromiumPath,
      });
      break;
    case "ics":
      body = renderIcs(plan, {
        scope: values.area ? "area" : "plan",
        areaCode: values.area,
        baseUrl,
      });
      break;
    case "csv":
      body = renderCsv(plan, table, { bom: values.bom ?? false });
      break;
    case "xlsx":
      body = await renderXlsx(plan);
      break;
    case "iati": {
      const ref = values["org-ref"];
      const name = values["org-name"];
      if (!ref || !name)
        throw new UsageError(
          "--format iati needs --org-ref and --org-name (the reporting organisation)",
        );
      body = renderIati(plan, {
        reportingOrg: { ref, name, type: values["org-type"] ?? "40" },
        baseUrl,
        generatedAt: new Date(),
      });
      break;
    }
  }
  await writeOutput(body, values.out);
  return 0;
}
