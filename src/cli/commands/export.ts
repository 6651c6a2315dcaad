import { parseArgs } from "node:util";
import { getPlanDocument } from "../../app/get-plan-document.ts";
import { loadConfig } from "../../config.ts";
import { Language, type PlanDocument } from "../../core/plan.ts";
import { loadAnyPlan } from "../../import/load-plan.ts";
import { TABLE_NAMES, type TableName } from "../../render/csv.ts";
import { EXPORT_FORMATS, type ExportFormat, renderExport } from "../../render/export.ts";
import { netYear, withCliDeps } from "../db-deps.ts";
import { UsageError } from "../exit.ts";
import { type Io, readInput } from "../io.ts";
import { writeOutput } from "../output.ts";

export const usage =
  "workplan export FILE|NET YEAR --format docx|pdf|html|md|ics|csv|xlsx|iati|json [--lang en|es|pt] [--out PATH]\n" +
  "      [--final] [--table activities|occurrences|sources] [--area CODE] [--base-url URL]\n" +
  "      [--org-ref REF --org-name NAME [--org-type CODE]] [--bom]";

const BINARY: ReadonlySet<ExportFormat> = new Set(["docx", "pdf", "xlsx"]);

/** Writes a plan (a stored one, or from a report or plan JSON file) in an export format. */
export async function exportPlan(argv: string[], io: Io): Promise<number> {
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
  const format = values.format as ExportFormat | undefined;
  if (!format || !EXPORT_FORMATS.includes(format))
    throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(", ")}`);
  const lang = values.lang === undefined ? undefined : Language.safeParse(values.lang).data;
  if (values.lang !== undefined && !lang) throw new UsageError("--lang must be en, es or pt");
  const table = (values.table ?? "activities") as TableName;
  if (!TABLE_NAMES.includes(table))
    throw new UsageError(`--table must be one of ${TABLE_NAMES.join(", ")}`);
  if (BINARY.has(format) && !values.out && io.stdout.isTTY) {
    throw new UsageError(
      `--format ${format} writes binary data: give --out PATH or redirect the output`,
    );
  }

  let plan: PlanDocument;
  const config = loadConfig(io.env);
  if (positionals.length === 1 && positionals[0]) {
    const file = positionals[0];
    const loaded = await loadAnyPlan(await readInput(io, file), file);
    for (const w of loaded.warnings) io.stderr.write(`${file}:${w.line}: warning: ${w.message}\n`);
    plan = loaded.plan;
  } else {
    const { network, year } = netYear(positionals, "export");
    plan = await withCliDeps(
      io,
      async (deps) => (await getPlanDocument(deps, { network, year, lang })).document,
      config,
    );
  }

  const ref = values["org-ref"];
  const name = values["org-name"];
  if ((ref === undefined) !== (name === undefined))
    throw new UsageError("--org-ref and --org-name go together (the IATI reporting organisation)");
  const { body } = await renderExport(plan, format, {
    lang,
    draft: values.final ? false : undefined,
    table,
    areaCode: values.area,
    baseUrl: values["base-url"] ?? config.publicUrl,
    chromiumPath: config.chromiumPath,
    reportingOrg: ref && name ? { ref, name, type: values["org-type"] ?? "40" } : undefined,
    bom: values.bom,
    now: new Date(),
  });
  await writeOutput(io, body, values.out);
  return 0;
}
