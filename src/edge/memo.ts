/** Memos of plan look-ups the API and the portal reuse (rendered bytes live in render-cache.ts). */

/**
 * A value worked out from a plan at a revision (e.g. the languages it has texts in), kept
 * until the plan's revision moves on. Bounded: past `max` plans it starts afresh.
 */
export class RevisionMemo<T> {
  readonly #values = new Map<string, { revision: number; value: Promise<T> }>();
  readonly #max: number;

  constructor(max = 1000) {
    this.#max = max;
  }

  get(planId: string, revision: number, load: () => Promise<T>): Promise<T> {
    const hit = this.#values.get(planId);
    if (hit && hit.revision === revision) return hit.value;
    if (this.#values.size >= this.#max) this.#values.clear();
    const value = load();
    this.#values.set(planId, { revision, value });
    value.catch(() => {
      if (this.#values.get(planId)?.value === value) this.#values.delete(planId);
    });
    return value;
  }
}

type Kept<T> = { until: number; value: Promise<T>; settled?: T; reloading?: boolean };

/**
 * Answers kept for a short while (anonymous readers' plan look-ups): within `ttlMs` the same
 * key answers from memory. Failures are not kept. `clear()` forgets everything (a write).
 */
export class ShortMemo<T> {
  readonly #values = new Map<string, Kept<T>>();
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #now: () => number;

  /** `now` is the memo's clock in ms (tests pass their own; default Date.now). */
  constructor(ttlMs: number, max = 1000, now: () => number = Date.now) {
    this.#ttlMs = ttlMs;
    this.#max = max;
    this.#now = now;
  }

  get(key: string, load: () => Promise<T>): Promise<T> {
    if (this.#ttlMs <= 0) return load();
    const now = this.#now();
    const hit = this.#values.get(key);
    if (hit && hit.until > now) return hit.value;
    if (this.#values.size >= this.#max) this.#makeRoom(now);
    return this.#keep(key, load(), now);
  }

  /**
   * Full: forgets what even peek would no longer give (past its time and the stale while
   * after it), and everything when that is not enough. What is kept is at most `max` values,
   * whatever the load (at a million activities, the network identities of 1,000 networks
   * were some 13 MB of the server's heap).
   */
  #makeRoom(now: number): void {
    for (const [key, kept] of this.#values)
      if (kept.until + this.#ttlMs <= now) this.#values.delete(key);
    if (this.#values.size >= this.#max) this.#values.clear();
  }

  #keep(key: string, value: Promise<T>, now: number): Promise<T> {
    const entry: Kept<T> = { until: now + this.#ttlMs, value };
    this.#values.set(key, entry);
    value.then(
      (v) => {
        entry.settled = v;
      },
      () => {
        if (this.#values.get(key) === entry) this.#values.delete(key);
      },
    );
    return value;
  }

  /**
   * The value of `key` if it is known now, without waiting: undefined when it was never
   * asked for, is still loading or was forgotten (clear). Once expired, with `reload`, the
   * expired value is still given for up to another `ttlMs` while `reload` looks it up again,
   * once, in the background (what a hit must not wait for); without, undefined.
   */
  peek(key: string, reload?: () => Promise<T>): T | undefined {
    const hit = this.#values.get(key);
    if (hit?.settled === undefined) return undefined;
    const now = this.#now();
    if (hit.until > now) return hit.settled;
    if (!reload || hit.until + this.#ttlMs <= now) return undefined;
    if (!hit.reloading) {
      hit.reloading = true;
      const value = reload();
      value.then(
        (v) => {
          // Unless forgotten or asked again meanwhile: then this look-up may be the older.
          if (this.#values.get(key) !== hit) return;
          this.#keep(key, value, this.#now());
          (this.#values.get(key) as Kept<T>).settled = v;
        },
        () => {
          if (this.#values.get(key) === hit) this.#values.delete(key);
        },
      );
    }
    return hit.settled;
  }

  clear(): void {
    this.#values.clear();
  }
}
