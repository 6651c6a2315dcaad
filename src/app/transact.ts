import type { z } from "zod";
import { AppError } from "../core/errors.ts";
import type { Language } from "../core/plan.ts";
import type { Db } from "../db/create-db.ts";
import { isUniqueViolation } from "../db/errors.ts";
import { getPlan, type PlanRecord, touchPlan } from "../db/plan.repository.ts";
import { audit, requireActor } from "./authorize.ts";
import { nowIso } from "./common.ts";
import type { Deps } from "./deps.ts";
import { type AmendmentChange, insertAmendment } from "./record-amendment.ts";
import { parseInput } from "./validate.ts";

/**
 * Runs `fn` in one transaction (all or nothing). A unique-constraint violation — two
 * writers racing to create the same thing — becomes a conflict, not a server error.
 * Inside a transaction already (inOneTransaction), `fn` joins it.
 */
export async function transact<T>(deps: Pick<Deps, "db">, fn: (trx: Db) => Promise<T>): Promise<T> {
  if (deps.db.isTransaction) return fn(deps.db);
  try {
    return await deps.db.transaction().execute(fn);
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new AppError("conflict", "it exists already (someone else was quicker)");
    }
    throw e;
  }
}

/**
 * Runs several use cases as one (e.g. a form's original and translated wordings): every
 * use case given the deps `fn` gets joins one transaction, so all are saved or none.
 */
export function inOneTransaction<T>(deps: Deps, fn: (deps: Deps) => Promise<T>): Promise<T> {
  return transact(deps, (trx) => fn({ ...deps, db: trx }));
}

/**
 * What a write inside one plan names: the plan, the language of the wordings given, and
 * why, should it change an approved plan's planned content (see `PlanWrite.amend`).
 */
type PlanInput = {
  network: string;
  year: number;
  lang?: Language | undefined;
  reason?: string | undefined;
};

/** The reason an amendment gives when the writer gave none. */
export const DEFAULT_AMENDMENT_REASON = "changed after approval";

/** Planned content before and after a write: field name -> value, as read in the plan's language. */
type Fields = Record<string, unknown>;

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
  /**
   * Records a change to planned content (titles, objectives, locations, planned times,
   * new items) as an amendment when the plan is approved, in this transaction, with the
   * input's reason. Give the item read in the plan's own language before and after, so a
   * translation (which changes nothing there) is no amendment. Execution (status,
   * occurrences, sources, annex) never calls this.
   */
  amend(
    kind: AmendmentChange["kind"],
    code: string | null,
    before: Fields,
    after: Fields,
  ): Promise<void>;
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
        audit(trx, deps, now, action, entity, before, after, plan.id),
      amend: (kind, code, before, after) =>
        amendIfApproved(trx, deps, now, plan, i.reason, kind, code, before, after),
    };
    const result = await fn(w, i);
    await touchPlan(trx, plan.id, now);
    return result;
  });
}

/**
 * When `plan` is approved and a field of `after` differs from `before`, records the
 * differing fields as the plan's next amendment (in `trx`), with `reason` or, blank, the
 * default one. Draft and submitted plans change freely: nothing is recorded.
 */
export async function amendIfApproved(
  trx: Db,
  deps: Pick<Deps, "actor">,
  now: string,
  plan: PlanRecord,
  reason: string | undefined,
  kind: AmendmentChange["kind"],
  code: string | null,
  before: Fields,
  after: Fields,
): Promise<void> {
  if (plan.lifecycleStatus !== "approved") return;
  const same = (k: string) => JSON.stringify(before[k]) === JSON.stringify(after[k]);
  const changed = Object.keys(after).filter((k) => !same(k));
  if (changed.length === 0) return;
  const pick = (o: Fields) =>
    Object.fromEntries(changed.filter((k) => k in o).map((k) => [k, o[k]]));
  await insertAmendment(trx, deps, now, plan, reason?.trim() || DEFAULT_AMENDMENT_REASON, {
    kind,
    code,
    before: pick(before),
    after: pick(after),
  });
}
