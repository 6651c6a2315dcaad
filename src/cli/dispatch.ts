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
import type { Io } from "./io.ts";

type Command = {
  run: (argv: string[], io: Io) => Promise<number>;
  usage: string;
  /** One line on what it does, for `workplan COMMAND --help`. */
  about: string;
};

/** Every command, by name (a test asks each one for its --help). */
export const COMMANDS: Record<string, Command> = {
  "check-links": {
    run: checkLinksCommand,
    usage: checkLinksUsage,
    about: "Checks every evidence link of a stored plan and records the results.",
  },
  convert: {
    run: convert,
    usage: convertUsage,
    about: "Reads a report or plan JSON and writes it as plan JSON, Markdown or HTML.",
  },
  export: {
    run: exportPlan,
    usage: exportUsage,
    about: "Writes a stored plan, or a report or plan JSON file, in an export format.",
  },
  plan: {
    run: planCommand,
    usage: planUsage,
    about: "carry-over: makes or completes next year's draft from a plan.",
  },
  remind: {
    run: remindCommand,
    usage: remindUsage,
    about: "Sends the reminder digests (for cron), or prints them with --dry-run.",
  },
  serve: {
    run: (argv, io) => serve(argv, io),
    usage: serveUsage,
    about: "Migrates the database, loads the example plan into an empty one, and serves.",
  },
  start: {
    run: (argv, io) => serve(argv, io),
    usage: "workplan start",
    about: "The same as serve.",
  },
  db: {
    run: dbCommand,
    usage: dbUsage,
    about: "migrate: brings the database's schema to the newest migration.",
  },
  import: {
    run: importCommand,
    usage: importUsage,
    about: "Reads a report or plan JSON and stores it as a plan, all or nothing.",
  },
  report: {
    run: reportCommand,
    usage: reportUsage,
    about: "Writes a stored plan's execution report as Markdown or HTML.",
  },
  user: {
    run: userCommand,
    usage: userUsage,
    about: "add: makes a user (and gives a coordinator their areas).",
  },
  token: {
    run: tokenCommand,
    usage: tokenUsage,
    about: "create: makes an API token for a user and prints it, this once.",
  },
};

const USAGE = `usage:\n${Object.values(COMMANDS)
  .map((c) => `  ${c.usage}`)
  .join("\n")}\n\nworkplan COMMAND --help says more about one command.`;

const isHelp = (arg: string) => arg === "--help" || arg === "-h";

/** `--help` or `-h` anywhere among a command's arguments (before a `--`). */
function asksForHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end === -1 ? argv : argv.slice(0, end)).some(isHelp);
}

/** Runs one CLI command with the given streams and environment, and returns its exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) return reportError(new UsageError("no command given"), USAGE, io);
  if (isHelp(name) || name === "help") {
    const topic = name === "help" ? rest[0] : undefined;
    if (topic === undefined) {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const about = COMMANDS[topic];
    if (!about) return reportError(new UsageError(`unknown command '${topic}'`), USAGE, io);
    io.stdout.write(commandHelp(about));
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) return reportError(new UsageError(`unknown command '${name}'`), USAGE, io);
  if (asksForHelp(rest)) {
    io.stdout.write(commandHelp(command));
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof TypeError && (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      return reportError(new UsageError(e.message), `usage:\n  ${command.usage}`, io);
    }
    return reportError(e, `usage:\n  ${command.usage}`, io);
  }
}

function commandHelp(c: Command): string {
  return `usage:\n  ${c.usage}\n\n${c.about}\n`;
}
