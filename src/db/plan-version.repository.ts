import type { Kysely } from "kysely";
import type { Language } from "../core/plan.ts";
import { newId } from "./ids.ts";
import type { DB } from "./schema.ts";

/** The number the plan's next frozen version gets (1 for the first). */
export async function nextPlanVersionNumber(db: Kysely<DB>, planId: string): Promise<number> {
  const prev = await db
    .selectFrom("plan_versions")
    .select((eb) => eb.fn.max("number").as("n"))
    .where("plan_id", "=", planId)
    .executeTakeFirst();
  return Number(prev?.n ?? 0) + 1;
}

/** Freezes the plan's document in one language as version `number`. */
export async function insertPlanVersion(
  db: Kysely<DB>,
  v: {
    planId: string;
    number: number;
    lang: Language;
    document: unknown;
    now: string;
    actorId: string | null;
  },
): Promise<void> {
  await db
    .insertInto("plan_versions")
    .values({
      id: newId(),
      plan_id: v.planId,
      number: v.number,
      lang: v.lang,
      document: JSON.stringify(v.document),
      created_at: v.now,
      created_by: v.actorId,
    })
    .execute();
}
