/**
 * Carry-over: the next year's draft plan from this year's — the same areas and objectives,
 * the recurring activities, and every unfinished one, each pointing back at where it came
 * from. Pure and idempotent: carrying into a draft that already holds an activity's
 * carried copy adds nothing.
 */
import { citedIds, renumberCitations } from "./citations.ts";
import {
  type Activity,
  type Area,
  emptyPlan,
  type PlanDocument,
  type Relation,
  type Source,
  type Status,
  type Timing,
} from "./plan.ts";
import { isRecurring } from "./progress.ts";

export type CarryReason = "recurring" | "unfinished";

export type CarriedActivity = {
  /** "<year>:<code>" of the activity carried. */
  from: string;
  /** Its code in the next year's plan. */
  code: string;
  reason: CarryReason;
};

export type CarryOverResult = {
  /** The next year's plan: the existing draft with what this run added, or a new draft. */
  plan: PlanDocument;
  /** True when there was no next year's plan and this is a new one. */
  created: boolean;
  areasAdded: string[];
  carried: CarriedActivity[];
  /** Activities that would be carried but already were ("<year>:<code>"). */
  alreadyCarried: string[];
  /** False when the run changes nothing (a second run). */
  changed: boolean;
};

/** "<year>:<code>": how a carried activity names its origin. */
export function originKey(year: number, code: string): string {
  return `${year}:${code}`;
}

const isoYear = (iso: string | null) => (iso === null ? null : Number(iso.slice(0, 4)));

/**
 * Why an activity goes into the next year, or null when it stays behind: superseded and
 * cancelled ones never; otherwise recurring ones (frequency or annual) always, and
 * unfinished ones (planned, in progress, ongoing, and scheduled or postponed to a date
 * past the year's end or to no date). A date inside the
 * year is taken as kept, so it is not carried: the report may just not say so yet.
 */
export function carryReason(activity: Activity, year: number): CarryReason | null {
  const st = activity.status;
  // A superseded or cancelled activity ends here, recurring or not.
  if (st.code === "superseded" || st.code === "cancelled") return null;
  if (isRecurring(activity)) return "recurring";
  switch (st.code) {
    case "planned":
    case "in_progress":
    case "ongoing":
      return "unfinished";
    case "scheduled":
    case "postponed": {
      const end = isoYear(st.when?.end ?? st.when?.start ?? null);
      return end === null || end > year ? "unfinished" : null;
    }
    default:
      return null;
  }
}

function shiftDate(iso: string | null, years: number): string | null {
  if (iso === null) return null;
  const y = Number(iso.slice(0, 4)) + years;
  const md = iso.slice(4);
  // 29 February of a leap year becomes the 28th when the target year has none.
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return `${y}${md === "-02-29" && !leap ? "-02-28" : md}`;
}

/** The same timing `years` later; a year written in its wording is moved along. */
export function shiftTiming(t: Timing, from: number, to: number): Timing {
  const years = to - from;
  return {
    ...t,
    start: shiftDate(t.start, years),
    end: shiftDate(t.end, years),
    text: t.text.replace(new RegExp(`\\b${from}\\b`, "g"), String(to)),
  };
}

/** An empty draft for the year after `plan`, in the same network and language. */
export function draftFor(plan: PlanDocument): PlanDocument {
  const year = plan.year + 1;
  const title = plan.title.includes(String(plan.year))
    ? plan.title.replace(new RegExp(`\\b${plan.year}\\b`, "g"), String(year))
    : `${year} ${plan.title}`;
  return emptyPlan({ ...plan, year, title });
}

const sameSource = (a: Source, b: Source) =>
  a.url === b.url && a.label === b.label && a.note === b.note && a.text === b.text;

/** Copies cited sources from one plan into another, reusing identical ones, renumbering the rest. */
class SourceCarrier {
  readonly #from: Map<number, Source>;
  readonly #to: Source[];
  readonly #map = new Map<number, number>();
  constructor(from: readonly Source[], to: Source[]) {
    this.#from = new Map(from.map((s) => [s.id, s]));
    this.#to = to;
  }
  /** The text with its citations pointing at (copies of) the same sources in the target plan. */
  text(text: string): string {
    for (const id of citedIds(text)) this.#carry(id);
    return renumberCitations(text, this.#map);
  }
  #carry(id: number): void {
    if (this.#map.has(id)) return;
    const src = this.#from.get(id);
    if (!src) return;
    const same = this.#to.find((s) => sameSource(s, src));
    if (same) {
      this.#map.set(id, same.id);
      return;
    }
    const next = this.#to.reduce((m, s) => Math.max(m, s.id), 0) + 1;
    this.#to.push({ ...src, id: next });
    this.#map.set(id, next);
  }
}

function nextCode(area: Area): string {
  const last = area.activities.reduce((m, a) => Math.max(m, Number(a.code.split(".")[2]) || 0), 0);
  return `${area.code}.${last + 1}`;
}

function carriedStatus(
  a: Activity,
  year: number,
  next: number,
): { planned: Timing; status: Status } {
  const blank: Status = { code: "planned", when: null, note: null, text: "", sources: [] };
  const st = a.status;
  if ((st.code === "scheduled" || st.code === "postponed") && st.when) {
    // Already set for a date in the next year: that date is the plan now.
    const end = isoYear(st.when.end ?? st.when.start);
    if (end !== null && end > year) {
      return { planned: st.when, status: { ...blank, code: "scheduled", when: st.when } };
    }
  }
  const status: Status =
    st.code === "in_progress" || st.code === "ongoing" ? { ...blank, code: st.code } : blank;
  return { planned: shiftTiming(a.planned, year, next), status };
}

/**
 * The next year's plan with `plan`'s areas (and objectives) and its recurring and unfinished
 * activities added, each with a `carried_over_from` relation; `next` is the existing draft,
 * or null to start one. Activities whose carried copy is already in `next` are not added again.
 */
export function carryOver(plan: PlanDocument, next: PlanDocument | null): CarryOverResult {
  const created = next === null;
  const out: PlanDocument = structuredClone(next ?? draftFor(plan));
  const year = plan.year;
  const to = out.year;
  const sources = new SourceCarrier(plan.sources, out.sources);
  if (created) out.purpose = plan.purpose.map((p) => sources.text(p));

  const present = new Set(
    out.areas.flatMap((ar) =>
      ar.activities.flatMap((a) =>
        a.relations.filter((r) => r.kind === "carried_over_from").map((r) => r.activity),
      ),
    ),
  );
  const areasAdded: string[] = [];
  const carried: CarriedActivity[] = [];
  const alreadyCarried: string[] = [];

  for (const area of plan.areas) {
    let target = out.areas.find((a) => a.code === area.code);
    if (!target) {
      target = {
        code: area.code,
        title: sources.text(area.title),
        objective: sources.text(area.objective),
        activities: [],
      };
      out.areas.push(target);
      areasAdded.push(area.code);
    }
    for (const a of area.activities) {
      const reason = carryReason(a, year);
      if (!reason) continue;
      const from = originKey(year, a.code);
      if (present.has(from)) {
        alreadyCarried.push(from);
        continue;
      }
      const title = sources.text(a.title);
      const relation: Relation = { kind: "carried_over_from", activity: from, source: null };
      const code = nextCode(target);
      target.activities.push({
        code,
        title,
        location: { ...a.location },
        ...carriedStatus(a, year, to),
        occurrences: [],
        sources: citedIds(title),
        relations: [relation],
      });
      present.add(from);
      carried.push({ from, code, reason });
    }
  }
  out.areas.sort((x, y) => compareCodes(x.code, y.code));
  return {
    plan: out,
    created,
    areasAdded,
    carried,
    alreadyCarried,
    changed: created || areasAdded.length > 0 || carried.length > 0,
  };
}

function compareCodes(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** One line per change (into the plan of `year`), for the CLI; says so when nothing changed. */
export function describeCarryOver(r: Omit<CarryOverResult, "plan">, year: number): string[] {
  if (!r.changed) {
    return [`nothing to carry: ${r.alreadyCarried.length} activities already carried into ${year}`];
  }
  const lines: string[] = [];
  if (r.created) lines.push(`created the ${year} draft`);
  for (const a of r.areasAdded) lines.push(`added area ${a}`);
  for (const c of r.carried) lines.push(`carried ${c.from} -> ${c.code} (${c.reason})`);
  if (r.alreadyCarried.length > 0) lines.push(`${r.alreadyCarried.length} already carried`);
  return lines;
}
