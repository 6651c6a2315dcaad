import { z } from "zod";
import { parseLocation } from "../core/places.ts";
import { Language } from "../core/plan.ts";
import { saveAssembly } from "../db/assembly.repository.ts";
import type { PlanRecord } from "../db/plan.repository.ts";
import { planLanguages, setApprovedByAssembly } from "../db/plan.repository.ts";
import { readPlanDocumentOf } from "../db/plan-document-read.repository.ts";
import { insertPlanVersion, nextPlanVersionNumber } from "../db/plan-version.repository.ts";
import { setText } from "../db/texts.ts";
import { ExpectedVersion, PlanKey } from "./common.ts";
import type { Deps } from "./deps.ts";
import { transition } from "./plan-lifecycle.ts";
import { parseInput } from "./validate.ts";

const Input = z.object({
  ...PlanKey,
  expectedVersion: ExpectedVersion,
  assembly: z.object({
    ordinal: z.number().int().positive(),
    date: z.iso.date(),
    /** The place as written, e.g. "Santiago de Chile" or "Virtual". */
    place: z.string().trim().min(1),
    placeLang: Language.optional(),
  }),
});
export type ApprovePlanInput = z.input<typeof Input>;

/**
 * A submitted plan is approved by an Assembly: the Assembly (ordinal, date, place) is
 * recorded and the plan as approved is frozen as a snapshot in every language it has
 * (plan_versions); later changes to planned content are amendments against it.
 */
export async function approvePlan(deps: Deps, input: ApprovePlanInput): Promise<PlanRecord> {
  const i = parseInput(Input, input);
  return transition(
    deps,
    i,
    { field: "lifecycleStatus", from: ["submitted"], to: "approved" },
    "plan.approve",
    async (trx, plan, now) => {
      const a = i.assembly;
      const id = await saveAssembly(trx, plan, { ...a, place: parseLocation(a.place) });
      await setText(trx, plan.id, "assembly", id, "place", a.placeLang ?? plan.language, a.place);
      await setApprovedByAssembly(trx, plan.id, a.ordinal);
      const number = await nextPlanVersionNumber(trx, plan.id);
      const frozen = { ...plan, lifecycleStatus: "approved" as const };
      for (const lang of await planLanguages(trx, plan.id)) {
        const document = await readPlanDocumentOf(trx, frozen, lang);
        const actorId = deps.actor?.userId ?? null;
        await insertPlanVersion(trx, { planId: plan.id, number, lang, document, now, actorId });
      }
    },
  );
}
