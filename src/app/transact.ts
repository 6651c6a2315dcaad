import type { z } from "zod";
import { AppError } from "../core/errors.ts";
import type { Language } from "../core/plan.ts";
import type { Db } from "../db/create-db.ts";
import { isSerializationFailure, isUniqueViolation } from "../db/errors.ts";
import { getPlan, lockPlan, type PlanRecord } from "../db/plan.repository.ts";
import { audit, requireActor } from "./authorize.ts";
import { nowIso } from "./common.ts";
import type { Deps } from "./deps.ts";
import { IdempotentReplay, idempotent } from "./idempotent.ts";
import { type AmendmentChange, insertAmendment } from "./record-amendment.ts";
import { parseInput } from "./validate.ts";

/** How often a transaction that lost a race is run in all, and the 503's Retry-After. */
export const TRANSACTION_ATTEMPTS = 3;
export const BUSY_RETRY_AFTER_SECONDS = 1;

/** The pause before attempt `n` (2, 3): 10–30 ms, then 20–60 ms, at random so racers part. */
const backoffMs = (attempt: number) => 10 * 2 ** (attempt - 2) * (1 + 2 * Math.random());

/**
 * Runs `fn` in one transaction (all or nothing). A transaction that lost a race — a
 * serialization failure or deadlock on PostgreSQL, SQLite busy, or a unique-key violation
 * (two writers creating the same thing) — is run again from the start, up to
 * TRANSACTION_ATTEMPTS in all with a random pause between: on the next attempt the winner's
 * work is visible, so `fn` either succeeds on top of it or refuses for a reason of its own.
 * A unique violation that persists is a conflict; a race lost every time is unavailable
 * (503, Retry-After). `fn` must have no effect outside the transaction.
 *
 * Inside a transaction already (inOneTransaction), `fn` joins it and nothing is retried
 * here: a lost race aborts the whole outer transaction, so its own `transact` runs it again
 * from the start. (Joined use cases take no Idempotency-Key: a replay would roll back,
 * and answer for, the outer transaction.)
 */
export async function transact<T>(deps: Pick<Deps, "db">, fn: (trx: Db) => Promise<T>): Promise<T> {
  if (deps.db.isTransaction) return fn(deps.db);
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.db.transaction().execute(fn);
    } catch (e) {
      if (e instanceof IdempotentReplay) return e.result as T;
      const unique = isUniqueViolation(e);
      if (!unique && !isSerializationFailure(e)) throw e;
      if (attempt >= TRANSACTION_ATTEMPTS) {
        if (unique) throw new AppError("conflict", "it exists already (someone else was quicker)");
        throw new AppError(
          "unavailable",
          `the database stayed busy with concurrent writes (${attempt} attempts): retry shortly`,
          [],
          { retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt + 1)));
    }
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
  expectedRevision?: number | undefined;
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
 * transaction that first takes the plan (`lockPlan`: its revision moves on, only from
 * `expectedRevision` when given, else precondition_failed; no plan: not_found), then the
 * plan as it is now and the language (the plan's own unless given). Writers to one plan
 * run one after the other from there, each seeing what the one before committed. A write
 * with an Idempotency-Key (deps.idempotency) seen before answers what it answered then.
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
    await lockPlan(trx, i.network, i.year, now, i.expectedRevision);
    const plan = await getPlan(trx, i.network, i.year);
    const w: PlanWrite = {
      trx,
      plan,
      lang: i.lang ?? plan.language,
      now,
      audit: (action, entity, before, after) =>
        audit(trx, deps, now, action, entity, before, after),
      amend: (kind, code, before, after) =>
        amendIfApproved(trx, deps, now, plan, i.reason, kind, code, before, after),
    };
    return idempotent(trx, deps, now, () => fn(w, i));
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
