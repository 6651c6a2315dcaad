import { AppError } from "../core/errors.ts";
import type { Db } from "../db/create-db.ts";
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  findIdempotencyKey,
} from "../db/idempotency.repository.ts";
import type { Deps } from "./deps.ts";

/** How long an Idempotency-Key is remembered. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Thrown inside a transaction when its Idempotency-Key was seen: the transaction rolls
 * back (the write's lock and revision bump undone) and `transact` returns `result`.
 */
export class IdempotentReplay {
  readonly result: unknown;
  constructor(result: unknown) {
    this.result = result;
  }
}

/**
 * Runs a creating write once per Idempotency-Key (deps.idempotency) and user: the first
 * time the key is claimed before the write and its result kept in the same transaction,
 * so both commit or neither does, and a concurrent request with the key waits for it; a retry with the same key and request answers that result again (nothing is
 * written); the same key with another request is a conflict. Without a key, just `run`.
 * The result must survive JSON (plain data).
 */
export async function idempotent<T>(
  trx: Db,
  deps: Pick<Deps, "actor" | "idempotency">,
  now: string,
  run: () => Promise<T>,
): Promise<T> {
  const key = deps.idempotency;
  const userId = deps.actor?.userId;
  if (!key || !userId) return run();
  const seen = await findIdempotencyKey(trx, userId, key.key);
  if (seen) {
    if (seen.request !== key.request) {
      throw new AppError(
        "conflict",
        "this Idempotency-Key was used for another request: use a new key for a new request",
      );
    }
    throw new IdempotentReplay(JSON.parse(seen.result));
  }
  // Claimed before the write, so a concurrent retry with this key waits for this one and
  // then answers what it answered (a check after the write would let both run).
  await claimIdempotencyKey(trx, {
    userId,
    key: key.key,
    request: key.request,
    now,
    expiredBefore: new Date(Date.parse(now) - IDEMPOTENCY_KEY_TTL_MS).toISOString(),
  });
  const result = await run();
  await completeIdempotencyKey(trx, userId, key.key, JSON.stringify(result));
  return result;
}
