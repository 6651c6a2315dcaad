import type { PlanRecord, PlanSummary } from "../../db/plan.repository.ts";
import { planPath } from "../paths.ts";

/** A plan's own fields and links, without its content (lists, writes to the plan). */
export function presentPlanSummary(p: PlanRecord & { title?: string }) {
  const self = planPath(p.network.slug, p.year);
  return {
    network: p.network.slug,
    year: p.year,
    title: (p as PlanSummary).title ?? "",
    language: p.language,
    originalLanguage: p.originalLanguage,
    lifecycleStatus: p.lifecycleStatus,
    reportStatus: p.reportStatus,
    presentedAt: p.presentedAt,
    version: p.version,
    revision: p.revision,
    updatedAt: p.updatedAt,
    links: {
      self,
      report: `${self}/report`,
      areas: `${self}/areas`,
      sources: `${self}/sources`,
      annex: `${self}/annex`,
    },
  };
}
