/**
 * The one cache of rendered things (plan documents, reports, exports, downloads, dashboard
 * charts): least recently used out, bounded by the bytes it holds (lru-cache). Keys are the
 * opaque version a use case returns for what the reader sees (e.g. ReadablePlan.contentVersion),
 * the variant (format, language) and the build id, so a deploy never answers with what an
 * older build rendered. Concurrent misses of one key share one rendering; a failed
 * rendering is not kept. The server's one cache keeps text bodies gzip-compressed
 * (src/edge/content-encoding.ts): its bytes are what it holds, compressed.
 */
import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import { compressed, type Encoded } from "./content-encoding.ts";

/**
 * A rendered representation, ready to send (a download also keeps its file name): its
 * body gzip-compressed when `encoding` says so (send it with bodyFor, read it with
 * identityBytes).
 */
export type Rendered = Encoded & { contentType: string; fileName?: string };

/**
 * The compressed bytes the one cache of a server may hold (rendered pages, documents,
 * downloads): some 2,000-3,000 pages, 60-100 MB of them as rendered (HTML and JSON shrink
 * 3-9 times). A proxy in front keeps more (docs/DEPLOY.md).
 */
export const RENDER_CACHE_BYTES = 16 * 1024 * 1024;

/** The one cache of a server, shared by the API and the portal: bodies kept compressed. */
export function createRenderCache(config: { buildId: string }): RenderCache {
  return new RenderCache({ maxBytes: RENDER_CACHE_BYTES, buildId: config.buildId, compress: true });
}

type Render<V> = () => Promise<V> | V;

/** An LRU of rendered values bounded by their total size (`sizeOf`, in bytes). */
export class RenderCache<V extends object = Rendered> {
  readonly #lru: LRUCache<string, V, Render<V>>;
  readonly #buildId: string;
  /** Look-ups answered from the cache, and those that rendered (for /metrics). */
  readonly stats = { hits: 0, misses: 0 };

  /**
   * `compress`: the values are Rendered, and their text bodies are kept gzip-compressed
   * (compressed once, as they come in).
   */
  constructor(init: {
    maxBytes: number;
    buildId: string;
    sizeOf?: (value: V) => number;
    compress?: boolean;
  }) {
    const sizeOf = init.sizeOf ?? ((v: V) => (v as unknown as Rendered).body.length);
    const compress = init.compress === true;
    this.#buildId = init.buildId;
    this.#lru = new LRUCache<string, V, Render<V>>({
      maxSize: init.maxBytes,
      // A few bytes for the key and bookkeeping, so empty bodies still count.
      sizeCalculation: (v, k) => Math.max(1, sizeOf(v) + k.length),
      fetchMethod: async (_key, _stale, { context }) => {
        const value = await context();
        return compress
          ? ((await compressed(value as unknown as Rendered)) as unknown as V)
          : value;
      },
    });
  }

  /** The value of (version, variant), rendered by `render` on a miss. */
  async get(version: string, variant: string, render: Render<V>): Promise<V> {
    const key = `${this.#buildId}\u0000${version}\u0000${variant}`;
    const status: LRUCache.Status<string, V, Render<V>> = {};
    const value = await this.#lru.fetch(key, { context: render, status });
    if (status.fetch === "hit" || status.fetch === "inflight") this.stats.hits++;
    else this.stats.misses++;
    if (value === undefined) throw new Error("rendering gave nothing");
    return value;
  }

  /**
   * A look-up of (version, variant) without rendering: the value if the cache holds it now
   * (a hit, and recently used), undefined otherwise, also while it is being rendered. The
   * key is made once, here: a look-up is then a map's.
   */
  peeker(version: string, variant: string): () => V | undefined {
    const key = `${this.#buildId}\u0000${version}\u0000${variant}`;
    return () => {
      const value = this.#lru.get(key);
      if (value !== undefined) this.stats.hits++;
      return value;
    };
  }

  /** The value drawn from `input` (keyed by a hash of its JSON: content, not revision). */
  byContent(input: unknown, render: Render<V>): Promise<V> {
    const hash = createHash("sha256").update(JSON.stringify(input)).digest("base64url");
    return this.get(hash, "", render);
  }

  get size(): number {
    return this.#lru.size;
  }

  get bytes(): number {
    return this.#lru.calculatedSize;
  }
}

/**
 * A size for values that are not bytes (charts): the length of their JSON, two bytes a
 * character (V8 keeps a string holding any character beyond Latin-1, as an SVG's dashes,
 * in two bytes a character).
 */
export const jsonSize = (value: unknown): number => 2 * JSON.stringify(value).length;
