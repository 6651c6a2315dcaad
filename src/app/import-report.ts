import { AppError } from "../core/errors.ts";
import { PlanDocument } from "../core/plan.ts";
import { updateNetwork } from "../db/network.repository.ts";
import { carryPlanState, findPlan, getPlanById, type PlanRecord } from "../db/plan.repository.ts";
import { readPlanDocumentOf } from "../db/plan-document-read.repository.ts";
import { deletePlan, insertPlanDocument } from "../db/plan-document-write.repository.ts";
import { restoreCoordinatorAreas, saveCoordinatorAreas } from "../db/user.repository.ts";
import { audit, requireActor } from "./authorize.ts";
import { checkPlanDocument } from "./check-plan-document.ts";
import { addNetwork, authorizeNewPlan } from "./create-plan.ts";
import type { Deps } from "./deps.ts";
import { idempotent } from "./idempotent.ts";
import { transact } from "./transact.ts";
import { parseInput } from "./validate.ts";

export type ImportReportInput = {
  /** The parsed document (the HTTP/CLI layer turns bytes into it with src/import). */
  document: PlanDocument;
  /** Replace the network's plan of that year if there is one (else that is a conflict). */
  replace?: boolean;
};

export type ImportReportResult = { plan: PlanRecord; replaced: boolean };

/**
 * Stores a whole plan document, all or nothing: on any failure the database is left as
 * it was. Replacing keeps the plan's statuses, coordinators (by area code) and counts its
 * version on; an approved plan is never replaced (it changes through amendments), nor a
 * submitted one (it goes back to draft first).
 */
export async function importReport(
  deps: Deps,
  input: ImportReportInput,
): Promise<ImportReportResult> {
  requireActor(deps);
  const doc = parseInput(PlanDocument, input.document);
  const now = deps.clock().toISOString();
  const result = await transact(deps, async (trx) => {
    // Authorized before a replay too: a key answers again only while its user may import.
    const existing = await authorizeNewPlan(trx, deps, doc.network.slug);
    checkPlanDocument(doc);
    return idempotent(trx, deps, now, async () => {
      let network = existing;
      if (!network) {
        network = await addNetwork(trx, deps, doc.network, now);
      } else if (network.name !== doc.network.name) {
        const version = await updateNetwork(trx, network.id, network.version, doc.network, now);
        const after = { ...network, name: doc.network.name, version, updatedAt: now };
        await audit(
          trx,
          deps,
          now,
          "network.update",
          { kind: "network", id: network.id },
          network,
          after,
        );
        network = after;
      }
      const old = await findPlan(trx, doc.network.slug, doc.year);
      if (old && !input.replace) {
        throw new AppError(
          "conflict",
          `network "${doc.network.slug}" has a ${doc.year} plan already; import with replace to overwrite it`,
        );
      }
      if (old?.lifecycleStatus === "approved") {
        throw new AppError(
          "conflict",
          `the ${doc.year} plan is approved: change it through an amendment`,
        );
      }
      // What the Assembly was sent must not change under it: back to draft, then replace.
      if (old?.lifecycleStatus === "submitted") {
        throw new AppError(
          "conflict",
          `the ${doc.year} plan is submitted for approval: return it to draft before replacing it`,
        );
      }
      const before = old ? await readPlanDocumentOf(trx, old, old.language) : null;
      const coordinators = old ? await saveCoordinatorAreas(trx, old.id) : [];
      if (old) await deletePlan(trx, old.id);
      const { planId } = await insertPlanDocument(trx, doc, { networkId: network.id, now });
      if (old) {
        await carryPlanState(trx, planId, old);
        await restoreCoordinatorAreas(trx, planId, coordinators);
      }
      const plan = await getPlanById(trx, planId);
      await audit(
        trx,
        deps,
        now,
        old ? "plan.replace" : "plan.import",
        { kind: "plan", id: planId },
        before,
        { ...summary(doc), planId, version: plan.version },
      );
      return { plan, replaced: old !== null };
    });
  });
  deps.log.info(
    { network: doc.network.slug, year: doc.year, replaced: result.replaced },
    "plan imported",
  );
  return result;
}

const summary = (doc: PlanDocument) => ({
  network: doc.network.slug,
  year: doc.year,
  language: doc.language,
  areas: doc.areas.length,
  activities: doc.areas.reduce((n, a) => n + a.activities.length, 0),
  annex: doc.annex.length,
  sources: doc.sources.length,
});
