/**
 * Rendered bodies are kept gzip-compressed (`encoding: "gzip"`): compressed once, when the
 * render cache takes them, and sent as they are kept to the clients that accept gzip
 * (browsers and proxies do); the rare client that does not gets them decompressed. HTML and
 * JSON shrink 3 to 9 times, so the cache holds as many pages in a fraction of the memory.
 * Every response that may be either says `Vary: Accept-Encoding`; its ETag is weak (the
 * same content, two encodings), so either copy revalidates the other.
 */
import { promisify } from "node:util";
import { gunzipSync, gzip } from "node:zlib";

/** Bytes as kept: gzip-compressed when `encoding` says so, else as they are. */
export type Encoded = { body: Buffer; encoding?: "gzip" | undefined };

/** Bodies below this size are kept as they are (compressing saves little). */
const MIN_BYTES = 1024;

const TEXTUAL = /^(text\/|application\/(json|xml|javascript)|image\/svg\+xml|[^;]*\+(json|xml))/i;

/** Whether a body of this type is worth compressing (text; not zip-based files, PDFs, images). */
export const compressible = (contentType: string): boolean => TEXTUAL.test(contentType);

const gzipAsync = promisify(gzip);

/** `value` with its body gzip-compressed when worth it (on the thread pool, not the loop). */
export async function compressed<V extends Encoded & { contentType: string }>(
  value: V,
): Promise<V & Encoded> {
  if (value.encoding || value.body.length < MIN_BYTES || !compressible(value.contentType)) {
    return value;
  }
  const gz = await gzipAsync(value.body);
  // zlib's output is a view of a chunk of 16-64 KB: kept as it is, each body would hold its
  // whole chunk (10x its size). A copy of its own, exactly its size.
  const body = Buffer.allocUnsafeSlow(gz.length);
  gz.copy(body);
  return { ...value, body, encoding: "gzip" };
}

/** The bytes themselves (decompressed when kept compressed). */
export const identityBytes = (value: Encoded): Buffer =>
  value.encoding === "gzip" ? gunzipSync(value.body) : value.body;

/**
 * Whether an Accept-Encoding header accepts gzip (RFC 9110 §12.5.3: `gzip`, `x-gzip` or `*`
 * with a q-value above 0; no header means no encoding).
 */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  if (header === undefined) return false;
  // Clients send a few headers, the same each time: the last one's answer is kept.
  if (header === last.header) return last.accepts;
  const accepts = parseAcceptsGzip(header);
  if (typeof header === "string") {
    last.header = header;
    last.accepts = accepts;
  }
  return accepts;
}

const last = { header: "", accepts: false };

function parseAcceptsGzip(header: string | string[]): boolean {
  const text = (Array.isArray(header) ? header.join(",") : header).toLowerCase();
  if (!text.includes("gzip") && !text.includes("*")) return false;
  let gzipQ: number | undefined;
  let anyQ: number | undefined;
  for (const part of text.split(",")) {
    const [name = "", ...params] = part.split(";");
    const token = name.trim();
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p);
      if (m) q = Number(m[1]);
    }
    if (token === "gzip" || token === "x-gzip") gzipQ = Math.max(gzipQ ?? 0, q);
    else if (token === "*") anyQ = q;
  }
  return (gzipQ ?? anyQ ?? 0) > 0;
}

/** What a reply needs: Fastify's reply has these two. */
type HeaderSetter = { header(name: string, value: string): unknown };

/**
 * The bytes to send `value` to a client whose Accept-Encoding is `accept`, setting
 * Content-Encoding on `reply` when they go out compressed. The caller names
 * Accept-Encoding in Vary (on its 304s too).
 */
export function bodyFor(
  reply: HeaderSetter,
  accept: string | string[] | undefined,
  value: Encoded,
): Buffer {
  if (value.encoding !== "gzip") return value.body;
  if (acceptsGzip(accept)) {
    reply.header("content-encoding", "gzip");
    return value.body;
  }
  return gunzipSync(value.body);
}
