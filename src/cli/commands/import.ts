import { basename } from "node:path";
import { parseArgs } from "node:util";
import { importReport } from "../../app/import-report.ts";
import { Network } from "../../core/plan.ts";
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

export const usage = 'workplan import FILE [--network "Name"] [--slug SLUG] [--replace]';

/** Reads a report or plan JSON and stores it as a plan, all or nothing. */
export async function importCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      network: { type: "string" },
      slug: { type: "string" },
      replace: { type: "boolean" },
    },
  });
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
