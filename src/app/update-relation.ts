import { z } from "zod";
import { Relation } from "../core/plan.ts";
import { findActivity, type StoredActivity } from "../db/activity.repository.ts";
import { getPlan } from "../db/plan.repository.ts";
import { requireActor } from "./authorize.ts";
import { ExpectedVersion, Lang, notFound, PlanKey, Reason } from "./common.ts";
import type { Deps } from "./deps.ts";
import { inOneTransaction } from "./transact.ts";
import { updateActivity } from "./update-activity.ts";
import { parseInput } from "./validate.ts";

const Input = z.object({
  ...PlanKey,
  code: z.string().min(1),
  /** The relation's place in the activity's list, from 0. */
  index: z.number().int().nonnegative(),
  expectedVersion: ExpectedVersion,
  lang: Lang,
  /** The relation as it should be; null deletes it. */
  relation: Relation.nullable(),
  reason: Reason,
});
export type UpdateRelationInput = z.input<typeof Input>;

/**
 * Corrects or (with `relation: null`) deletes one relation of an activity. Relations are
 * planned content: on an approved plan the change is an amendment (see updateActivity).
 */
export async function updateRelation(
  deps: Deps,
  input: UpdateRelationInput,
): Promise<StoredActivity> {
  requireActor(deps);
  const i = parseInput(Input, input);
  return inOneTransaction(deps, async (d) => {
    const plan = await getPlan(d.db, i.network, i.year);
    const a =
      (await findActivity(d.db, plan, i.code, plan.language)) ?? notFound(`activity ${i.code}`);
    if (a.activity.relations[i.index] === undefined) {
      notFound(`relation ${i.index} of activity ${i.code}`);
    }
    const relations = a.activity.relations.flatMap((r, n) =>
      n !== i.index ? [r] : i.relation === null ? [] : [i.relation],
    );
    return updateActivity(d, {
      network: i.network,
      year: i.year,
      code: i.code,
      expectedVersion: i.expectedVersion,
      ...(i.expectedRevision !== undefined ? { expectedRevision: i.expectedRevision } : {}),
      relations,
      ...(i.lang ? { lang: i.lang } : {}),
      ...(i.reason ? { reason: i.reason } : {}),
    });
  });
}
