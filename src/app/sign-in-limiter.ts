/**
 * The one limiter of failed sign-ins, for the API and the portal alike, with its counts in
 * the database so that every instance of the app sees the same ones.
 *
 * Failures are counted per (address, account) — `max` in a window — and, with a higher cap,
 * per address across accounts, so one password tried on many accounts is stopped too.
 * Reaching a cap blocks that key for a while: the window's length at first, twice as long
 * each time it is reached again, never more than MAX_BLOCK_MS. Nothing is ever locked for
 * good, and a key is always an address's, so no one elsewhere can lock a person out. A
 * key (and so the address in it) is forgotten once its window, its block and, after a
 * block, as long again to remember the strike are over.
 */
import type { Db } from "../db/create-db.ts";
import {
  addFailure,
  blockKey,
  clearKey,
  findFailures,
  forgetOldFailures,
} from "../db/sign-in-failure.repository.ts";

export type SignInLimits = {
  /** Failures allowed per address and account in a window; the next attempt waits. */
  max: number;
  /** Failures allowed per address, across accounts, in a window. */
  maxPerAddress: number;
  windowMs: number;
};

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  max: 10,
  maxPerAddress: 20,
  windowMs: 60_000,
};

/** The longest a block lasts, however often it was earned. */
export const MAX_BLOCK_MS = 3600_000;

export type SignInLimiter = {
  /** Before a password is tried: null when it may be, else the seconds to wait. */
  check(address: string, email: string): Promise<number | null>;
  /** Counts a failed attempt. */
  fail(address: string, email: string): Promise<void>;
  /** A right password: this account's count from this address starts again. */
  succeed(address: string, email: string): Promise<void>;
};

const accountKey = (address: string, email: string) => `e ${address} ${email.trim().toLowerCase()}`;
const addressOnlyKey = (address: string) => `a ${address}`;

/** A limiter over the database `db`, on `clock`'s time. */
export function createSignInLimiter(
  db: Db,
  clock: () => Date,
  limits: Partial<SignInLimits> = {},
): SignInLimiter {
  const l = { ...DEFAULT_SIGN_IN_LIMITS, ...limits };
  const keys = (address: string, email: string) => [
    { key: accountKey(address, email), max: l.max },
    { key: addressOnlyKey(address), max: l.maxPerAddress },
  ];
  return {
    async check(address, email) {
      const now = clock().getTime();
      let wait = 0;
      for (const { key } of keys(address, email)) {
        const s = await findFailures(db, key);
        const until = s?.blockedUntil ? Date.parse(s.blockedUntil) : 0;
        if (until > now) wait = Math.max(wait, until - now);
      }
      return wait > 0 ? Math.max(1, Math.ceil(wait / 1000)) : null;
    },
    async fail(address, email) {
      const at = clock();
      const now = at.getTime();
      const iso = at.toISOString();
      await forgetOldFailures(db, iso);
      for (const { key, max } of keys(address, email)) {
        const s = await addFailure(db, key, iso, new Date(now + l.windowMs).toISOString());
        if (s.failures < max) continue;
        const block = Math.min(MAX_BLOCK_MS, l.windowMs * 2 ** s.strikes);
        await blockKey(
          db,
          key,
          max,
          new Date(now + block).toISOString(),
          new Date(now + 2 * block).toISOString(),
        );
      }
    },
    async succeed(address, email) {
      await clearKey(db, accountKey(address, email));
    },
  };
}
