import { stripCitations } from "../core/citations.ts";
import { AppError } from "../core/errors.ts";
import type { Activity, Language, PlanDocument, StatusCode } from "../core/plan.ts";
import {
  type ActivityProgress,
  asOfDate,
  attentionList,
  isoDay,
  type PlanProgress,
  type ProgressState,
  type ProgressSummary,
  planProgress,
  windowOf,
} from "../core/progress.ts";
import { statusEntry } from "../core/status-table.ts";
import type { Deps } from "./deps.ts";
import type { ReadablePlan } from "./find-readable-plan.ts";
import { frozenPlanDocument, getPlanDocument } from "./get-plan-document.ts";
import { type BrokenLink, listBrokenLinks } from "./list-broken-links.ts";

export type GetDashboardInput = {
  network: string;
  year: number;
  lang?: Language;
  /** An edition by number; by default what the caller reads (the latest, for the public). */
  edition?: number | undefined;
  dueSoonDays?: number;
};

export type DashboardTarget = {
  code: string;
  title: string;
  areaCode: string;
  /** Meetings planned a year ("4 a year" -> 4). */
  count: number;
  /** Meetings held by today. */
  held: number;
  /** Meetings due by today at an even pace (rounded down). */
  expected: number;
  state: ProgressState;
};

/** When something was actually held (or is set to be). */
export type ActualDate = {
  start: string;
  end: string;
  /** As written ("May", "November 20"). */
  text: string;
  kind: "held" | "scheduled";
};

export type TimelineRow = {
  code: string;
  title: string;
  areaCode: string;
  planned: { start: string; end: string; text: string };
  actual: ActualDate[];
  state: ProgressState;
  status: StatusCode;
};

export type AttentionItem = Pick<
  ActivityProgress,
  "code" | "state" | "deadline" | "daysLeft" | "target"
> & { title: string; areaCode: string; areaTitle: string };

export type Dashboard = {
  network: { slug: string; name: string };
  year: number;
  title: string;
  /** The language the plan's texts came in. */
  language: Language;
  today: string;
  yearShareGone: number;
  summary: ProgressSummary;
  /** Execution by area. */
  areas: { code: string; title: string; summary: ProgressSummary }[];
  /** Recurring targets against meetings held. */
  targets: DashboardTarget[];
  /** Planned windows against actual dates. */
  timeline: TimelineRow[];
  late: AttentionItem[];
  behindTarget: AttentionItem[];
  dueSoon: AttentionItem[];
  /** Broken evidence links: null for anonymous readers (only signed-in users see them). */
  brokenLinks: BrokenLink[] | null;
};

/**
 * Where a plan stands today, for its dashboard: execution by area, meeting targets, planned
 * windows against actual dates, what is late or due soon, and (signed in) broken links.
 * Needs the execution report: readers who may only see the plan are refused.
 */
export async function getDashboard(
  deps: Deps,
  input: GetDashboardInput,
  /**
   * What findReadablePlan found of the plan for the same reader (its edition the one asked
   * for): a frozen view's document is read without looking the plan up again.
   */
  head?: ReadablePlan,
): Promise<Dashboard> {
  const got =
    (head && (await frozenPlanDocument(deps, head, input.lang))) ??
    (await getPlanDocument(deps, input));
  if (got.view !== "full") {
    throw new AppError(
      deps.actor ? "forbidden" : "unauthenticated",
      `the ${input.year} report is not published yet`,
    );
  }
  const today = asOfDate(got.plan, isoDay(deps.clock()));
  const progress = planProgress(got.document, { today, dueSoonDays: input.dueSoonDays });
  const brokenLinks = deps.actor ? await listBrokenLinks(deps, input) : null;
  return dashboardOf(got.document, progress, brokenLinks);
}

/** The dashboard model of a plan and its progress (pure: the use case's second half). */
export function dashboardOf(
  doc: PlanDocument,
  progress: PlanProgress,
  brokenLinks: BrokenLink[] | null,
): Dashboard {
  const byCode = new Map<string, { activity: Activity; areaCode: string; areaTitle: string }>();
  for (const area of doc.areas) {
    for (const a of area.activities) {
      byCode.set(a.code, { activity: a, areaCode: area.code, areaTitle: area.title });
    }
  }
  const all = progress.areas.flatMap((a) => a.activities);
  const info = (p: ActivityProgress) => {
    const found = byCode.get(p.code);
    return {
      title: stripCitations(p.title),
      areaCode: found?.areaCode ?? "",
      areaTitle: stripCitations(found?.areaTitle ?? ""),
    };
  };
  const attention = attentionList(progress).map(
    (p): AttentionItem => ({
      code: p.code,
      state: p.state,
      deadline: p.deadline,
      daysLeft: p.daysLeft,
      target: p.target,
      ...info(p),
    }),
  );
  return {
    network: doc.network,
    year: doc.year,
    title: stripCitations(doc.title),
    language: doc.language,
    today: progress.today,
    yearShareGone: progress.yearShareGone,
    summary: progress.summary,
    areas: progress.areas.map((a) => ({
      code: a.code,
      title: stripCitations(a.title),
      summary: a.summary,
    })),
    targets: all.flatMap((p) =>
      p.target
        ? [
            {
              code: p.code,
              title: info(p).title,
              areaCode: info(p).areaCode,
              count: p.target.count,
              held: p.target.held,
              expected: p.target.expected,
              state: p.state,
            },
          ]
        : [],
    ),
    timeline: all.map((p) => {
      const a = byCode.get(p.code)?.activity;
      const planned = windowOf(a?.planned ?? null, doc.year);
      return {
        code: p.code,
        title: info(p).title,
        areaCode: info(p).areaCode,
        planned: { ...planned, text: a?.planned.text ?? "" },
        actual: a ? actualDates(a, doc.year, progress.today) : [],
        state: p.state,
        status: p.status,
      };
    }),
    late: attention.filter((a) => a.state === "late"),
    behindTarget: attention.filter((a) => a.state === "behind_target"),
    dueSoon: attention.filter((a) => a.state === "due_soon"),
    brokenLinks,
  };
}

/**
 * The dates an activity was held (its meetings, or the date of a status that says it was
 * held, by the status table) or is set for. A date after `asOf` was not held yet.
 */
export function actualDates(a: Activity, year: number, asOf: string): ActualDate[] {
  const out: ActualDate[] = [];
  const dated = (t: { start: string | null; end: string | null }) =>
    t.start !== null || t.end !== null;
  for (const o of a.occurrences) {
    if (dated(o.when)) out.push({ ...windowOf(o.when, year), text: o.when.text, kind: "held" });
  }
  const when = a.status.when;
  if (when && dated(when)) {
    const code = a.status.code;
    const w = windowOf(when, year);
    if (statusEntry(code).held && w.start <= asOf) {
      out.push({ ...w, text: when.text, kind: "held" });
    } else if (statusEntry(code).held || code === "scheduled" || code === "postponed") {
      out.push({ ...w, text: when.text, kind: "scheduled" });
    }
  }
  return out;
}
