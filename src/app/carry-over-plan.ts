import { type CarryOverResult, carryOver, describeCarryOver } from "../core/carry-over.ts";
import { AppError } from "../core/errors.ts";
import type { Activity } from "../core/plan.ts";
import { can, planResource } from "../core/policies.ts";
import { findNetwork } from "../db/network.repository.ts";
import { findPlan, getPlanById, type PlanRecord } from "../db/plan.repository.ts";
import { appendToPlan } from "../db/plan-append.repository.ts";
import { readPlanDocumentOf } from "../db/plan-document-read.repository.ts";
import { insertPlanDocument } from "../db/plan-document-write.repository.ts";
import { restoreCoordinatorAreas, saveCoordinatorAreas } from "../db/user.repository.ts";
import { audit, authorize, requireActor } from "./authorize.ts";
import type { Deps } from "./deps.ts";
import { transact } from "./transact.ts";

export type CarryOverPlanInput = {
  network: string;
  /** The year carried from: the draft made or completed is that of the next year. */
  year: number;
  /** Work out what would change, write nothing. */
  dryRun?: boolean;
};

export type CarryOverPlanResult = Omit<CarryOverResult, "plan"> & {
  /** The next year's plan as stored (null on a dry run that would create it). */
  plan: PlanRecord | null;
  /** What happened (or would), one line each; says so when nothing changes. */
  lines: string[];
};

/**
 * Makes (or completes) the next year's draft from a plan: its areas and objectives, its
 * recurring activities and its unfinished ones, each marked carried_over_from. Running it
 * again adds nothing. A draft that exists only grows: nothing in it is changed or removed.
 */
export async function carryOverPlan(
  deps: Deps,
  input: CarryOverPlanInput,
): Promise<CarryOverPlanResult> {
  requireActor(deps);
  const now = deps.clock().toISOString();
  const out = await transact(deps, async (trx) => {
    const from = await findPlan(trx, input.network, input.year);
    if (!from || !can(deps.actor, "read", planResource(from))) {
      throw new AppError("not_found", `no ${input.year} plan of network "${input.network}"`);
    }
    authorize(deps.actor, "create", {
      kind: "plan",
      network: from.network.slug,
      lifecycleStatus: "draft",
      reportStatus: "draft",
    });
    const next = await findPlan(trx, input.network, input.year + 1);
    // Carry in the draft's language, so its new wordings sit with the old ones.
    const lang = next?.language ?? from.language;
    const source = await readPlanDocumentOf(trx, from, lang);
    const nextDoc = next ? await readPlanDocumentOf(trx, next, next.language) : null;
    const result = carryOver(source, nextDoc);
    const { plan: doc, ...rest } = result;
    if (!result.changed || input.dryRun) return { ...rest, plan: next };
    if (next?.lifecycleStatus === "approved") {
      throw new AppError(
        "conflict",
        `the ${next.year} plan is approved: add carried activities through an amendment`,
      );
    }

    let planId: string;
    if (!next || !nextDoc) {
      const network = await findNetwork(trx, input.network);
      if (!network) throw new AppError("not_found", `no network "${input.network}"`);
      ({ planId } = await insertPlanDocument(trx, doc, { networkId: network.id, now }));
    } else {
      planId = next.id;
      const known = new Set(nextDoc.sources.map((s) => s.id));
      const activity = (code: string) =>
        doc.areas.flatMap((a) => a.activities).find((a) => a.code === code) as Activity;
      await appendToPlan(
        trx,
        planId,
        next.language,
        {
          areas: doc.areas.filter((a) => result.areasAdded.includes(a.code)),
          activities: result.carried.map((c) => ({
            areaCode: c.code.split(".").slice(0, 2).join("."),
            activity: activity(c.code),
          })),
          sources: doc.sources.filter((s) => !known.has(s.id)),
        },
        now,
      );
    }
    // Coordinators keep their areas in next year's draft.
    await restoreCoordinatorAreas(trx, planId, await saveCoordinatorAreas(trx, from.id));
    await audit(trx, deps, now, "plan.carry_over", { kind: "plan", id: planId }, null, {
      from: `${input.network}:${input.year}`,
      created: result.created,
      areasAdded: result.areasAdded,
      carried: result.carried,
    });
    return { ...rest, plan: await getPlanById(trx, planId) };
  });
  const lines = describeCarryOver(out, input.year + 1);
  if (input.dryRun && out.changed) lines.unshift("dry run: nothing written");
  deps.log.info(
    { network: input.network, year: input.year, carried: out.carried.length, changed: out.changed },
    "plan carried over",
  );
  return { ...out, lines };
}
