import type { Kysely } from "kysely";
import type { Location } from "../core/plan.ts";
import { newId } from "./ids.ts";
import type { DB } from "./schema.ts";

/**
 * Records the Assembly `ordinal` of a plan's network (date and place), updating it when the
 * plan has it already; returns its id (texts of its place hang on it).
 */
export async function saveAssembly(
  db: Kysely<DB>,
  plan: { id: string; networkId: string },
  a: { ordinal: number; date: string; place: Location },
): Promise<string> {
  const cols = {
    date: a.date,
    place_kind: a.place.kind,
    place_city: a.place.city,
    place_country: a.place.country,
  };
  const existing = await db
    .selectFrom("assemblies")
    .select(["id"])
    .where("plan_id", "=", plan.id)
    .where("ordinal", "=", a.ordinal)
    .executeTakeFirst();
  if (existing) {
    await db.updateTable("assemblies").set(cols).where("id", "=", existing.id).execute();
    return existing.id;
  }
  const id = newId();
  const last = await db
    .selectFrom("assemblies")
    .select((eb) => eb.fn.max("position").as("p"))
    .where("plan_id", "=", plan.id)
    .executeTakeFirst();
  await db
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
  return id;
}
