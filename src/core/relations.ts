import type { PlanDocument, Relation } from "./plan.ts";

export type RelatedActivity = {
  kind: Relation["kind"];
  /** The plan year of the other activity (another year for carried_over_from). */
  year: number;
  code: string;
  /** The source declaring the relation (e.g. footnote 34), if any. */
  source: number | null;
};

/** "2023:3.1.5" -> { year: 2023, code: "3.1.5" }; a bare "3.6.4" is in `year`. */
function target(ref: string, year: number): { year: number; code: string } {
  const m = /^(\d{4}):(.+)$/.exec(ref);
  return m ? { year: Number(m[1]), code: m[2] as string } : { year, code: ref };
}

/**
 * The activities related to `code`, from both sides: the relations it declares, and the
 * joint or related ones that other activities of the plan declare towards it (3.5.3 declares
 * that it meets jointly with 3.6.4, so 3.6.4 meets jointly with 3.5.3 too).
 */
export function relatedActivities(plan: PlanDocument, code: string): RelatedActivity[] {
  const out: RelatedActivity[] = [];
  const seen = new Set<string>();
  const add = (r: RelatedActivity) => {
    const key = `${r.kind}|${r.year}|${r.code}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(r);
    }
  };
  for (const area of plan.areas) {
    for (const a of area.activities) {
      for (const r of a.relations) {
        if (a.code === code)
          add({ kind: r.kind, ...target(r.activity, plan.year), source: r.source });
        else if (r.kind !== "carried_over_from" && r.activity === code) {
          add({ kind: r.kind, year: plan.year, code: a.code, source: r.source });
        }
      }
    }
  }
  return out;
}
