/**
 * Progress rules: where each activity of a plan stands on a given day, and summaries of a
 * plan and of each of its areas. Pure: the day is passed in (an ISO date), never read.
 */
import type { Activity, Area, Language, PlanDocument, StatusCode, Timing } from "./plan.ts";
import { codesWhere, STATUS_GROUPS, STATUS_TABLE, type StatusGroup } from "./status-table.ts";

export { STATUS_GROUP_LABELS, STATUS_GROUPS, type StatusGroup } from "./status-table.ts";

export const PROGRESS_STATES = [
  "done",
  "closed",
  "late",
  "behind_target",
  "due_soon",
  "on_track",
] as const;
export type ProgressState = (typeof PROGRESS_STATES)[number];

/** Status codes that close an activity (done or not): nothing more is expected of it this year. */
export const DONE_CODES: readonly StatusCode[] = codesWhere(
  (e) => e.progress === "done" || e.progress === "closed",
);

export const DEFAULT_DUE_SOON_DAYS = 30;

/**
 * The rules, one sentence each, for the dashboard's legend. The code below implements them
 * in this order of precedence: done, late, behind target, due soon, on track.
 */
export const PROGRESS_RULES: Record<ProgressState, Record<Language, string>> = {
  done: {
    en: "Done: executed or executed otherwise; a meeting target is done only once all its meetings were held.",
    es: "Cumplida: ejecutada o ejecutada de otra forma; una meta de reuniones se cumple solo al celebrarse todas las previstas.",
    pt: "Concluída: executada ou executada de outra forma; uma meta de reuniões se cumpre só ao realizar todas as previstas.",
  },
  closed: {
    en: "Closed: superseded by a decision or cancelled; nothing more is expected of it.",
    es: "Cerrada: reemplazada por una decisión o cancelada; no se espera nada más de ella.",
    pt: "Encerrada: substituída por uma decisão ou cancelada; nada mais se espera dela.",
  },
  late: {
    en: "Late: its planned window has ended, or its scheduled date has passed, and it is not done (ongoing work has no end to miss).",
    es: "Atrasada: su plazo previsto terminó, o su fecha programada pasó, y no está cumplida (el trabajo permanente no tiene fin que incumplir).",
    pt: "Atrasada: seu prazo previsto terminou, ou sua data agendada passou, e não está concluída (o trabalho contínuo não tem fim a perder).",
  },
  behind_target: {
    en: "Behind target: fewer meetings were held than the target's share of the year gone (e.g. 2 of 4 with 80% of the year gone).",
    es: "Bajo la meta: se celebraron menos reuniones que la parte de la meta correspondiente al año transcurrido (p. ej., 2 de 4 con el 80% del año transcurrido).",
    pt: "Abaixo da meta: foram realizadas menos reuniões do que a parte da meta correspondente ao ano decorrido (ex.: 2 de 4 com 80% do ano decorrido).",
  },
  due_soon: {
    en: "Due soon: its window or scheduled date ends within the next 30 days and it is not done.",
    es: "Próxima a vencer: su plazo o fecha programada termina en los próximos 30 días y no está cumplida.",
    pt: "A vencer: seu prazo ou data agendada termina nos próximos 30 dias e não está concluída.",
  },
  on_track: {
    en: "On track: not done nor closed, but neither late, behind target nor due soon.",
    es: "Al día: no está cumplida ni cerrada, pero no está atrasada, bajo la meta ni próxima a vencer.",
    pt: "Em dia: não está concluída nem encerrada, mas não está atrasada, abaixo da meta nem a vencer.",
  },
};

export type ProgressContext = {
  /** The day to judge on, an ISO date (the app passes its clock's date). */
  today: string;
  /** The plan year: windows left unspecified mean the whole year. */
  year: number;
  /** How close a deadline must be to count as due soon (default 30). */
  dueSoonDays?: number;
};

export type ActivityProgress = {
  code: string;
  title: string;
  state: ProgressState;
  status: StatusCode;
  group: StatusGroup;
  /** The nearest date by which it is expected (planned window end or scheduled date end). */
  deadline: string;
  /** Days from today to the deadline (negative when past). */
  daysLeft: number;
  /** For a frequency target: meetings held by today, the target, and how many were due by now. */
  target: { held: number; count: number; expected: number } | null;
};

// --- dates (UTC calendar arithmetic on ISO dates) ---

const DAY_MS = 86_400_000;
const toUtc = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

/** Whole days from `a` to `b` (ISO dates); negative when b is before a. */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUtc(b) - toUtc(a)) / DAY_MS);
}

/** The ISO date (UTC) of an instant: how the app turns its clock into a `today`. */
export function isoDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * The day a plan's progress is shown as of: a working copy as of today, but never past
 * 31 December of its year (a 2023 plan in 2026 is not "100% late"); an approved or
 * published report as of the "data as of" day recorded at its approval (31 December
 * when none was recorded), whatever today is.
 */
export function asOfDate(
  plan: {
    year: number;
    reportStatus: "draft" | "approved" | "published";
    reportDataAsOf: string | null;
  },
  today: string,
): string {
  const yearEnd = `${plan.year}-12-31`;
  if (plan.reportStatus !== "draft") return plan.reportDataAsOf ?? yearEnd;
  return today < yearEnd ? today : yearEnd;
}

/** The share (0..1) of `year` gone before `today` starts: 0 on 1 January, 1 after the year. */
export function yearShareGone(today: string, year: number): number {
  const start = `${year}-01-01`;
  const next = `${year + 1}-01-01`;
  const gone = daysBetween(start, today);
  return Math.min(1, Math.max(0, gone / daysBetween(start, next)));
}

/** The window a timing resolves to, an unspecified one meaning the whole plan year. */
export function windowOf(t: Timing | null, year: number): { start: string; end: string } {
  return {
    start: t?.start ?? t?.end ?? `${year}-01-01`,
    end: t?.end ?? t?.start ?? `${year}-12-31`,
  };
}

// --- the rules ---

/** Meetings held by `today`: an occurrence counts from the first day of when it was held. */
export function heldBy(activity: Activity, today: string): number {
  return activity.occurrences.filter((o) => {
    const start = o.when.start ?? o.when.end;
    return start === null || start <= today;
  }).length;
}

/** Whether the activity is a frequency target ("4 a year") we can count meetings against. */
export function isTarget(activity: Activity): boolean {
  return activity.planned.kind === "frequency" && activity.planned.count !== null;
}

/** Whether the activity recurs every year (a frequency, or "annual"): carried over each year. */
export function isRecurring(activity: Activity): boolean {
  return activity.planned.kind === "frequency" || activity.planned.kind === "year";
}

/** Where one activity stands on `ctx.today`, by the rules of PROGRESS_RULES. */
export function activityProgress(activity: Activity, ctx: ProgressContext): ActivityProgress {
  const { today, year } = ctx;
  const soon = ctx.dueSoonDays ?? DEFAULT_DUE_SOON_DAYS;
  const code = activity.status.code;
  const planned = windowOf(activity.planned, year);
  // A scheduled (or postponed-to) date is a promise of its own: it can be missed too.
  const when =
    activity.status.when && (code === "scheduled" || code === "postponed")
      ? windowOf(activity.status.when, year).end
      : null;
  const deadline = when !== null && when < planned.end ? when : planned.end;
  const daysLeft = daysBetween(today, deadline);

  const role = STATUS_TABLE[code].progress;
  let target: ActivityProgress["target"] = null;
  let done = role === "done";
  if (isTarget(activity)) {
    const count = activity.planned.count ?? 0;
    const held = heldBy(activity, today);
    const spanStart = planned.start;
    const span = daysBetween(spanStart, planned.end) + 1;
    const gone = Math.min(1, Math.max(0, daysBetween(spanStart, today) / span));
    // Rounded down, so a target is never missed before its share of the year is whole.
    target = { held, count, expected: Math.floor(count * gone) };
    // A target is done when its count is met, whatever the status says: "Executed" over
    // fewer meetings than planned (or none recorded) is not a met target.
    done = held >= count;
  }
  // Ongoing work has no end to miss or draw near; closed work expects nothing more.
  const dated = role !== "continuous";

  const state: ProgressState = done
    ? "done"
    : role === "closed"
      ? "closed"
      : dated && daysLeft < 0
        ? "late"
        : target !== null && target.held < target.expected
          ? "behind_target"
          : dated && daysLeft <= soon
            ? "due_soon"
            : "on_track";
  return {
    code: activity.code,
    title: activity.title,
    state,
    status: code,
    group: statusGroup(activity, today),
    deadline,
    daysLeft,
    target,
  };
}

// --- summaries ---

/**
 * The reporting group of an activity's status (STATUS_TABLE): scheduled, postponed and
 * planned are "not started" unless a meeting was already held.
 */
export function statusGroup(activity: Activity, today: string): StatusGroup {
  const group = STATUS_TABLE[activity.status.code].group;
  return group === "not_started" && heldBy(activity, today) > 0 ? "in_progress" : group;
}

export type ProgressSummary = {
  total: number;
  byState: Record<ProgressState, number>;
  byGroup: Record<StatusGroup, number>;
  /** Frequency targets: how many, meetings planned in all, meetings held (and held up to each target). */
  recurring: { activities: number; target: number; held: number; heldTowardTarget: number };
  /** The execution rate's parts, by the status table: executed, expected, shown apart. */
  rate: { numerator: number; denominator: number; apart: number };
  /**
   * Executed and executed otherwise over every activity still counted (all but the cancelled
   * and the unclassified, shown apart); null for a plan with nothing to execute.
   */
  executionRate: number | null;
};

export type AreaProgress = {
  code: string;
  title: string;
  summary: ProgressSummary;
  activities: ActivityProgress[];
};

export type PlanProgress = {
  year: number;
  today: string;
  /** Share of the plan year gone (0..1). */
  yearShareGone: number;
  summary: ProgressSummary;
  areas: AreaProgress[];
};

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** Counts of a list of activity progresses, by state, by status group and for targets. */
export function summarize(items: readonly ActivityProgress[]): ProgressSummary {
  const byState = zeros(PROGRESS_STATES);
  const byGroup = zeros(STATUS_GROUPS);
  const recurring = { activities: 0, target: 0, held: 0, heldTowardTarget: 0 };
  const rate = { numerator: 0, denominator: 0, apart: 0 };
  for (const p of items) {
    byState[p.state]++;
    byGroup[p.group]++;
    const role = STATUS_TABLE[p.status].rate;
    if (role === "apart") rate.apart++;
    else {
      rate.denominator++;
      if (role === "numerator") rate.numerator++;
    }
    if (p.target) {
      recurring.activities++;
      recurring.target += p.target.count;
      recurring.held += p.target.held;
      recurring.heldTowardTarget += Math.min(p.target.held, p.target.count);
    }
  }
  return {
    total: items.length,
    byState,
    byGroup,
    recurring,
    rate,
    executionRate: rate.denominator > 0 ? rate.numerator / rate.denominator : null,
  };
}

/** Progress of every activity of an area, and the area's summary. */
export function areaProgress(area: Area, ctx: ProgressContext): AreaProgress {
  const activities = area.activities.map((a) => activityProgress(a, ctx));
  return { code: area.code, title: area.title, summary: summarize(activities), activities };
}

/** Progress of a whole plan on `today`: per area and in total. */
export function planProgress(
  plan: Pick<PlanDocument, "year" | "areas">,
  opts: { today: string; dueSoonDays?: number },
): PlanProgress {
  const ctx: ProgressContext = { ...opts, year: plan.year };
  const areas = plan.areas.map((a) => areaProgress(a, ctx));
  return {
    year: plan.year,
    today: opts.today,
    yearShareGone: yearShareGone(opts.today, plan.year),
    summary: summarize(areas.flatMap((a) => a.activities)),
    areas,
  };
}

/** The activities needing attention (late, behind target, due soon), most urgent first. */
export function attentionList(progress: PlanProgress): ActivityProgress[] {
  const rank: Record<ProgressState, number> = {
    late: 0,
    behind_target: 1,
    due_soon: 2,
    on_track: 3,
    done: 4,
    closed: 5,
  };
  return progress.areas
    .flatMap((a) => a.activities)
    .filter((p) => rank[p.state] < 3)
    .sort((a, b) => rank[a.state] - rank[b.state] || a.daysLeft - b.daysLeft);
}

// --- labels (for the dashboard and digests) ---

export const PROGRESS_STATE_LABELS: Record<ProgressState, Record<Language, string>> = {
  done: { en: "Done", es: "Cumplida", pt: "Concluída" },
  closed: { en: "Closed", es: "Cerrada", pt: "Encerrada" },
  late: { en: "Late", es: "Atrasada", pt: "Atrasada" },
  behind_target: { en: "Behind target", es: "Bajo la meta", pt: "Abaixo da meta" },
  due_soon: { en: "Due soon", es: "Próxima a vencer", pt: "A vencer" },
  on_track: { en: "On track", es: "Al día", pt: "Em dia" },
};
