import { z } from "zod";
import { checkVersion } from "../core/version.ts";
import { deleteAnnexItemRow, findAnnexItem } from "../db/annex.repository.ts";
import { listAreaRefs } from "../db/area.repository.ts";
import { authorize } from "./authorize.ts";
import { ExpectedVersion, notFound, PlanKey } from "./common.ts";
import type { Deps } from "./deps.ts";
import { changePlanContent } from "./transact.ts";

const Input = z.object({
  ...PlanKey,
  index: z.number().int().nonnegative(),
  expectedVersion: ExpectedVersion,
});
export type DeleteAnnexItemInput = z.input<typeof Input>;

/** Deletes an item of the annex (its sources stay in the plan; the history keeps it, to restore). */
export async function deleteAnnexItem(deps: Deps, input: DeleteAnnexItemInput): Promise<void> {
  return changePlanContent(deps, Input, input, async (w, i) => {
    const { trx, plan } = w;
    const before =
      (await findAnnexItem(trx, plan, i.index, plan.language)) ?? notFound(`annex item ${i.index}`);
    const areaIds = (await listAreaRefs(trx, plan.id)).map((a) => a.id);
    // Taking an item out edits the annex: whoever may edit it (a coordinator of any area).
    authorize(deps.actor, "edit", { kind: "annex_item", network: plan.network.slug, areaIds });
    checkVersion(before.version, i.expectedVersion);
    await deleteAnnexItemRow(trx, plan, before.id, i.expectedVersion ?? before.version);
    await w.audit("annex_item.delete", { kind: "annex_item", id: before.id }, before.item, null);
  });
}
