import type { Kysely } from "kysely";
import { newId } from "./ids.ts";
import type { DB } from "./schema.ts";

/** An amendment as stored: its change is JSON the use case gives and reads back. */
export type AmendmentRow = {
  number: number;
  reason: string;
  change: unknown;
  createdAt: string;
};

/** Inserts the plan's next numbered (approved) amendment; returns its number. */
export async function insertAmendment(
  db: Kysely<DB>,
  a: { planId: string; reason: string; change: unknown; actorId: string | null; now: string },
): Promise<number> {
  const last = await db
    .selectFrom("amendments")
    .select((eb) => eb.fn.max("number").as("n"))
    .where("plan_id", "=", a.planId)
    .executeTakeFirst();
  const number = Number(last?.n ?? 0) + 1;
  await db
    .insertInto("amendments")
    .values({
      id: newId(),
      plan_id: a.planId,
      number,
      status: "approved",
      reason: a.reason,
      changes: JSON.stringify(a.change),
      created_by: a.actorId,
      decided_at: a.now,
      decided_by: a.actorId,
      version: 1,
      created_at: a.now,
      updated_at: a.now,
    })
    .execute();
  return number;
}

/** A plan's amendments, oldest first. */
export async function listAmendments(db: Kysely<DB>, planId: string): Promise<AmendmentRow[]> {
  const rows = await db
    .selectFrom("amendments")
    .selectAll()
    .where("plan_id", "=", planId)
    .orderBy("number")
    .execute();
  return rows.map((r) => ({
    number: r.number,
    reason: r.reason,
    change: JSON.parse(r.changes),
    createdAt: r.created_at,
  }));
}
