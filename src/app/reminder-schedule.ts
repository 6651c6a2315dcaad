import { randomUUID } from "node:crypto";
import { claimJobRun, finishJobRun } from "../db/job-run.repository.ts";
import { type ReminderDeps, type SendRemindersResult, sendReminders } from "./send-reminders.ts";

export const REMINDER_JOB = "weekly-reminders";

export type ReminderScheduleOptions = {
  /** 0 Sunday … 6 Saturday (UTC); default 1, Monday. */
  weekday?: number;
  /** Hour of the day, UTC (0-23); default 8. */
  hour?: number;
  dueSoonDays?: number;
  /** Timers to use (tests pass fakes). */
  timers?: {
    set: (f: () => void, ms: number) => unknown;
    clear: (handle: unknown) => void;
  };
  /**
   * Told after each run (or its failure), e.g. for logs or tests; "skipped" when another
   * instance on the same database had claimed the week's run.
   */
  onRun?: (r: SendRemindersResult | Error | "skipped") => void;
  /** This process's name in the job_runs table; default a random id. */
  instance?: string;
};

// setTimeout cannot wait longer than 2^31-1 ms (~24.8 days): longer waits are chained.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The first instant after `now` that falls on `weekday` at `hour`:00 UTC. */
export function nextRun(now: Date, weekday: number, hour: number): Date {
  const at = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hour, 0, 0, 0),
  );
  const days = (weekday - at.getUTCDay() + 7) % 7;
  at.setUTCDate(at.getUTCDate() + days);
  if (at.getTime() <= now.getTime()) at.setUTCDate(at.getUTCDate() + 7);
  return at;
}

/**
 * Sends the reminder digests every week (weekday, hour in UTC) while the server runs; returns
 * the function that stops it. A failed run is logged and the next week's still happens. Every
 * instance on one database arms the same weekly slot and only the one that claims it in
 * job_runs sends, so several instances send each digest once.
 */
export function startReminderSchedule(
  deps: ReminderDeps,
  opts: ReminderScheduleOptions = {},
): () => void {
  const weekday = opts.weekday ?? 1;
  const hour = opts.hour ?? 8;
  if (!Number.isInteger(weekday) || weekday < 0 || weekday > 6) {
    throw new RangeError("weekday must be 0 (Sunday) to 6 (Saturday)");
  }
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new RangeError("hour must be 0-23");
  const timers = opts.timers ?? {
    set: (f: () => void, ms: number) => {
      const t = setTimeout(f, ms);
      t.unref?.();
      return t;
    },
    clear: (h: unknown) => clearTimeout(h as NodeJS.Timeout),
  };
  let handle: unknown = null;
  let stopped = false;
  // The slot last armed for: the next one is after it even if a timer fired a bit early.
  let lastDue = 0;
  const instance = opts.instance ?? randomUUID();

  const arm = () => {
    if (stopped) return;
    const from = new Date(Math.max(deps.clock().getTime(), lastDue));
    const due = nextRun(from, weekday, hour).getTime();
    lastDue = due;
    const wait = () => {
      if (stopped) return;
      const left = due - deps.clock().getTime();
      if (left > MAX_TIMER_MS) {
        handle = timers.set(wait, MAX_TIMER_MS);
        return;
      }
      handle = timers.set(() => void fire(due), Math.max(0, left));
    };
    wait();
  };

  const fire = async (due: number) => {
    if (stopped) return;
    const run = { job: REMINDER_JOB, slot: new Date(due).toISOString() };
    try {
      const at = deps.clock().toISOString();
      if (!(await claimJobRun(deps.db, { ...run, instance, at }))) {
        deps.log.info(run, "weekly reminders: another instance has this run");
        opts.onRun?.("skipped");
      } else {
        try {
          const r = await sendReminders(deps, { dueSoonDays: opts.dueSoonDays });
          await finishJobRun(deps.db, { ...run, at: deps.clock().toISOString(), outcome: "ok" });
          opts.onRun?.(r);
        } catch (e) {
          const message = e instanceof Error ? e.message : String(e);
          await finishJobRun(deps.db, { ...run, at: deps.clock().toISOString(), outcome: message });
          throw e;
        }
      }
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      deps.log.error({ err: err.message }, "weekly reminders failed");
      opts.onRun?.(err);
    }
    arm();
  };

  arm();
  return () => {
    stopped = true;
    if (handle !== null) timers.clear(handle);
    handle = null;
  };
}
