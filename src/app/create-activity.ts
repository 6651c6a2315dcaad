import { z } from "zod";
import { citedIds } from "../core/citations.ts";
import { AppError } from "../core/errors.ts";
import { Activity, Location, Relation, SourceId, Status, Timing } from "../core/plan.ts";
import { findActivity, insertActivity, type StoredActivity } from "../db/activity.repository.ts";
import { findArea } from "../db/area.repository.ts";
import { getPlan, touchPlan } from "../db/plan.repository.ts";
import { audit, authorize, requireActor } from "./authorize.ts";
import { Lang, mergeIds, notFound, nowIso, PlanKey } from "./common.ts";
import type { Deps } from "./deps.ts";
import { transact } from "./transact.ts";
import { parseInput } from "./validate.ts";

const PLANNED: z.input<typeof Status> = {
  code: "planned",
  when: null,
  note: null,
  text: "",
  sources: [],
};

const Input = z.object({
  ...PlanKey,
  lang: Lang,
  areaCode: z.string().min(1),
  code: Activity.shape.code,
  title: z.string().min(1),
  location: Location,
  planned: Timing,
  status: Status.default(PLANNED as z.infer<typeof Status>),
  relations: z.array(Relation).default([]),
  /** Sources cited beyond the title and status (their citations are added anyway). */
  sources: z.array(SourceId).default([]),
});
export type CreateActivityInput = z.input<typeof Input>;

/** Adds an activity at the end of an area (a coordinator: only to their own areas). */
export async function createActivity(
  deps: Deps,
  input: CreateActivityInput,
): Promise<StoredActivity> {
  requireActor(deps);
  const i = parseInput(Input, input);
  const now = nowIso(deps);
  return transact(deps, async (trx) => {
    const plan = await getPlan(trx, i.network, i.year);
    const lang = i.lang ?? plan.language;
    const area = (await findArea(trx, plan, i.areaCode, lang)) ?? notFound(`area ${i.areaCode}`);
    authorize(deps.actor, "create", { kind: "activity", areaId: area.id });
    if (await findActivity(trx, plan, i.code, lang)) {
      throw new AppError("conflict", `the plan has an activity ${i.code} already`);
    }
    const activity: Activity = {
      code: i.code,
      title: i.title,
      location: i.location,
      planned: i.planned,
      status: i.status,
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
    await touchPlan(trx, plan.id, now);
    const stored = (await findActivity(trx, plan, i.code, lang)) as StoredActivity;
    await audit(
      trx,
      deps,
      now,
      "activity.create",
      { kind: "activity", id: stored.id },
      null,
      stored.activity,
    );
    return stored;
  });
}
