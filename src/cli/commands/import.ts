import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { attachTranslation } from "../../app/attach-translation.ts";
import { importReport } from "../../app/import-report.ts";
import { Network } from "../../core/plan.ts";
import { lineFinder } from "../../import/line-finder.ts";
import { loadAnyPlan } from "../../import/load-plan.ts";
import { withCliDeps } from "../db-deps.ts";
import { UsageError } from "../exit.ts";

export const usage =
  "workplan import FILE [--network SLUG] [--replace] | FILE --translation-of NET YEAR [--partial]";

/** Reads a report or plan JSON and stores it as a plan, all or nothing. */
export async function importCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      network: { type: "string" },
      replace: { type: "boolean" },
      "translation-of": { type: "string" },
      partial: { type: "boolean" },
    },
  });
  const translationOf = values["translation-of"];
  if (translationOf !== undefined) {
    return importTranslation(positionals, translationOf, values.partial === true);
  }
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new UsageError("import takes one FILE");
  if (values.network !== undefined && !Network.shape.slug.safeParse(values.network).success) {
    throw new UsageError("--network must be lowercase letters, digits and dashes");
  }
  const { plan: document, warnings } = await loadAnyPlan(await readFile(file), basename(file));
  for (const w of warnings) process.stderr.write(`${file}:${w.line}: warning: ${w.message}\n`);
  if (values.network) document.network = { ...document.network, slug: values.network };
  const { plan, replaced } = await withCliDeps((deps) =>
    importReport(deps, { document, replace: values.replace === true }),
  );
  process.stdout.write(
    `${replaced ? "replaced" : "imported"} ${plan.network.slug} ${plan.year} (${document.areas.length} areas, ${document.areas.reduce((n, a) => n + a.activities.length, 0)} activities)\n`,
  );
  return 0;
}

/** `import FILE --translation-of NET YEAR`: attaches the report as the plan's translation. */
async function importTranslation(
  positionals: string[],
  network: string,
  partial: boolean,
): Promise<number> {
  const [file, yearText, ...extra] = positionals;
  const year = Number(yearText);
  if (!file || !Number.isInteger(year) || extra.length > 0) {
    throw new UsageError("import FILE --translation-of NET YEAR");
  }
  const bytes = await readFile(file);
  const { plan: document, warnings } = await loadAnyPlan(bytes, basename(file));
  for (const w of warnings) process.stderr.write(`${file}:${w.line}: warning: ${w.message}\n`);
  const result = await withCliDeps((deps) =>
    attachTranslation(deps, {
      network,
      year,
      document,
      partial,
      fileName: file,
      lineOf: lineFinder(bytes.toString("utf8")),
    }),
  );
  for (const m of result.mismatches) process.stderr.write(`${file}:${m.line}: ${m.message}\n`);
  process.stdout.write(
    `attached ${result.attached} ${result.language} texts to ${network} ${year}${result.mismatches.length ? ` (${result.mismatches.length} not matched)` : ""}\n`,
  );
  return 0;
}
