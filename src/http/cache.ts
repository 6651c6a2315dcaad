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
