/**
 * Rendered dashboard charts, keyed by a hash of what they draw (and the language): Vega
 * takes ~100 ms a chart, and a plan's numbers change far less often than it is read. Keyed by
 * content rather than plan revision, so a chart can never show numbers of another state
 * (progress also moves with the day, which the content includes). Bounded, least recently
 * used out; concurrent misses share one rendering; failures are not kept.
 */
import { createHash } from "node:crypto";

export class ChartCache<T> {
  readonly #entries = new Map<string, Promise<T>>();
  readonly #max: number;
  constructor(max = 64) {
    this.#max = max;
  }

  get(input: unknown, render: () => Promise<T>): Promise<T> {
    const key = createHash("sha256").update(JSON.stringify(input)).digest("base64");
    const hit = this.#entries.get(key);
    if (hit) {
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit;
    }
    const value = render();
    this.#entries.set(key, value);
    value.catch(() => {
      if (this.#entries.get(key) === value) this.#entries.delete(key);
    });
    for (const k of this.#entries.keys()) {
      if (this.#entries.size <= this.#max) break;
      this.#entries.delete(k);
    }
    return value;
  }

  get size(): number {
    return this.#entries.size;
  }
}
