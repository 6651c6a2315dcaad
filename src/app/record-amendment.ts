import { z } from "zod";
import {
  insertAmendment as insertAmendmentRow,
  listAmendments as listAmendmentRows,
} from "../db/amendment.repository.ts";
import type { Db } from "../db/create-db.ts";
import { getPlanById, type PlanRecord } from "../db/plan.repository.ts";
import { freezePlanVersion } from "../db/plan-version.repository.ts";
import { audit } from "./authorize.ts";
import type { Deps } from "./deps.ts";

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
  const number = await insertAmendmentRow(trx, {
    planId: plan.id,
    reason,
    change,
    actorId: deps.actor?.userId ?? null,
    now,
  });
  await audit(trx, deps, now, "plan.amend", { kind: "plan", id: plan.id }, change.before, {
    number,
    ...change.after,
  });
  // The public reads the approved plan as frozen: a recorded amendment freezes it anew (the
  // change is written already), so it reaches the public now; translations edited meanwhile
  // keep what the public had and wait for the next edition.
  await freezePlanVersion(trx, await getPlanById(trx, plan.id), now, deps.actor?.userId ?? null, {
    keepTranslations: true,
  });
  return { number, reason, change, createdAt: now };
}

/**
 * The amendments of a plan since its approval, oldest first, for a reader the plan was
 * found readable by (findReadablePlan, getPlanDocument): the plan is not looked up again.
 */
export async function listAmendmentsOf(
  deps: Pick<Deps, "db">,
  plan: Pick<PlanRecord, "id">,
): Promise<AmendmentRecord[]> {
  const rows = await listAmendmentRows(deps.db, plan.id);
  return rows.map((r) => ({ ...r, change: r.change as AmendmentChange }));
}
