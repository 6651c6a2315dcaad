import type { z } from "zod";
import { listAreaRefs } from "../db/area.repository.ts";
import { getPlan, touchPlan } from "../db/plan.repository.ts";
import type { StoredSource } from "../db/source.repository.ts";
import { findSource } from "../db/source.repository.ts";
import { addEvidence } from "./add-evidence.ts";
import { authorize, requireActor } from "./authorize.ts";
import { Evidence, Lang, nowIso, PlanKey } from "./common.ts";
import type { Deps } from "./deps.ts";
import { transact } from "./transact.ts";
import { parseInput } from "./validate.ts";

const Input = Evidence.extend({ ...PlanKey, lang: Lang });
export type AddSourceInput = z.input<typeof Input>;

/** Adds a source (numbered after the plan's highest) for texts to cite. */
export async function addSource(deps: Deps, input: AddSourceInput): Promise<StoredSource> {
  requireActor(deps);
  const i = parseInput(Input, input);
  const now = nowIso(deps);
  return transact(deps, async (trx) => {
    const plan = await getPlan(trx, i.network, i.year);
    const areaIds = (await listAreaRefs(trx, plan.id)).map((a) => a.id);
    authorize(deps.actor, "create", { kind: "source", areaIds });
    const lang = i.lang ?? plan.language;
    const { network: _n, year: _y, lang: _l, ...fields } = i;
    const [added] = await addEvidence(trx, deps, plan, [fields], lang, now);
    await touchPlan(trx, plan.id, now);
    return (await findSource(trx, plan, added?.id ?? 0, lang)) as StoredSource;
  });
}
