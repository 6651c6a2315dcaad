import type { Language, PlanDocument } from "../core/plan.ts";
import { can } from "../core/policies.ts";
import { findPlan, type PlanRecord, planLanguages } from "../db/plan.repository.ts";
import { readPlanDocumentOf } from "../db/plan-document-read.repository.ts";
import type { Deps } from "./deps.ts";
import { documentLanguage, readableOrNotFound } from "./find-readable-plan.ts";
import { redactExecution } from "./redact-execution.ts";
import { transact } from "./transact.ts";

export type GetPlanDocumentInput = { network: string; year: number; lang?: Language };

export type GetPlanDocumentResult = {
  document: PlanDocument;
  /** `revision` is the document's ETag; `version` that of the plan's own fields. */
  plan: PlanRecord;
  /** The languages the plan has texts in. */
  languages: Language[];
  /** "plan": the execution was left out (the caller may not see an unpublished report). */
  view: "full" | "plan";
};

/**
 * A plan's document in a language: `lang` when the plan has texts in it, else its original
 * language, else the language it was stored in (document.language says which). Plans the
 * caller may not read are not_found, so drafts stay unseen.
 */
export async function getPlanDocument(
  deps: Deps,
  input: GetPlanDocumentInput,
): Promise<GetPlanDocumentResult> {
  return transact(deps, async (trx) => {
    const plan = readableOrNotFound(deps, input, await findPlan(trx, input.network, input.year));
    const languages = await planLanguages(trx, plan.id);
    const lang = documentLanguage(plan, languages, input.lang);
    const full = await readPlanDocumentOf(trx, plan, lang);
    const seesReport = can(deps.actor, "read", { kind: "report", reportStatus: plan.reportStatus });
    return {
      document: seesReport ? full : redactExecution(full),
      plan,
      languages,
      view: seesReport ? "full" : "plan",
    };
  });
}
