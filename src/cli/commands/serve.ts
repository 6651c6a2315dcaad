import { readFile } from "node:fs/promises";
import { flushCompileCache } from "node:module";
import { parseArgs } from "node:util";
import { approvePlan } from "../../app/approve-plan.ts";
import { approveReport } from "../../app/approve-report.ts";
import { attachTranslation } from "../../app/attach-translation.ts";
import type { Deps } from "../../app/deps.ts";
import { importReport } from "../../app/import-report.ts";
import { anyPlan } from "../../app/list-plans.ts";
import { publishReport } from "../../app/publish-report.ts";
import { startReminderSchedule } from "../../app/reminder-schedule.ts";
import { submitPlan } from "../../app/submit-plan.ts";
import { type Config, loadConfig } from "../../config.ts";
import { AppError } from "../../core/errors.ts";
import { createDb } from "../../db/create-db.ts";
import { drain, listen } from "../../http/server.ts";
import { loadPlan } from "../../import/load-plan.ts";
import { createSmtpMailer } from "../../mail/transport.ts";
import { buildServer } from "../../server/build-server.ts";
import { CLI_ACTOR, stderrLog } from "../db-deps.ts";
import { UsageError } from "../exit.ts";
import type { Io } from "../io.ts";

export const usage = "workplan serve";

const EXAMPLE = new URL("../../../examples/gealc-2023/plan.json", import.meta.url);
const EXAMPLE_ES = new URL(
  "../../../examples/gealc-2023/extracto-informe-2023.es.txt",
  import.meta.url,
);

/**
 * Loads the GEALC 2023 example when the database has no plan: imported, then approved and
 * its report published as the real one was, so the portal has something public to show.
 * Returns what it did, for the console.
 */
export async function loadExample(deps: Deps): Promise<string | null> {
  if (await anyPlan(deps)) return null;
  const { plan: document } = await readExample();
  let plan: Awaited<ReturnType<typeof importReport>>["plan"];
  try {
    ({ plan } = await importReport(deps, { document }));
  } catch (e) {
    // Another instance starting on the same database was quicker: it loads the example.
    if (e instanceof AppError && e.code === "conflict" && (await anyPlan(deps))) {
      return null;
    }
    throw e;
  }
  const key = { network: plan.network.slug, year: plan.year };
  // The Spanish extract covers area 3.1 and the annex: a partial Spanish translation.
  const es = await readFile(EXAMPLE_ES);
  await attachTranslation(deps, {
    ...key,
    document: loadPlan(es, "extracto-informe-2023.es.txt").plan,
    partial: true,
    fileName: "examples/gealc-2023/extracto-informe-2023.es.txt",
  });
  // The plan of a year is approved by the last Assembly held before that year starts
  // (the 2023 plan: the XVI Assembly, Lima, November 11, 2022); the report goes to the next.
  const assembly = document.assemblies
    .filter((a) => a.date !== null && a.date < `${document.year}-01-01` && a.place)
    .sort((a, b) => b.ordinal - a.ordinal)[0];
  if (assembly?.date && assembly.place) {
    let p = await submitPlan(deps, { ...key, expectedVersion: plan.version });
    p = await approvePlan(deps, {
      ...key,
      expectedVersion: p.version,
      assembly: { ordinal: assembly.ordinal, date: assembly.date, place: assembly.place.text },
    });
    // Its data stand as of the Assembly it was presented to (XVII, November 21, 2023).
    const presented = document.assemblies.find((a) => a.ordinal === document.presentedAt)?.date;
    const dataAsOf = presented?.startsWith(`${document.year}-`) ? presented : undefined;
    p = await approveReport(deps, { ...key, expectedVersion: p.version, dataAsOf });
    // The Spanish extract is published as the partial translation it is (its report says so).
    await publishReport(deps, { ...key, expectedVersion: p.version, partial: ["es"] });
  }
  return `loaded the example plan ${key.network} ${key.year}`;
}

/** The example plan JSON, shipped in the repository. */
async function readExample() {
  return loadPlan(await readFile(EXAMPLE), "examples/gealc-2023/plan.json");
}

/** The weekly reminder digests, when configured; returns the function that stops them. */
function startReminders(config: Config, deps: Pick<Deps, "db" | "clock" | "log">): () => void {
  if (!config.reminders) return () => {};
  if (!config.smtp.host) {
    deps.log.warn({}, "REMINDERS_WEEKLY is set but SMTP_HOST is not: no reminders will be sent");
    return () => {};
  }
  const mailer = createSmtpMailer(config.smtp);
  const stop = startReminderSchedule(
    { ...deps, actor: CLI_ACTOR, mailer, publicUrl: config.publicUrl },
    {
      ...config.reminders,
      onRun: (r) => {
        if (r instanceof Error) deps.log.error({ err: r.message }, "reminders failed");
        else if (r !== "skipped") deps.log.info({ messages: r.messages.length }, "reminders sent");
      },
    },
  );
  return () => {
    stop();
    mailer.close();
  };
}

/** Migrates, loads the example if the database is empty, serves until SIGINT/SIGTERM, then drains. */
export async function serve(
  argv: string[],
  io: Io,
  config: Config = loadConfig(io.env),
): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  if (positionals.length > 0) throw new UsageError("serve takes no arguments");
  const handle = await createDb(config.databaseUrl);
  const clock = () => new Date();
  let closed = false;
  try {
    if (config.loadExample) {
      const deps: Deps = { db: handle.db, clock, actor: CLI_ACTOR, log: stderrLog(io) };
      const loaded = await loadExample(deps);
      if (loaded) io.stdout.write(`${loaded}\n`);
    }
    // Invitations and password resets go through the reminders' SMTP settings.
    const mailer = config.smtp.host ? createSmtpMailer(config.smtp) : null;
    const app = await buildServer({
      config,
      db: handle.db,
      clock,
      mailer,
      logger: { level: config.logLevel },
      poolStats: handle.poolStats,
      keepPages: true,
    });
    const url = await listen(app, config);
    io.stdout.write(`workplan listening on ${url} (API ${url}/api/docs)\n`);
    // What it compiled to start (bin/workplan's NODE_COMPILE_CACHE) is written now, not at
    // exit: the next start then never loads the TypeScript stripper (~20 MB resident).
    flushCompileCache();
    const stopReminders = startReminders(config, { db: handle.db, clock, log: app.log });
    const signal = await new Promise<string>((resolve) => {
      const stop = (s: string) => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        resolve(s);
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
    app.log.info({ signal, graceMs: config.shutdownGraceMs }, "draining");
    stopReminders();
    const how = await drain(app, () => handle.close(), config.shutdownGraceMs);
    closed = true;
    mailer?.close();
    app.log.info({ how }, "stopped");
    return 0;
  } finally {
    if (!closed) await handle.close();
  }
}
