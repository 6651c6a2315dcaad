/**
 * Public answers served before the framework sees the request: a cache hit of an anonymous
 * public document (a portal page, the API's plan document) costs what a bare node:http
 * server costs, a map look-up and one write.
 *
 * A route that sent a public document *offers* it (`offer`): how to tell it still stands
 * (`fresh`: the public identity it was made under is still the one the identity memo holds,
 * and its day is today) and where its bytes are (`body`: the render cache, which stays the
 * one byte-bounded holder of bodies; an entry here holds a key, never the bytes). When the
 * response has gone out, `capture` keeps its status line and headers exactly as sent, if it
 * was a 200 with a public Cache-Control and no cookie. The next GET of the very same URL by
 * a reader with no credentials (no Authorization, no session cookie) is answered by
 * `answer` from the server's request listener: the same headers, a new request id, the same
 * bytes (a body kept compressed goes out compressed to a client accepting gzip, and
 * decompressed to one that does not, as the route sends it), or a 304 for a matching
 * If-None-Match. Anything else (an unknown URL, HEAD,
 * credentials, a stale entry, a body the cache let go) falls through to the framework,
 * whose answer offers the entry anew.
 *
 * What a hit skips: routing, hooks (cookies, the input guard, the latency histogram: hits
 * are counted in `stats` instead, reported in /metrics), the identity look-up and the
 * ETag's hash. What it keeps: the freshness rules of the routes (a write through this
 * instance forgets the identity memos at once; another instance's write is seen when the
 * memo expires, `publicFreshnessMs`, 1 s by default), the headers, and 503 while draining
 * (`close()`: the framework answers then).
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { gunzipSync } from "node:zlib";
import { acceptsGzip, type Encoded } from "./content-encoding.ts";
import { SESSION_COOKIE } from "./session-cookie.ts";

/** What a route offers after sending a public document. */
export type Offer = {
  /** Whether the answer still stands (cheap, synchronous: a memo peek, a day). */
  fresh: () => boolean;
  /**
   * The body as kept, while the render cache holds it: when compressed, the route sent it
   * as `bodyFor` does (compressed to clients accepting gzip, with Vary: Accept-Encoding).
   */
  body: () => Encoded | undefined;
};

type Entry = Offer & {
  length: number;
  etag: string | null;
  /**
   * Flat [name, value, ...] of the 200, its length and then the request id's value last
   * (both set per answer); `gzip` the same with Content-Encoding: gzip (when kept so).
   */
  ok: string[];
  gzip: string[] | null;
  /** The same for a 304 (no content headers). */
  notModified: string[];
};

/** Headers never replayed: the request's own id (made anew), and what Node.js adds. */
const PER_RESPONSE = new Set(["x-request-id", "date", "connection", "keep-alive"]);
const CONTENT = new Set(["content-type", "content-length", "content-encoding"]);
const SESSION = `${SESSION_COOKIE}=`;

/**
 * Request ids of early answers: UUID-shaped, this process's random prefix and a count
 * (unique per process, and a tenth of randomUUID's cost; no log line names them).
 */
const ID_PREFIX = randomUUID().slice(0, 24);
let answered = 0;
const nextId = () => ID_PREFIX + (answered++ % 0x1000000000000).toString(16).padStart(12, "0");

export class PublicAnswers {
  readonly #entries = new Map<string, Entry>();
  readonly #offers = new WeakMap<object, Offer>();
  readonly #max: number;
  #closed = false;
  /** Requests answered here, and entries found stale or without a body (for /metrics). */
  readonly stats = { hits: 0, misses: 0 };

  /**
   * At most `max` URLs are kept (the oldest offered goes first): an entry is small (its
   * headers, ~1 KB), not nothing; the render cache holds about as many bodies.
   */
  constructor(max = 2500) {
    this.#max = max;
  }

  /** A route sent a public document for `request`: keep it if it goes out as one. */
  offer(request: object, offer: Offer): void {
    this.#offers.set(request, offer);
  }

  /**
   * The response to `request` has gone out: keep it when it was offered and is a public
   * 200 without a cookie. `url` is the request's URL as the client sent it, `headers`
   * those sent (lower-case names).
   */
  capture(
    request: object,
    sent: {
      url: string;
      method: string;
      status: number;
      headers: Record<string, string | number | string[] | undefined>;
    },
  ): void {
    const offer = this.#offers.get(request);
    const { url, headers } = sent;
    if (!offer || sent.method !== "GET" || sent.status !== 200) return;
    if (headers["set-cookie"] !== undefined) return;
    if (!String(headers["cache-control"] ?? "").startsWith("public")) return;
    const kept = offer.body();
    if (!kept) return;
    const gzip = kept.encoding === "gzip";
    if (gzip) {
      // Sent as bodyFor sends it: compressed or not, as the client asked.
      if (!/accept-encoding/i.test(String(headers.vary ?? ""))) return;
      const sent = headers["content-encoding"];
      if (sent !== undefined && sent !== "gzip") return;
      if (sent === "gzip" && Number(headers["content-length"]) !== kept.body.length) return;
    } else if (
      headers["content-encoding"] !== undefined ||
      Number(headers["content-length"]) !== kept.body.length
    ) {
      return;
    }
    const ok: string[] = [];
    const notModified: string[] = [];
    for (const [name, value] of Object.entries(headers)) {
      if (PER_RESPONSE.has(name) || value === undefined || Array.isArray(value)) continue;
      if (!CONTENT.has(name)) notModified.push(name, String(value));
      else if (name === "content-type") ok.push(name, String(value));
    }
    ok.push(...notModified);
    const compressed = gzip ? [...ok, "content-encoding", "gzip"] : null;
    for (const h of compressed ? [ok, compressed] : [ok])
      h.push("content-length", "", "x-request-id", "");
    notModified.push("x-request-id", "");
    if (this.#entries.size >= this.#max && !this.#entries.has(url)) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.delete(url);
    const etag = headers.etag === undefined ? null : String(headers.etag);
    this.#entries.set(url, {
      ...offer,
      length: kept.body.length,
      etag,
      ok,
      gzip: compressed,
      notModified,
    });
  }

  /** Answers `req` when it is a credential-less GET of a URL kept here; false otherwise. */
  answer(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== "GET" || this.#closed) return false;
    const url = req.url;
    const entry = url === undefined ? undefined : this.#entries.get(url);
    if (entry === undefined) return false;
    const h = req.headers;
    if (h.authorization !== undefined || h.cookie?.includes(SESSION)) return false;
    const kept = entry.fresh() ? entry.body() : undefined;
    if (kept === undefined || kept.body.length !== entry.length) {
      this.#entries.delete(url as string);
      this.stats.misses++;
      return false;
    }
    this.stats.hits++;
    const inm = h["if-none-match"];
    if (inm !== undefined && entry.etag !== null && revalidates(inm, entry.etag)) {
      const headers = entry.notModified;
      headers[headers.length - 1] = nextId();
      res.writeHead(304, headers);
      res.end();
      return true;
    }
    let headers = entry.ok;
    let body = kept.body;
    if (entry.gzip !== null) {
      if (acceptsGzip(h["accept-encoding"])) headers = entry.gzip;
      else body = gunzipSync(body);
    }
    // writeHead copies the headers at once: the shared arrays may be reused.
    headers[headers.length - 3] = String(body.length);
    headers[headers.length - 1] = nextId();
    res.writeHead(200, headers);
    res.end(body);
    return true;
  }

  /** The server is closing: answer nothing more here (the framework answers 503). */
  close(): void {
    this.#closed = true;
    this.#entries.clear();
  }

  /** Bodies are the render cache's: this holds none (for /metrics). */
  readonly bytes = 0;

  /** URLs kept. */
  get size(): number {
    return this.#entries.size;
  }
}

/** Weak comparison of If-None-Match with a tag (`*` matches). */
function revalidates(header: string, etag: string): boolean {
  const want = etag.startsWith("W/") ? etag.slice(2) : etag;
  for (const part of header.split(",")) {
    const tag = part.trim();
    if (tag === "*" || (tag.startsWith("W/") ? tag.slice(2) : tag) === want) return true;
  }
  return false;
}
