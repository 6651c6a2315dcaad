import { z } from "zod";
import { parseLocation } from "../core/places.ts";
import { Language } from "../core/plan.ts";
import { newId } from "../db/ids.ts";
import type { PlanRecord } from "../db/plan.repository.ts";
import { planLanguages } from "../db/plan.repository.ts";
import { readPlanDocumentOf } from "../db/plan-document.repository.ts";
import { setText } from "../db/texts.ts";
import { ExpectedVersion, PlanKey } from "./common.ts";
import type { Deps } from "./deps.ts";
import { transition } from "./plan-lifecycle.ts";
import { parseInput } from "./validate.ts";

const Input = z.object({
  ...PlanKey,
  expectedVersion: ExpectedVersion,
  assembly: z.object({
    ordinal: z.number().int().positive(),
    date: z.iso.date(),
    /** The place as written, e.g. "Santiago de Chile" or "Virtual". */
    place: z.string().trim().min(1),
    placeLang: Language.optional(),
  }),
});
export type ApprovePlanInput = z.input<typeof Input>;

/**
 * A submitted plan is approved by an Assembly: the Assembly (ordinal, date, place) is
 * recorded and the plan as approved is frozen as a snapshot in every language it has
 * (plan_versions); later changes to planned content are amendments against it.
 */
export async function approvePlan(deps: Deps, input: ApprovePlanInput): Promise<PlanRecord> {
  const i = parseInput(Input, input);
  return transition(
    deps,
    i,
    { field: "lifecycleStatus", from: ["submitted"], to: "approved" },
    "plan.approve",
    async (trx, plan, now) => {
      const a = i.assembly;
      const existing = await trx
        .selectFrom("assemblies")
        .select(["id"])
        .where("plan_id", "=", plan.id)
        .where("ordinal", "=", a.ordinal)
        .executeTakeFirst();
      const place = parseLocation(a.place);
      const cols = {
        date: a.date,
        place_kind: place.kind,
        place_city: place.city,
        place_country: place.country,
      };
      let id = existing?.id;
      if (id) {
        await trx.updateTable("assemblies").set(cols).where("id", "=", id).execute();
      } else {
        id = newId();
        const last = await trx
          .selectFrom("assemblies")
          .select((eb) => eb.fn.max("position").as("p"))
          .where("plan_id", "=", plan.id)
          .executeTakeFirst();
        await trx
          .insertInto("assemblies")
          .values({
            id,
            plan_id: plan.id,
            network_id: plan.networkId,
            ordinal: a.ordinal,
            position: Number(last?.p ?? -1) + 1,
            ...cols,
          })
          .execute();
      }
      await setText(trx, plan.id, "assembly", id, "place", a.placeLang ?? plan.language, a.place);
      await trx
        .updateTable("plans")
        .set({ approved_by_assembly: a.ordinal })
        .where("id", "=", plan.id)
        .execute();
      const prev = await trx
        .selectFrom("plan_versions")
        .select((eb) => eb.fn.max("number").as("n"))
        .where("plan_id", "=", plan.id)
        .executeTakeFirst();
      const number = Number(prev?.n ?? 0) + 1;
      const frozen = { ...plan, lifecycleStatus: "approved" as const };
      for (const lang of await planLanguages(trx, plan.id)) {
        const doc = await readPlanDocumentOf(trx, frozen, lang);
        await trx
          .insertInto("plan_versions")
          .values({
            id: newId(),
            plan_id: plan.id,
            number,
            lang,
            document: JSON.stringify(doc),
            created_at: now,
            created_by: deps.actor?.userId ?? null,
          })
          .execute();
      }
    },
  );
}
