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

/**
 * Answers kept for a short while (anonymous readers' plan look-ups): within `ttlMs` the same
 * key answers from memory. Failures are not kept. `clear()` forgets everything (a write).
 */
export class ShortMemo<T> {
  readonly #values = new Map<string, { until: number; value: Promise<T> }>();
  readonly #ttlMs: number;
  readonly #max: number;

  constructor(ttlMs: number, max = 1000) {
    this.#ttlMs = ttlMs;
    this.#max = max;
  }

  get(key: string, load: () => Promise<T>): Promise<T> {
    if (this.#ttlMs <= 0) return load();
    const now = Date.now();
    const hit = this.#values.get(key);
    if (hit && hit.until > now) return hit.value;
    if (this.#values.size >= this.#max) this.#values.clear();
    const value = load();
    const entry = { until: now + this.#ttlMs, value };
    this.#values.set(key, entry);
    value.catch(() => {
      if (this.#values.get(key) === entry) this.#values.delete(key);
    });
    return value;
  }

  clear(): void {
    this.#values.clear();
  }
}
