import type { z } from "zod";
import { listAreaRefs } from "../db/area.repository.ts";
import type { StoredSource } from "../db/source.repository.ts";
import { findSource } from "../db/source.repository.ts";
import { addEvidence } from "./add-evidence.ts";
import { authorize } from "./authorize.ts";
import { Evidence, Lang, PlanKey } from "./common.ts";
import type { Deps } from "./deps.ts";
import { changePlanContent } from "./transact.ts";

const Input = Evidence.extend({ ...PlanKey, lang: Lang });
export type AddSourceInput = z.input<typeof Input>;

/** Adds a source (numbered after the plan's highest) for texts to cite. */
export async function addSource(deps: Deps, input: AddSourceInput): Promise<StoredSource> {
  return changePlanContent(deps, Input, input, async ({ trx, plan, lang, now }, i) => {
    const areaIds = (await listAreaRefs(trx, plan.id)).map((a) => a.id);
    authorize(deps.actor, "create", {
      kind: "source",
      network: plan.network.slug,
      citedBy: areaIds,
    });
    const { network: _n, year: _y, lang: _l, expectedRevision: _r, ...fields } = i;
    const [added] = await addEvidence(trx, deps, plan, [fields], lang, now);
    return (await findSource(trx, plan, added?.id ?? 0, lang)) as StoredSource;
  });
}
