import { z } from "zod";
import { citedIds } from "../core/citations.ts";
import { AppError } from "../core/errors.ts";
import { Activity, Location, Relation } from "../core/plan.ts";
import { checkVersion } from "../core/version.ts";
import { TimingInput } from "../core/write-input.ts";
import {
  type ActivityPatch,
  findActivity,
  replaceRelations,
  type StoredActivity,
  updateActivityRow,
} from "../db/activity.repository.ts";
import { listAreaRefs } from "../db/area.repository.ts";
import { authorize, wordingVerb } from "./authorize.ts";
import { checkInArea, checkPlannedInYear } from "./check-plan-document.ts";
import {
  ExpectedVersion,
  Lang,
  mergeIds,
  notFound,
  PlanKey,
  plannedActivity,
  Reason,
  timingIn,
} from "./common.ts";
import type { Deps } from "./deps.ts";
import { changePlanContent } from "./transact.ts";

const Input = z.object({
  ...PlanKey,
  code: z.string().min(1),
  expectedVersion: ExpectedVersion,
  lang: Lang,
  newCode: Activity.shape.code.optional(),
  title: z.string().min(1).optional(),
  location: Location.optional(),
  planned: TimingInput.optional(),
  relations: z.array(Relation).optional(),
  reason: Reason,
});
export type UpdateActivityInput = z.input<typeof Input>;

/**
 * Changes what an activity is (code, title, location, planned time, relations); not its
 * status. On an approved plan the change is an amendment (with `reason`).
 */
export async function updateActivity(
  deps: Deps,
  input: UpdateActivityInput,
): Promise<StoredActivity> {
  return changePlanContent(deps, Input, input, async (w, i) => {
    const { trx, plan, lang, now } = w;
    const before = (await findActivity(trx, plan, i.code, lang)) ?? notFound(`activity ${i.code}`);
    authorize(deps.actor, wordingVerb(plan, lang), {
      kind: "activity",
      network: plan.network.slug,
      areaId: before.areaId,
    });
    checkVersion(before.version, i.expectedVersion);
    // Amendments compare the plan's own language: a translated title is no amendment.
    const original = async (code: string, read: StoredActivity) =>
      lang === plan.language
        ? read
        : ((await findActivity(trx, plan, code, plan.language)) ?? read);
    const originalBefore = await original(i.code, before);
    const planned = i.planned && timingIn(w, i.planned);
    if (planned) checkPlannedInYear(planned, plan.year);
    if (i.newCode !== undefined) {
      const area = (await listAreaRefs(trx, plan.id)).find((a) => a.id === before.areaId);
      if (area) checkInArea(i.newCode, area.code);
    }
    if (i.newCode && i.newCode !== i.code && (await findActivity(trx, plan, i.newCode, lang))) {
      throw new AppError("conflict", `the plan has an activity ${i.newCode} already`);
    }
    const newSources = mergeIds(
      before.activity.sources,
      citedIds(i.title ?? ""),
      (i.relations ?? []).flatMap((r) => (r.source === null ? [] : [r.source])),
    );
    const patch: ActivityPatch = {
      ...(i.newCode !== undefined ? { code: i.newCode } : {}),
      ...(i.title !== undefined ? { title: i.title } : {}),
      ...(i.location ? { location: i.location } : {}),
      ...(planned ? { planned } : {}),
      ...(newSources.length !== before.activity.sources.length ? { sources: newSources } : {}),
    };
    await updateActivityRow(
      trx,
      plan,
      before.id,
      i.expectedVersion ?? before.version,
      patch,
      lang,
      now,
    );
    if (i.relations) await replaceRelations(trx, plan.id, before.id, i.relations);
    const after = (await findActivity(trx, plan, i.newCode ?? i.code, lang)) as StoredActivity;
    await w.amend(
      "activity",
      i.code,
      plannedActivity(originalBefore.activity),
      plannedActivity((await original(i.newCode ?? i.code, after)).activity),
    );
    const entity = { kind: "activity", id: before.id };
    await w.audit("activity.update", entity, before.activity, after.activity);
    return after;
  });
}
