import { basename } from "node:path";
import { parseArgs } from "node:util";
import { attachTranslation } from "../../app/attach-translation.ts";
import { importReport } from "../../app/import-report.ts";
import { Network } from "../../core/plan.ts";
import { lineFinder } from "../../import/line-finder.ts";
import { loadAnyPlan, type NetworkOverride } from "../../import/load-plan.ts";
import { withCliDeps } from "../db-deps.ts";
import { UsageError } from "../exit.ts";
import { type Io, readInput } from "../io.ts";

/**
 * `--network "Name"` and `--slug SLUG`: the network a report is stored under when its
 * header does not name it (or names it otherwise); the slug defaults to one made from the name.
 */
export function networkOption(values: { network?: string; slug?: string }): NetworkOverride {
  const name = values.network?.trim();
  if (values.network !== undefined && !name) throw new UsageError("--network needs a name");
  if (values.slug !== undefined && !Network.shape.slug.safeParse(values.slug).success) {
    throw new UsageError("--slug must be lowercase letters, digits and dashes");
  }
  return { ...(name ? { name } : {}), ...(values.slug ? { slug: values.slug } : {}) };
}

export const usage =
  'workplan import FILE [--network "Name"] [--slug SLUG] [--replace]\n' +
  "  workplan import FILE --translation-of NET YEAR [--partial]   attach a translation";

/** Reads a report or plan JSON and stores it as a plan, all or nothing. */
export async function importCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      network: { type: "string" },
      slug: { type: "string" },
      replace: { type: "boolean" },
      "translation-of": { type: "string" },
      partial: { type: "boolean" },
    },
  });
  const translationOf = values["translation-of"];
  if (translationOf !== undefined) {
    return importTranslation(io, positionals, translationOf, values.partial === true);
  }
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new UsageError("import takes one FILE");
  const network = networkOption(values);
  const { plan: document, warnings } = await loadAnyPlan(
    await readInput(io, file),
    basename(file),
    {
      network,
    },
  );
  for (const w of warnings)
    io.stderr.write(`${file}:${w.line}: warning: ${w.message}
`);
  const { plan, replaced } = await withCliDeps(io, (deps) =>
    importReport(deps, { document, replace: values.replace === true }),
  );
  io.stdout.write(
    `${replaced ? "replaced" : "imported"} ${plan.network.slug} ${plan.year} (${document.areas.length} areas, ${document.areas.reduce((n, a) => n + a.activities.length, 0)} activities)\n`,
  );
  return 0;
}

/** `import FILE --translation-of NET YEAR`: attaches the report as the plan's translation. */
async function importTranslation(
  io: Io,
  positionals: string[],
  network: string,
  partial: boolean,
): Promise<number> {
  const [file, yearText, ...extra] = positionals;
  const year = Number(yearText);
  if (!file || !Number.isInteger(year) || extra.length > 0) {
    throw new UsageError("import FILE --translation-of NET YEAR");
  }
  const bytes = await readInput(io, file);
  const { plan: document, warnings } = await loadAnyPlan(bytes, basename(file));
  for (const w of warnings) io.stderr.write(`${file}:${w.line}: warning: ${w.message}\n`);
  const result = await withCliDeps(io, (deps) =>
    attachTranslation(deps, {
      network,
      year,
      document,
      partial,
      fileName: file,
      lineOf: lineFinder(bytes.toString("utf8")),
    }),
  );
  for (const m of result.mismatches) io.stderr.write(`${file}:${m.line}: ${m.message}\n`);
  io.stdout.write(
    `attached ${result.attached} ${result.language} texts to ${network} ${year}${result.mismatches.length ? ` (${result.mismatches.length} not matched)` : ""}\n`,
  );
  return 0;
}
