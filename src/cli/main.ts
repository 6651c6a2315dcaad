import { checkLinksCommand, usage as checkLinksUsage } from "./commands/check-links.ts";
import { convert, usage as convertUsage } from "./commands/convert.ts";
import { dbCommand, usage as dbUsage } from "./commands/db-migrate.ts";
import { exportPlan, usage as exportUsage } from "./commands/export.ts";
import { importCommand, usage as importUsage } from "./commands/import.ts";
import { planCommand, usage as planUsage } from "./commands/plan.ts";
import { remindCommand, usage as remindUsage } from "./commands/remind.ts";
import { reportCommand, usage as reportUsage } from "./commands/report.ts";
import { serve, usage as serveUsage } from "./commands/serve.ts";
import { tokenCommand, usage as tokenUsage } from "./commands/token.ts";
import { userCommand, usage as userUsage } from "./commands/user.ts";
import { reportError, UsageError } from "./exit.ts";

type Command = { run: (argv: string[]) => Promise<number>; usage: string };

const COMMANDS: Record<string, Command> = {
  "check-links": { run: checkLinksCommand, usage: checkLinksUsage },
  convert: { run: convert, usage: convertUsage },
  export: { run: exportPlan, usage: exportUsage },
  plan: { run: planCommand, usage: planUsage },
  remind: { run: remindCommand, usage: remindUsage },
  serve: { run: (argv) => serve(argv), usage: serveUsage },
  start: { run: (argv) => serve(argv), usage: "workplan start (the same as serve)" },
  db: { run: dbCommand, usage: dbUsage },
  import: { run: importCommand, usage: importUsage },
  report: { run: reportCommand, usage: reportUsage },
  user: { run: userCommand, usage: userUsage },
  token: { run: tokenCommand, usage: tokenUsage },
};

const USAGE = `usage:\n${Object.values(COMMANDS)
  .map((c) => `  ${c.usage}`)
  .join("\n")}`;

/** Runs one CLI command and returns its exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    const command = name ? COMMANDS[name] : undefined;
    if (!command) throw new UsageError(name ? `unknown command '${name}'` : "no command given");
    return await command.run(rest);
  } catch (e) {
    if (e instanceof TypeError && (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      return reportError(new UsageError(e.message), USAGE);
    }
    return reportError(e, USAGE);
  }
}

process.exitCode = await main(process.argv.slice(2));
