import { editionChanges } from "../core/edition-changes.ts";
import type { Language, PlanDocument } from "../core/plan.ts";
import type { Db } from "../db/create-db.ts";
import { findEdition, findEditionDocument, insertEdition } from "../db/edition.repository.ts";
import { type PlanRecord, planLanguages, updateReportApproval } from "../db/plan.repository.ts";
import { readPlanDocumentOf } from "../db/plan-document-read.repository.ts";
import { footnoteNumbers } from "../render/report.ts";
import type { Deps } from "./deps.ts";
import { type LifecycleInput, transition } from "./plan-lifecycle.ts";

/**
 * An approved report is published as its next edition: the plan document as published, in
 * every language it has, is frozen (with its SHA-256) with who approved it, its data-as-of
 * day, the summary of its corrections and the generated list of what changed since the
 * previous edition. Anyone may then read and download that edition, and only it.
 */
export function publishReport(deps: Deps, input: LifecycleInput): Promise<PlanRecord> {
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
        documents.set(lang, await readPlanDocumentOf(trx, published, lang));
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
