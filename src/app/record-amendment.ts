import { z } from "zod";
import { AppError } from "../core/errors.ts";
import { newId } from "../db/ids.ts";
import { findPlan, getPlan } from "../db/plan.repository.ts";
import { audit, authorize, requireActor } from "./authorize.ts";
import { nowIso, PlanKey } from "./common.ts";
import type { Deps } from "./deps.ts";
import { readableOrNotFound } from "./find-readable-plan.ts";
import { parseInput } from "./validate.ts";

const Input = z.object({
  ...PlanKey,
  reason: z.string().default(""),
  /** What changed in the planned content: the item and its fields before and after. */
  change: z.object({
    kind: z.enum(["activity", "area", "plan"]),
    code: z.string().nullable(),
    before: z.record(z.string(), z.unknown()),
    after: z.record(z.string(), z.unknown()),
  }),
});
export type RecordAmendmentInput = z.input<typeof Input>;

export type AmendmentRecord = {
  number: number;
  reason: string;
  change: z.infer<typeof Input>["change"];
  createdAt: string;
};

/**
 * Records a change to the planned content of an approved plan as a numbered amendment
 * against the approved snapshot (plan_versions). Only approved plans take amendments.
 */
export async function recordAmendment(
  deps: Deps,
  input: RecordAmendmentInput,
): Promise<AmendmentRecord> {
  requireActor(deps);
  const i = parseInput(Input, input);
  const now = nowIso(deps);
  return deps.db.transaction().execute(async (trx) => {
    const plan = await getPlan(trx, i.network, i.year);
    authorize(deps.actor, "update", { kind: "plan", ...plan });
    if (plan.lifecycleStatus !== "approved") {
      throw new AppError("conflict", "only an approved plan is amended");
    }
    const last = await trx
      .selectFrom("amendments")
      .select((eb) => eb.fn.max("number").as("n"))
      .where("plan_id", "=", plan.id)
      .executeTakeFirst();
    const number = Number(last?.n ?? 0) + 1;
    const id = newId();
    await trx
      .insertInto("amendments")
      .values({
        id,
        plan_id: plan.id,
        number,
        status: "approved",
        reason: i.reason,
        changes: JSON.stringify(i.change),
        created_by: deps.actor?.userId ?? null,
        decided_at: now,
        decided_by: deps.actor?.userId ?? null,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await audit(trx, deps, now, "plan.amend", { kind: "plan", id: plan.id }, i.change.before, {
      number,
      ...i.change.after,
    });
    return { number, reason: i.reason, change: i.change, createdAt: now };
  });
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
