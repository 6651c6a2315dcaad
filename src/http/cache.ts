/** A rendered representation, ready to send as is. */
export type Rendered = { body: Buffer; contentType: string };

type Entry = { planId: string; revision: number; value: Promise<Rendered> };

/**
 * Rendered plan documents and reports, per plan revision and variant (language, format).
 * A revision never changes once written, so an entry is valid as long as the plan is at
 * that revision: a write bumps the revision and the next read renders anew (the older
 * entries of that plan are dropped then). Concurrent misses share one rendering.
 * Bounded by total bytes, least recently used first out.
 */
export class RenderCache {
  readonly #entries = new Map<string, Entry>();
  readonly #sizes = new Map<string, number>();
  #bytes = 0;
  readonly #maxBytes: number;

  constructor(maxBytes = 64 * 1024 * 1024) {
    this.#maxBytes = maxBytes;
  }

  get(
    planId: string,
    revision: number,
    variant: string,
    render: () => Promise<Rendered> | Rendered,
  ): Promise<Rendered> {
    const key = `${planId}\u0000${revision}\u0000${variant}`;
    const hit = this.#entries.get(key);
    if (hit) {
      // Map order is recency order: move to the end.
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit.value;
    }
    this.#dropOlder(planId, revision);
    const value = Promise.resolve().then(render);
    const entry: Entry = { planId, revision, value };
    this.#entries.set(key, entry);
    value.then(
      (r) => {
        if (this.#entries.get(key) !== entry) return;
        this.#sizes.set(key, r.body.length);
        this.#bytes += r.body.length;
        this.#evict();
      },
      () => {
        // A failed rendering is not cached: the next read tries again.
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
      },
    );
    return value;
  }

  /** Forgets every entry of a plan (e.g. when it is deleted or replaced). */
  forget(planId: string): void {
    for (const [key, e] of this.#entries) if (e.planId === planId) this.#remove(key);
  }

  get size(): number {
    return this.#entries.size;
  }

  #dropOlder(planId: string, revision: number) {
    for (const [key, e] of this.#entries) {
      if (e.planId === planId && e.revision < revision) this.#remove(key);
    }
  }

  #remove(key: string) {
    this.#entries.delete(key);
    this.#bytes -= this.#sizes.get(key) ?? 0;
    this.#sizes.delete(key);
  }

  #evict() {
    for (const key of this.#entries.keys()) {
      if (this.#bytes <= this.#maxBytes || this.#entries.size <= 1) break;
      this.#remove(key);
    }
  }
}

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
