import { AppError } from "../core/errors.ts";
import type { Language } from "../core/plan.ts";
import { can } from "../core/policies.ts";
import { findNetwork, type NetworkRecord } from "../db/network.repository.ts";
import { findPlan, type PlanRecord, planLanguages } from "../db/plan.repository.ts";
import type { Deps } from "./deps.ts";

export type ReadablePlan = {
  plan: PlanRecord;
  /** The language getPlanDocument will answer in for the `lang` asked. */
  lang: Language;
  /** "plan": the caller may read the plan but not its (unpublished) execution report. */
  view: "full" | "plan";
  /**
   * Opaque: changes whenever what this reader sees of the plan may change (its revision,
   * the view). Renderings are cached under it.
   */
  contentVersion: string;
};

/**
 * The cheap half of reading a plan: whether the caller may read it, its revision, and the
 * language and view its document would come in, without reading the document. Lets the
 * HTTP layer answer from a cache keyed by revision. Unreadable plans are not_found.
 */
export async function findReadablePlan(
  deps: Pick<Deps, "db" | "actor">,
  input: { network: string; year: number; lang?: Language | undefined },
  /** The languages a plan has texts in; a caller may memoize it per plan revision. */
  languagesOf: (plan: PlanRecord) => Promise<Language[]> = (plan) =>
    planLanguages(deps.db, plan.id),
): Promise<ReadablePlan> {
  const plan = readableOrNotFound(deps, input, await findPlan(deps.db, input.network, input.year));
  // Asking for the stored language needs no look-up: every plan has its texts in it.
  const lang =
    input.lang === plan.language
      ? plan.language
      : documentLanguage(plan, await languagesOf(plan), input.lang);
  const view = can(deps.actor, "read", { kind: "report", reportStatus: plan.reportStatus })
    ? "full"
    : "plan";
  return { plan, lang, view, contentVersion: contentVersionOf(plan, view) };
}

/** The opaque version of what a reader sees of a plan at its current revision. */
export function contentVersionOf(plan: PlanRecord, view: ReadablePlan["view"]): string {
  return `${plan.id}.${plan.revision}.${view}`;
}

/** The plan found, if the actor may read it; else not_found, so drafts stay unseen. */
export function readableOrNotFound(
  deps: Pick<Deps, "actor">,
  input: { network: string; year: number },
  plan: PlanRecord | null,
): PlanRecord {
  if (!plan || !can(deps.actor, "read", { kind: "plan", ...plan })) {
    throw new AppError("not_found", `no ${input.year} plan of network "${input.network}"`);
  }
  return plan;
}

/**
 * The language a plan's document comes in when `asked` is asked for: it when the plan has
 * texts in it, else the plan's original language, else the language it was stored in.
 */
export function documentLanguage(
  plan: PlanRecord,
  languages: readonly Language[],
  asked: Language | undefined,
): Language {
  return (
    [asked, plan.originalLanguage, plan.language].find(
      (l): l is Language => l !== undefined && languages.includes(l),
    ) ?? plan.language
  );
}

/** A network by slug, or not_found (networks are public). */
export async function getNetwork(deps: Pick<Deps, "db">, slug: string): Promise<NetworkRecord> {
  const network = await findNetwork(deps.db, slug);
  if (!network) throw new AppError("not_found", `no network "${slug}"`);
  return network;
}

/** The languages a plan has any wording in. */
export function planLanguagesOf(deps: Pick<Deps, "db">, plan: PlanRecord): Promise<Language[]> {
  return planLanguages(deps.db, plan.id);
}
