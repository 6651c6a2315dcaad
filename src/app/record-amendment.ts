import { z } from "zod";
import type { Db } from "../db/create-db.ts";
import { newId } from "../db/ids.ts";
import { findPlan, type PlanRecord } from "../db/plan.repository.ts";
import { audit } from "./authorize.ts";
import type { Deps } from "./deps.ts";
import { readableOrNotFound } from "./find-readable-plan.ts";

/** What changed in the planned content: the item and its fields before and after. */
const Change = z.object({
  kind: z.enum(["activity", "area", "plan"]),
  code: z.string().nullable(),
  before: z.record(z.string(), z.unknown()),
  after: z.record(z.string(), z.unknown()),
});
export type AmendmentChange = z.infer<typeof Change>;

export type AmendmentRecord = {
  number: number;
  reason: string;
  change: AmendmentChange;
  createdAt: string;
};

/**
 * Writes the next numbered amendment of `plan` and its audit entry, in the caller's
 * transaction (the change it records commits or rolls back with it).
 */
export async function insertAmendment(
  trx: Db,
  deps: Pick<Deps, "actor">,
  now: string,
  plan: PlanRecord,
  reason: string,
  change: AmendmentChange,
): Promise<AmendmentRecord> {
  const last = await trx
    .selectFrom("amendments")
    .select((eb) => eb.fn.max("number").as("n"))
    .where("plan_id", "=", plan.id)
    .executeTakeFirst();
  const number = Number(last?.n ?? 0) + 1;
  await trx
    .insertInto("amendments")
    .values({
      id: newId(),
      plan_id: plan.id,
      number,
      status: "approved",
      reason,
      changes: JSON.stringify(change),
      created_by: deps.actor?.userId ?? null,
      decided_at: now,
      decided_by: deps.actor?.userId ?? null,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await audit(trx, deps, now, "plan.amend", { kind: "plan", id: plan.id }, change.before, {
    number,
    ...change.after,
  });
  return { number, reason, change, createdAt: now };
}

/** The amendments of a plan since its approval, oldest first (for readers of the plan). */
export async function listAmendments(
  deps: Pick<Deps, "db" | "actor">,
  input: { network: string; year: number },
): Promise<AmendmentRecord[]> {
  const plan = readableOrNotFound(deps, input, await findPlan(deps.db, input.network, input.year));
  const rows = await deps.db
    .selectFrom("amendments")
    .selectAll()
    .where("plan_id", "=", plan.id)
    .orderBy("number")
    .execute();
  return rows.map((r) => ({
    number: r.number,
    reason: r.reason,
    change: JSON.parse(r.changes),
    createdAt: r.created_at,
  }));
}
