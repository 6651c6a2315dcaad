import { citedIds } from "../core/citations.ts";
import type { PlanDocument } from "../core/plan.ts";

/**
 * The plan without its execution (statuses, occurrences, annex), for readers who may see
 * an approved plan but not its unpublished report; sources only the execution cited go too.
 */
export function redactExecution(doc: PlanDocument): PlanDocument {
  const kept = new Set<number>();
  const keep = (ids: Iterable<number>) => {
    for (const id of ids) kept.add(id);
  };
  for (const p of [...doc.background, ...doc.purpose]) keep(citedIds(p));
  const areas = doc.areas.map((area) => {
    keep(citedIds(area.title));
    keep(citedIds(area.objective));
    return {
      ...area,
      activities: area.activities.map((a) => {
        const own = new Set([
          ...citedIds(a.title),
          ...a.relations.flatMap((r) => (r.source === null ? [] : [r.source])),
        ]);
        keep(own);
        return {
          ...a,
          status: { code: "planned" as const, when: null, note: null, text: "", sources: [] },
          occurrences: [],
          sources: a.sources.filter((id) => own.has(id)),
        };
      }),
    };
  });
  return {
    ...doc,
    areas,
    annexIntro: null,
    annex: [],
    sources: doc.sources.filter((s) => kept.has(s.id)),
  };
}
