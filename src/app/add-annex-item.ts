import { z } from "zod";
import { citedIds, marker } from "../core/citations.ts";
import { checkCount } from "../core/limits.ts";
import { type AnnexItem, type Source, SourceId } from "../core/plan.ts";
import { TimingInput } from "../core/write-input.ts";
import { insertAnnexItem } from "../db/annex.repository.ts";
import { listAreaRefs } from "../db/area.repository.ts";
import { countInPlan } from "../db/counts.repository.ts";
import { addEvidence } from "./add-evidence.ts";
import { authorize } from "./authorize.ts";
import { Evidence, Lang, mergeIds, PlanKey, timingIn } from "./common.ts";
import type { Deps } from "./deps.ts";
import { changePlanContent } from "./transact.ts";

const Input = z.object({
  ...PlanKey,
  lang: Lang,
  when: TimingInput,
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
  return changePlanContent(deps, Input, input, async (w, i) => {
    const { trx, plan, lang, now } = w;
    const areaIds = (await listAreaRefs(trx, plan.id)).map((a) => a.id);
    authorize(deps.actor, "create", { kind: "annex_item", network: plan.network.slug, areaIds });
    if (i.evidence.length > 0) {
      authorize(deps.actor, "create", {
        kind: "source",
        network: plan.network.slug,
        citedBy: areaIds,
      });
    }
    const count = await countInPlan(trx, "annex_items", plan.id);
    checkCount("annex_items_per_plan", count + 1, "the plan's annex items");
    const added = await addEvidence(trx, deps, plan, i.evidence, lang, now);
    // The evidence added is cited where the item is written: its marker ends the title.
    const marked = added.map((x) => x.id).filter((id) => !citedIds(i.title).includes(id));
    const item: AnnexItem = {
      when: timingIn(w, i.when),
      title: `${i.title}${marked.map(marker).join("")}`,
      sources: mergeIds(
        citedIds(i.title),
        i.sources,
        added.map((s) => s.id),
      ),
    };
    const { id, index } = await insertAnnexItem(trx, plan, item, lang, now);
    await w.audit("annex_item.create", { kind: "annex_item", id }, null, item);
    return { item, index, version: 1, evidence: added };
  });
}
