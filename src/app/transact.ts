import type { z } from "zod";
import { AppError } from "../core/errors.ts";
import type { Language } from "../core/plan.ts";
import type { Db } from "../db/create-db.ts";
import { isUniqueViolation } from "../db/errors.ts";
import { getPlan, type PlanRecord, touchPlan } from "../db/plan.repository.ts";
import { audit, requireActor } from "./authorize.ts";
import { nowIso } from "./common.ts";
import type { Deps } from "./deps.ts";
import { parseInput } from "./validate.ts";

/**
 * Runs `fn` in one transaction (all or nothing). A unique-constraint violation — two
 * writers racing to create the same thing — becomes a conflict, not a server error.
 */
export async function transact<T>(deps: Pick<Deps, "db">, fn: (trx: Db) => Promise<T>): Promise<T> {
  try {
    return await deps.db.transaction().execute(fn);
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new AppError("conflict", "it exists already (someone else was quicker)");
    }
    throw e;
  }
}

/** What a write inside one plan names: the plan, and the language of the wordings given. */
type PlanInput = { network: string; year: number; lang?: Language | undefined };

/** The open write: its transaction, the plan, the wordings' language, the time of the change. */
export type PlanWrite = {
  trx: Db;
  plan: PlanRecord;
  lang: Language;
  now: string;
  /** Records the change in the audit trail, in this transaction, at `now`. */
  audit(
    action: string,
    entity: { kind: string; id: string },
    before: unknown,
    after: unknown,
  ): Promise<string>;
};

/**
 * The steps every change to a plan's content shares: a signed-in actor (else
 * unauthenticated, before the input is looked at), the input parsed by `schema`, one
 * transaction, the plan (else not_found) and the language (the plan's own unless given).
 * When `fn` succeeds the plan's revision moves on, so its documents' ETag changes.
 */
export async function changePlanContent<S extends z.ZodType<PlanInput>, T>(
  deps: Deps,
  schema: S,
  input: unknown,
  fn: (w: PlanWrite, i: z.infer<S>) => Promise<T>,
): Promise<T> {
  requireActor(deps);
  const i: z.infer<S> = parseInput(schema, input);
  const now = nowIso(deps);
  return transact(deps, async (trx) => {
    const plan = await getPlan(trx, i.network, i.year);
    const w: PlanWrite = {
      trx,
      plan,
      lang: i.lang ?? plan.language,
      now,
      audit: (action, entity, before, after) =>
        audit(trx, deps, now, action, entity, before, after),
    };
    const result = await fn(w, i);
    await touchPlan(trx, plan.id, now);
    return result;
  });
}
