import { z } from "zod";
import { parseLocation } from "../core/places.ts";
import { Language } from "../core/plan.ts";
import { saveAssembly } from "../db/assembly.repository.ts";
import type { PlanRecord } from "../db/plan.repository.ts";
import { setApprovedByAssembly } from "../db/plan.repository.ts";
import { freezePlanVersion } from "../db/plan-version.repository.ts";
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
 * (plan_versions): what the public reads of the plan until its report's first edition.
 * Later changes to planned content are amendments against it, each frozen anew.
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
      const frozen = { ...plan, lifecycleStatus: "approved" as const };
      await freezePlanVersion(trx, frozen, now, deps.actor?.userId ?? null);
    },
  );
}
