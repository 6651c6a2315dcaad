import type { Kysely } from "kysely";
import type { DB } from "./schema.ts";

/** How many activities, annex items or sources a plan has (for the limits). */
export async function countInPlan(
  db: Kysely<DB>,
  table: "activities" | "annex_items" | "sources",
  planId: string,
): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("plan_id", "=", planId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How many occurrences an activity has (for the limits). */
export async function countOccurrences(db: Kysely<DB>, activityId: string): Promise<number> {
  const row = await db
    .selectFrom("occurrences")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("activity_id", "=", activityId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
