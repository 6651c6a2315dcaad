import { parseArgs } from "node:util";
import { type SendRemindersResult, sendReminders } from "../../app/send-reminders.ts";
import { createSmtpMailer } from "../../mail/transport.ts";
import { netYear, withCliDeps } from "../db-deps.ts";
import { UsageError } from "../exit.ts";
import type { Io } from "../io.ts";

export const usage = "workplan remind [--dry-run] [--net NET --year YEAR] [--due-soon DAYS]";

/** What a dry run would send: each message's envelope and text. */
export function describeDryRun(r: SendRemindersResult): string {
  const head = `${r.today}: ${r.messages.length} digest(s) for ${r.plans.map((p) => `${p.network} ${p.year}`).join(", ") || "no plan"}\n`;
  return (
    head +
    r.messages
      .map(
        (m) =>
          `\n=== To: ${m.email.to.name} <${m.email.to.email}> (${m.role}, ${m.language})\nSubject: ${m.email.subject}\n\n${m.email.text}`,
      )
      .join("")
  );
}

/** Sends the reminder digests (for cron), or prints them with --dry-run. */
export async function remindCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    options: {
      "dry-run": { type: "boolean" },
      net: { type: "string" },
      year: { type: "string" },
      "due-soon": { type: "string" },
    },
  });
  const one =
    values.net !== undefined || values.year !== undefined
      ? netYear([values.net ?? "", values.year ?? ""], "remind --net NET --year YEAR")
      : {};
  const dueSoonDays = values["due-soon"] === undefined ? undefined : Number(values["due-soon"]);
  if (dueSoonDays !== undefined && !(Number.isInteger(dueSoonDays) && dueSoonDays >= 0)) {
    throw new UsageError("--due-soon must be a whole number of days");
  }
  const dryRun = values["dry-run"] === true;
  const result = await withCliDeps(io, async (deps, config) => {
    const mailer = dryRun ? null : createSmtpMailer(config.smtp);
    try {
      return await sendReminders(
        { ...deps, mailer, publicUrl: config.publicUrl },
        { ...one, dryRun, dueSoonDays },
      );
    } finally {
      mailer?.close();
    }
  });
  if (dryRun) {
    io.stdout.write(describeDryRun(result));
    return 0;
  }
  for (const m of result.messages) {
    io.stdout.write(
      `${m.sent ? "sent" : "FAILED"} ${m.email.to.email}${m.error ? `: ${m.error}` : ""}\n`,
    );
  }
  const failed = result.messages.filter((m) => !m.sent).length;
  io.stdout.write(`${result.messages.length - failed} sent, ${failed} failed\n`);
  return failed > 0 ? 75 : 0;
}
