import { z } from "zod";
import { citedIds } from "../core/citations.ts";
import { type AnnexItem, type Source, SourceId, Timing } from "../core/plan.ts";
import { insertAnnexItem } from "../db/annex.repository.ts";
import { listAreaRefs } from "../db/area.repository.ts";
import { getPlan, touchPlan } from "../db/plan.repository.ts";
import { addEvidence } from "./add-evidence.ts";
import { audit, authorize, requireActor } from "./authorize.ts";
import { Evidence, Lang, mergeIds, nowIso, PlanKey } from "./common.ts";
import type { Deps } from "./deps.ts";
import { transact } from "./transact.ts";
import { parseInput } from "./validate.ts";

const Input = z.object({
  ...PlanKey,
  lang: Lang,
  when: Timing,
  title: z.string().min(1),
  sources: z.array(SourceId).default([]),
  evidence: z.array(Evidence).default([]),
});
export type AddAnnexItemInput = z.input<typeof Input>;

/** Adds an activity the plan did not foresee to its annex, with its evidence. */
export async function addAnnexItem(
  deps: Deps,
  input: AddAnnexItemInput,
): Promise<{ item: AnnexItem; index: number; version: number; evidence: Source[] }> {
  requireActor(deps);
  const i = parseInput(Input, input);
  const now = nowIso(deps);
  return transact(deps, async (trx) => {
    const plan = await getPlan(trx, i.network, i.year);
    const areaIds = (await listAreaRefs(trx, plan.id)).map((a) => a.id);
    authorize(deps.actor, "create", { kind: "annex_item", areaIds });
    if (i.evidence.length > 0) authorize(deps.actor, "create", { kind: "source", areaIds });
    const lang = i.lang ?? plan.language;
    const added = await addEvidence(trx, deps, plan, i.evidence, lang, now);
    const item: AnnexItem = {
      when: i.when,
      title: i.title,
      sources: mergeIds(
        citedIds(i.title),
        i.sources,
        added.map((s) => s.id),
      ),
    };
    const { id, index } = await insertAnnexItem(trx, plan, item, lang, now);
    await touchPlan(trx, plan.id, now);
    await audit(trx, deps, now, "annex_item.create", { kind: "annex_item", id }, null, item);
    return { item, index, version: 1, evidence: added };
  });
}
