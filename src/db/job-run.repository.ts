import type { Kysely } from "kysely";
import type { DB } from "./schema.ts";

/** One run of a job that must happen once across instances (migration 0005-job-runs). */
export type JobRunRow = {
  job: string;
  slot: string;
  instance: string;
  started_at: string;
  finished_at: string | null;
  outcome: string | null;
};

const jobDb = (db: Kysely<DB>) => db.withTables<{ job_runs: JobRunRow }>();

/**
 * Claims a job's run for its slot: true for the one instance that gets it, false for every
 * other (the row exists already). The claim is the insert itself, so it holds across
 * instances on one database.
 */
export async function claimJobRun(
  db: Kysely<DB>,
  run: { job: string; slot: string; instance: string; at: string },
): Promise<boolean> {
  const inserted = await jobDb(db)
    .insertInto("job_runs")
    .values({ job: run.job, slot: run.slot, instance: run.instance, started_at: run.at })
    .onConflict((oc) => oc.columns(["job", "slot"]).doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Records how a claimed run ended. */
export async function finishJobRun(
  db: Kysely<DB>,
  run: { job: string; slot: string; at: string; outcome: string },
): Promise<void> {
  await jobDb(db)
    .updateTable("job_runs")
    .set({ finished_at: run.at, outcome: run.outcome })
    .where("job", "=", run.job)
    .where("slot", "=", run.slot)
    .execute();
}

/** The latest runs of a job, newest first. */
export async function listJobRuns(db: Kysely<DB>, job: string, limit = 10): Promise<JobRunRow[]> {
  return jobDb(db)
    .selectFrom("job_runs")
    .selectAll()
    .where("job", "=", job)
    .orderBy("slot", "desc")
    .limit(limit)
    .execute();
}

/** How many runs each job had, by outcome ("ok", "running" while unfinished, else "failed"). */
export async function countJobRuns(
  db: Kysely<DB>,
): Promise<{ job: string; outcome: string; count: number }[]> {
  const rows = await jobDb(db)
    .selectFrom("job_runs")
    .select(["job", "outcome"])
    .select((eb) => eb.fn.countAll<string | number>().as("count"))
    .groupBy(["job", "outcome"])
    .execute();
  const out = new Map<string, { job: string; outcome: string; count: number }>();
  for (const r of rows) {
    const outcome = r.outcome === null ? "running" : r.outcome === "ok" ? "ok" : "failed";
    const key = `${r.job}\u0000${outcome}`;
    const have = out.get(key) ?? { job: r.job, outcome, count: 0 };
    have.count += Number(r.count);
    out.set(key, have);
  }
  return [...out.values()];
}
