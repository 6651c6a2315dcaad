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
  const plan = await findPlan(deps.db, input.network, input.year);
  if (!plan || !can(deps.actor, "read", { kind: "plan", ...plan })) {
    throw new AppError("not_found", `no ${input.year} plan of network "${input.network}"`);
  }
  const wanted = [input.lang, plan.originalLanguage, plan.language];
  // Asking for the stored language needs no look-up: every plan has its texts in it.
  const lang =
    input.lang === plan.language
      ? plan.language
      : await (async () => {
          const languages = await languagesOf(plan);
          return (
            wanted.find((l): l is Language => l !== undefined && languages.includes(l)) ??
            plan.language
          );
        })();
  const view = can(deps.actor, "read", { kind: "report", reportStatus: plan.reportStatus })
    ? "full"
    : "plan";
  return { plan, lang, view };
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
