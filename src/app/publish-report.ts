import { editionChanges } from "../core/edition-changes.ts";
import { AppError } from "../core/errors.ts";
import { type Completeness, completeness, isComplete } from "../core/language.ts";
import type { Language, PlanDocument } from "../core/plan.ts";
import type { Db } from "../db/create-db.ts";
import { findEdition, findEditionDocument, insertEdition } from "../db/edition.repository.ts";
import {
  findPlan,
  type PlanRecord,
  planLanguages,
  updateReportApproval,
} from "../db/plan.repository.ts";
import { readPlanDocumentOf } from "../db/plan-document-read.repository.ts";
import { footnoteNumbers } from "../render/report.ts";
import type { Deps } from "./deps.ts";
import { seesWorkingCopy } from "./find-readable-plan.ts";
import { type LifecycleInput, transition } from "./plan-lifecycle.ts";

/** Publishing: which incomplete translations the network admin publishes as they are. */
export type PublishInput = LifecycleInput & { partial?: readonly Language[] | undefined };

/**
 * An approved report is published as its next edition: the plan document as published, in
 * its own language and every complete translation (and each incomplete one named in
 * `partial`: published as it is, its report saying it is incomplete), is frozen (with its
 * SHA-256) with who approved it, its data-as-of day, the summary of its corrections and the
 * generated list of what changed since the previous edition. Anyone may then read and
 * download that edition, and only it. An incomplete translation left out waits for an
 * edition that has it complete (or names it).
 */
export function publishReport(deps: Deps, input: PublishInput): Promise<PlanRecord> {
  const partial = new Set(input.partial ?? []);
  return transition(
    deps,
    input,
    { field: "reportStatus", from: ["approved"], to: "published" },
    "report.publish",
    async (trx, plan, now) => {
      const previous = await findEdition(trx, plan.id);
      const published: PlanRecord = { ...plan, reportStatus: "published" };
      const documents = new Map<Language, PlanDocument>();
      for (const lang of await planLanguages(trx, plan.id)) {
        const document = await readPlanDocumentOf(trx, published, lang);
        if (lang !== plan.language && !partial.has(lang) && !isComplete(completeness(document))) {
          continue;
        }
        documents.set(lang, document);
      }
      const mine = documents.get(plan.language) as PlanDocument;
      const before = previous ? await previousDocument(trx, previous.id, plan.language) : null;
      const changes = editionChanges(
        before,
        mine,
        before ? { before: footnoteNumbers(before), after: footnoteNumbers(mine) } : undefined,
      );
      await insertEdition(trx, {
        planId: plan.id,
        number: (previous?.number ?? 0) + 1,
        publishedAt: now,
        publishedBy: deps.actor?.userId ?? null,
        dataAsOf: plan.reportDataAsOf ?? `${plan.year}-12-31`,
        approval: plan.reportApproval,
        corrections: previous ? plan.reportCorrections : null,
        changes,
        documents,
      });
      // The next corrections are approved (and summarised) afresh.
      await updateReportApproval(trx, plan.id, plan.reportApproval, null);
    },
  );
}

async function previousDocument(
  trx: Db,
  editionId: string,
  lang: Language,
): Promise<PlanDocument | null> {
  const stored = await findEditionDocument(trx, editionId, lang);
  return stored ? (JSON.parse(stored.json) as PlanDocument) : null;
}

/**
 * How complete each translation of the plan's working copy is (its own language left out):
 * what a network admin is shown before publishing, to name the incomplete ones to publish.
 */
export async function translationsToPublish(
  deps: Pick<Deps, "db" | "actor">,
  input: { network: string; year: number },
): Promise<Completeness[]> {
  const plan = await findPlan(deps.db, input.network, input.year);
  if (!plan || !seesWorkingCopy(deps.actor, plan.network.slug)) {
    throw new AppError("not_found", `no ${input.year} plan of network "${input.network}"`);
  }
  const out: Completeness[] = [];
  for (const lang of await planLanguages(deps.db, plan.id)) {
    if (lang === plan.language) continue;
    out.push(completeness(await readPlanDocumentOf(deps.db, plan, lang)));
  }
  return out;
}
