import { basename } from "node:path";
import { parseArgs } from "node:util";
import { importReport } from "../../app/import-report.ts";
import { Network } from "../../core/plan.ts";
import { loadAnyPlan } from "../../import/load-plan.ts";
import { withCliDeps } from "../db-deps.ts";
import { UsageError } from "../exit.ts";
import { type Io, readInput } from "../io.ts";

export const usage = "workplan import FILE [--network SLUG] [--replace]";

/** Reads a report or plan JSON and stores it as a plan, all or nothing. */
export async function importCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { network: { type: "string" }, replace: { type: "boolean" } },
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new UsageError("import takes one FILE");
  if (values.network !== undefined && !Network.shape.slug.safeParse(values.network).success) {
    throw new UsageError("--network must be lowercase letters, digits and dashes");
  }
  const { plan: document, warnings } = await loadAnyPlan(await readInput(io, file), basename(file));
  for (const w of warnings) io.stderr.write(`${file}:${w.line}: warning: ${w.message}\n`);
  if (values.network) document.network = { ...document.network, slug: values.network };
  const { plan, replaced } = await withCliDeps(io, (deps) =>
    importReport(deps, { document, replace: values.replace === true }),
  );
  io.stdout.write(
    `${replaced ? "replaced" : "imported"} ${plan.network.slug} ${plan.year} (${document.areas.length} areas, ${document.areas.reduce((n, a) => n + a.activities.length, 0)} activities)\n`,
  );
  return 0;
}
