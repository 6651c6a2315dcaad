import { z } from "zod";
import { citedIds } from "../core/citations.ts";
import { AppError } from "../core/errors.ts";
import { checkCount } from "../core/limits.ts";
import { Activity, Location, Relation, SourceId } from "../core/plan.ts";
import { TimingInput } from "../core/write-input.ts";
import { findActivity, insertActivity, type StoredActivity } from "../db/activity.repository.ts";
import { findArea } from "../db/area.repository.ts";
import { countInPlan } from "../db/counts.repository.ts";
import { authorize } from "./authorize.ts";
import { checkInArea, checkPlannedInYear } from "./check-plan-document.ts";
import {
  Lang,
  mergeIds,
  notFound,
  PlanKey,
  plannedActivity,
  Reason,
  StatusInput,
  timingIn,
} from "./common.ts";
import type { Deps } from "./deps.ts";
import { changePlanContent } from "./transact.ts";

const Input = z.object({
  ...PlanKey,
  lang: Lang,
  areaCode: z.string().min(1),
  code: Activity.shape.code,
  title: z.string().min(1),
  location: Location,
  planned: TimingInput,
  status: StatusInput.default({ code: "planned", when: null, note: null, text: "", sources: [] }),
  relations: z.array(Relation).default([]),
  /** Sources cited beyond the title and status (their citations are added anyway). */
  sources: z.array(SourceId).default([]),
  reason: Reason,
});
export type CreateActivityInput = z.input<typeof Input>;

/**
 * Adds an activity at the end of an area (a coordinator: only to their own areas). On an
 * approved plan the addition is an amendment (with `reason`).
 */
export async function createActivity(
  deps: Deps,
  input: CreateActivityInput,
): Promise<StoredActivity> {
  return changePlanContent(deps, Input, input, async (w, i) => {
    const { trx, plan, lang, now } = w;
    const area = (await findArea(trx, plan, i.areaCode, lang)) ?? notFound(`area ${i.areaCode}`);
    authorize(deps.actor, "create", {
      kind: "activity",
      network: plan.network.slug,
      areaId: area.id,
    });
    checkInArea(i.code, area.code);
    const planned = timingIn(w, i.planned);
    checkPlannedInYear(planned, plan.year);
    const status = { ...i.status, when: i.status.when && timingIn(w, i.status.when) };
    if (await findActivity(trx, plan, i.code, lang)) {
      throw new AppError("conflict", `the plan has an activity ${i.code} already`);
    }
    const count = await countInPlan(trx, "activities", plan.id);
    checkCount("activities_per_plan", count + 1, "the plan's activities");
    const activity: Activity = {
      code: i.code,
      title: i.title,
      location: i.location,
      planned,
      status,
      occurrences: [],
      relations: i.relations,
      sources: mergeIds(
        citedIds(i.title),
        i.status.sources,
        citedIds(i.status.note ?? ""),
        i.sources,
        i.relations.flatMap((r) => (r.source === null ? [] : [r.source])),
      ),
    };
    await insertActivity(trx, plan, area.id, activity, lang, now);
    const stored = (await findActivity(trx, plan, i.code, lang)) as StoredActivity;
    const original =
      lang === plan.language
        ? stored
        : ((await findActivity(trx, plan, i.code, plan.language)) ?? stored);
    await w.amend("activity", i.code, {}, plannedActivity(original.activity));
    await w.audit("activity.create", { kind: "activity", id: stored.id }, null, stored.activity);
    return stored;
  });
}
