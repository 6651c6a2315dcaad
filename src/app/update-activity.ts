import { z } from "zod";
import { citedIds } from "../core/citations.ts";
import { AppError } from "../core/errors.ts";
import { Activity, Location, Relation, Timing } from "../core/plan.ts";
import {
  type ActivityPatch,
  findActivity,
  replaceRelations,
  type StoredActivity,
  updateActivityRow,
} from "../db/activity.repository.ts";
import { checkVersion, getPlan, touchPlan } from "../db/plan.repository.ts";
import { audit, authorize, requireActor } from "./authorize.ts";
import { ExpectedVersion, Lang, mergeIds, notFound, nowIso, PlanKey } from "./common.ts";
import type { Deps } from "./deps.ts";
import { transact } from "./transact.ts";
import { parseInput } from "./validate.ts";

const Input = z.object({
  ...PlanKey,
  code: z.string().min(1),
  expectedVersion: ExpectedVersion,
  lang: Lang,
  newCode: Activity.shape.code.optional(),
  title: z.string().min(1).optional(),
  location: Location.optional(),
  planned: Timing.optional(),
  relations: z.array(Relation).optional(),
});
export type UpdateActivityInput = z.input<typeof Input>;

/** Changes what an activity is (code, title, location, planned time, relations); not its status. */
export async function updateActivity(
  deps: Deps,
  input: UpdateActivityInput,
): Promise<StoredActivity> {
  requireActor(deps);
  const i = parseInput(Input, input);
  const now = nowIso(deps);
  return transact(deps, async (trx) => {
    const plan = await getPlan(trx, i.network, i.year);
    const lang = i.lang ?? plan.language;
    const before = (await findActivity(trx, plan, i.code, lang)) ?? notFound(`activity ${i.code}`);
    authorize(deps.actor, "update", { kind: "activity", areaId: before.areaId });
    checkVersion(before.version, i.expectedVersion);
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
      ...(i.planned ? { planned: i.planned } : {}),
      ...(newSources.length !== before.activity.sources.length ? { sources: newSources } : {}),
    };
    await updateActivityRow(trx, plan, before.id, i.expectedVersion, patch, lang, now);
    if (i.relations) await replaceRelations(trx, plan.id, before.id, i.relations);
    await touchPlan(trx, plan.id, now);
    const after = (await findActivity(trx, plan, i.newCode ?? i.code, lang)) as StoredActivity;
    await audit(
      trx,
      deps,
      now,
      "activity.update",
      { kind: "activity", id: before.id },
      before.activity,
      after.activity,
    );
    return after;
  });
}
