import { z } from "zod";
import { checkVersion } from "../core/version.ts";
import { findActivity, type StoredActivity, updateActivityRow } from "../db/activity.repository.ts";
import { deleteOccurrenceRows, occurrenceIds } from "../db/occurrence.repository.ts";
import { authorize } from "./authorize.ts";
import { ExpectedVersion, notFound, PlanKey } from "./common.ts";
import type { Deps } from "./deps.ts";
import { changePlanContent } from "./transact.ts";

const Input = z.object({
  ...PlanKey,
  code: z.string().min(1),
  index: z.number().int().nonnegative(),
  expectedVersion: ExpectedVersion,
});
export type DeleteOccurrenceInput = z.input<typeof Input>;

/**
 * Deletes one time an activity was held. Its sources stay in the plan (other texts may
 * cite them); the history keeps the occurrence, to restore.
 */
export async function deleteOccurrence(
  deps: Deps,
  input: DeleteOccurrenceInput,
): Promise<StoredActivity> {
  return changePlanContent(deps, Input, input, async (w, i) => {
    const { trx, plan, lang, now } = w;
    const before = (await findActivity(trx, plan, i.code, lang)) ?? notFound(`activity ${i.code}`);
    authorize(deps.actor, "record_occurrence", {
      kind: "activity",
      network: plan.network.slug,
      areaId: before.areaId,
    });
    checkVersion(before.version, i.expectedVersion);
    const ids = await occurrenceIds(trx, before.id);
    const id = ids[i.index] ?? notFound(`occurrence ${i.index} of activity ${i.code}`);
    await deleteOccurrenceRows(trx, plan.id, before.id, [id]);
    await updateActivityRow(
      trx,
      plan,
      before.id,
      i.expectedVersion ?? before.version,
      {},
      lang,
      now,
    );
    const after = (await findActivity(trx, plan, i.code, lang)) as StoredActivity;
    const [was, is] = [before.activity.occurrences, after.activity.occurrences];
    await w.audit("activity.delete_occurrence", { kind: "activity", id: before.id }, was, is);
    return after;
  });
}
