import { z } from "zod";
import { Language } from "../core/plan.ts";
import { can, planResource } from "../core/policies.ts";
import { listPlans as listPlanRows, type PlanSummary } from "../db/plan.repository.ts";
import type { Deps } from "./deps.ts";
import { parseInput } from "./validate.ts";

const Input = z.object({ network: z.string().min(1).optional(), lang: Language.optional() });
export type ListPlansInput = z.input<typeof Input>;

/** The plans the actor may read (anonymous: approved plans, published reports), newest first. */
export async function listPlans(
  deps: Pick<Deps, "db" | "actor">,
  input: ListPlansInput = {},
): Promise<PlanSummary[]> {
  const i = parseInput(Input, input);
  const plans = await listPlanRows(deps.db, {
    ...(i.network ? { networkSlug: i.network } : {}),
    ...(i.lang ? { lang: i.lang } : {}),
  });
  return plans.filter((p) => can(deps.actor, "read", planResource(p)));
}
