/**
 * Anonymous pages are public documents, so any proxy may keep them: no cookie, a URL that
 * names its language (a URL without one redirects, uncached, to the negotiated one), public
 * Cache-Control and an ETag from (public identity, language, page, day, build id), 304 on
 * revalidation. The rendered page is kept in the one render cache under the same key, so a
 * hit reads no plan: one memoized identity look-up serves it. Signed-in pages are rendered
 * afresh and stay private (the app marks them private, no-store).
 */
import { createHash } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { ReadablePlan } from "../app/find-readable-plan.ts";
import type { PublicIdentity } from "../app/public-identity.ts";
import { keepEditionPage, keptEditionPage, type PageKey } from "../app/public-pages.ts";
import { isoDay } from "../core/progress.ts";
import { PUBLIC_PAGE } from "../edge/cache-control.ts";
import { bodyFor, compressed } from "../edge/content-encoding.ts";
import type { Offer } from "../edge/public-answers.ts";
import type { Rendered } from "../edge/render-cache.ts";
import { type PublicScope, sendPage, type WebContext } from "./context.ts";
import { isLanguage, negotiate, withLang } from "./i18n.ts";

const HTML = "text/html; charset=utf-8";
const DAY_MS = 86_400_000;

/**
 * At most this many public pages render at once: a change makes every page of a plan miss
 * together, and a dashboard's charts allocate tens of MB while drawn; queued, the heap's
 * high-water mark (and so the resident memory) stays bounded. Hits never wait.
 */
const RENDERS_AT_ONCE = 2;
let rendering = 0;
const waiting: (() => void)[] = [];

async function oneOfFew<T>(work: () => Promise<T>): Promise<T> {
  if (rendering >= RENDERS_AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  rendering++;
  try {
    return await work();
  } finally {
    rendering--;
    waiting.shift()?.();
  }
}

/**
 * A route's page: its HTML for this request (pageCtx gives its language). For an anonymous
 * reader, `identity` is the public identity the page is drawn and kept under: what it read
 * (the plan's view, the network's plans) is the page's to draw from, not to read again.
 */
export type RenderPage = (
  request: FastifyRequest,
  reply: FastifyReply,
  identity?: PublicIdentity,
) => Promise<string>;

/** Weak comparison of If-None-Match against the page's tag. */
function revalidated(request: FastifyRequest, etag: string): boolean {
  const header = request.headers["if-none-match"];
  if (!header) return false;
  const want = etag.replace(/^W\//, "");
  return header.split(",").some((t) => {
    const tag = t.trim();
    return tag === "*" || tag.replace(/^W\//, "") === want;
  });
}

/**
 * A portal page handler: anonymous readers get the public document (cached, see above);
 * signed-in ones get `render` afresh. `scope` names what the page is drawn from. `kept`
 * names a page of a plan that does not move with the day (the plan page): a published
 * edition's is kept rendered in the database (app/public-pages.ts), so a render-cache miss
 * reads it rather than rendering it, on this server and every other.
 */
export function portalPage(
  web: WebContext,
  scope: (request: FastifyRequest) => PublicScope,
  render: RenderPage,
  kept?: string,
) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if ((await web.viewer(request)) !== null) return sendPage(reply, await render(request, reply));
    return publicPage(web, request, reply, scope(request), render, kept);
  };
}

async function publicPage(
  web: WebContext,
  request: FastifyRequest,
  reply: FastifyReply,
  scope: PublicScope,
  render: RenderPage,
  kept: string | undefined,
) {
  const known = await web.publicIdentity(scope);
  const { identity, defaultLanguage, head } = known;
  const path = request.url.split("?")[0] ?? "/";
  const asked = (request.query as { lang?: unknown } | undefined)?.lang;
  if (!isLanguage(asked)) {
    const lang = negotiate(request.headers["accept-language"]) ?? defaultLanguage;
    return reply
      .header("cache-control", "no-store")
      .header("vary", "Accept-Language, Cookie")
      .redirect(withLang(request.url, lang), 302);
  }
  // The day is part of the key: pages say what is upcoming, due or overdue as of today.
  const day = isoDay(web.clock());
  const variant = `page\u0000${path}\u0000${asked}\u0000${day}`;
  const etag = `W/"p${createHash("sha1")
    .update(`${web.config.buildId}\u0000${identity}\u0000${variant}`)
    .digest("base64url")
    .slice(0, 22)}"`;
  // A client holding this tag saw this very page (same identity, language, page and day).
  if (revalidated(request, etag)) return publicHeaders(reply, etag, asked).code(304).send();
  const page = await web.cache.get(identity, variant, async () => {
    // Made on a miss only: a hit needs no key.
    const want: PageKey | null =
      kept && head?.edition
        ? { page: kept, lang: asked, buildId: web.config.buildId, key: keyOf(web, identity, path) }
        : null;
    const stored = want && head ? await keptEditionPage(web, head, want) : null;
    if (stored) return { body: stored, encoding: "gzip", contentType: HTML };
    const made = await oneOfFew(async () =>
      compressed({ body: Buffer.from(await render(request, reply, known)), contentType: HTML }),
    );
    if (want && head) await keep(web, head, want, made, request);
    return made;
  });
  web.answers.offer(request, pageOffer(web, scope, identity, variant, day));
  // Set only now: an error page (a 404, a redirect to sign in) is no public document.
  publicHeaders(reply, etag, asked).code(200).type(HTML);
  return reply.send(bodyFor(reply, request.headers["accept-encoding"], page));
}

/**
 * What a kept page was rendered under, besides the build: what its readers see (the public
 * identity: the edition, the network's name), its path (the network's slug, the year), its
 * language (in `PageKey`) and the address its links are made from.
 */
const keyOf = (web: WebContext, identity: string, path: string): string =>
  createHash("sha1")
    .update(`${identity}\u0000${path}\u0000${web.config.publicUrl}`)
    .digest("base64url");

/** Keeps a page just rendered for the edition; a failure to keep it costs the next a render. */
async function keep(
  web: WebContext,
  head: ReadablePlan,
  want: PageKey,
  made: Rendered,
  request: FastifyRequest,
): Promise<void> {
  if (made.encoding !== "gzip") return;
  try {
    await keepEditionPage(web, head, want, made.body);
  } catch (e) {
    request.log.warn({ err: String(e), page: want.page }, "a rendered page was not kept");
  }
}

/**
 * The next request of a page's URL is answered before routing while this one stands: the
 * memo still holds this identity (see context.ts), on the same day, and the render cache
 * the bytes. Made apart from the handler, so that the entry (kept for thousands of URLs)
 * holds what it needs and never the request and reply (their closures would share one
 * context with the handler's).
 */
function pageOffer(
  web: WebContext,
  scope: PublicScope,
  identity: string,
  variant: string,
  day: string,
): Offer {
  const known = web.knownIdentity(scope);
  const from = Date.parse(`${day}T00:00:00Z`);
  return {
    fresh: () => {
      const now = web.clock().getTime();
      return now >= from && now < from + DAY_MS && known()?.identity === identity;
    },
    body: web.cache.peeker(identity, variant),
  };
}

function publicHeaders(reply: FastifyReply, etag: string, lang: string): FastifyReply {
  return reply
    .header("cache-control", PUBLIC_PAGE)
    .header("vary", "Cookie, Accept-Encoding")
    .header("etag", etag)
    .header("content-language", lang);
}
