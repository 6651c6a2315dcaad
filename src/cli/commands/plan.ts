import { parseArgs } from "node:util";
import { carryOverPlan } from "../../app/carry-over-plan.ts";
import { netYear, withCliDeps } from "../db-deps.ts";
import { UsageError } from "../exit.ts";
import type { Io } from "../io.ts";

export const usage = "workplan plan carry-over NET YEAR [--dry-run]";

/** `plan <subcommand>`: work on stored plans as a whole. */
export async function planCommand(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === "carry-over") return carryOverCommand(rest, io);
  throw new UsageError(sub ? `unknown plan subcommand '${sub}'` : "plan needs a subcommand");
}

/** Makes or completes the next year's draft; prints what changed, or that nothing did. */
async function carryOverCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { "dry-run": { type: "boolean" } },
  });
  const { network, year } = netYear(positionals, "plan carry-over");
  const result = await withCliDeps(io, (deps) =>
    carryOverPlan(deps, { network, year, dryRun: values["dry-run"] === true }),
  );
  io.stdout.write(`${result.lines.join("\n")}\n`);
  return 0;
}
