import type { FastifyReply, FastifyRequest } from "fastify";
import { LRUCache } from "lru-cache";
import type { Deps } from "../../app/deps.ts";
import { findReadablePlan, type ReadablePlan } from "../../app/find-readable-plan.ts";
import { planDocumentJson } from "../../app/get-plan-document.ts";
import type { Language, PlanDocument } from "../../core/plan.ts";
import { bodyFor, identityBytes } from "../../edge/content-encoding.ts";
import type { Rendered } from "../../edge/render-cache.ts";
import { notFound } from "../errors.ts";
import { answerNotModified, approvedEtag, editionEtag, planEtag } from "../etag.ts";
import { JSON_TYPE, sendJson } from "../reply.ts";
import { depsFor, type RouteContext } from "./context.ts";

type Key = {
  network: string;
  year: number;
  lang?: Language | undefined;
  edition?: number | undefined;
};

const memoKey = (key: Key) =>
  `${key.network}\u0000${key.year}\u0000${key.lang ?? ""}\u0000${key.edition ?? ""}`;

/** Whether and how the caller may read a plan. */
export function readHead(ctx: RouteContext, deps: Deps, key: Key): Promise<ReadablePlan> {
  const find = () => findReadablePlan(deps, key);
  if (deps.actor !== null) return find();
  return ctx.publicHeads.get(memoKey(key), find);
}

/**
 * Offers an anonymous reader's answer to the early answers (src/edge/public-answers.ts):
 * it stands while the memo's look-up still names the same content (a write through this
 * app forgets it at once; another instance's is seen within publicFreshnessMs and one
 * look-up, made in the background) and the render cache holds its bytes.
 */
export function offerPublic(
  ctx: RouteContext,
  request: FastifyRequest,
  deps: Deps,
  key: Key,
  head: ReadablePlan,
  variant: string,
): void {
  if (deps.actor !== null) return;
  const k = memoKey(key);
  const find = () => findReadablePlan({ db: ctx.db, actor: null }, key);
  const bytes = ctx.cache.peeker(head.contentVersion, variant);
  ctx.answers.offer(request, {
    fresh: () => {
      const now = ctx.publicHeads.peek(k, find);
      return now?.contentVersion === head.contentVersion && now.lang === head.lang;
    },
    body: bytes,
  });
}

/**
 * The ETag of what a reader sees of a plan: an edition's identity (never accepted as
 * If-Match), the approved plan's frozen version before any, or the working copy's revision,
 * marked when redacted.
 */
export const etagOf = (head: ReadablePlan) =>
  head.edition
    ? editionEtag(head.edition.id, head.edition.number)
    : head.approved
      ? approvedEtag(head.plan.id, head.approved.number)
      : planEtag(head.plan.id, head.plan.revision, head.view === "plan");

/** A rendering of a plan at its current revision, from the cache (rendered on a miss). */
export function rendered(
  ctx: RouteContext,
  head: ReadablePlan,
  variant: string,
  render: () => Promise<{ body: string | Uint8Array; contentType: string }>,
): Promise<Rendered> {
  return ctx.cache.get(head.contentVersion, variant, async () => {
    const { body, contentType } = await render();
    return { body: Buffer.from(body), contentType };
  });
}

/** The render cache's variant of the plan document's JSON bytes. */
export const documentVariant = (head: ReadablePlan) => `doc:${head.lang}`;

/** The plan document's JSON bytes as this reader may see them (cached per revision). */
export function documentBytes(
  ctx: RouteContext,
  deps: Deps,
  head: ReadablePlan,
  key: Key,
): Promise<Rendered> {
  return ctx.cache.get(head.contentVersion, documentVariant(head), async () => {
    // A frozen view's stored text is its answer (no parse, no second look-up of the plan);
    // an edition's, as stored gzip-compressed beside it (not compressed again).
    const out = await planDocumentJson(deps, head, key);
    return "gzip" in out
      ? { body: out.gzip, contentType: JSON_TYPE, encoding: "gzip" as const }
      : { body: Buffer.from(out.json), contentType: JSON_TYPE };
  });
}

/**
 * The last few plan documents parsed, by the cached bytes they were parsed from (one
 * version, one language, one view): the pages of a big plan's lists and its parts parse it
 * once, not once a request. A few only, so the parsed copies stay bounded beside the byte-
 * bounded render cache. Callers read them and never change them.
 */
const PARSED = new LRUCache<Buffer, PlanDocument>({ max: 4 });

/** The plan document as this reader may see it (read-only), with what its ETag is made of. */
export async function readDocument(
  ctx: RouteContext,
  deps: Deps,
  key: Key,
): Promise<{ head: ReadablePlan; document: PlanDocument }> {
  const head = await readHead(ctx, deps, key);
  const bytes = await documentBytes(ctx, deps, head, key);
  let document = PARSED.get(bytes.body);
  if (!document) {
    document = JSON.parse(identityBytes(bytes).toString("utf8")) as PlanDocument;
    PARSED.set(bytes.body, document);
  }
  return { head, document };
}

/** Sends bytes rendered from a plan with the plan's ETag (304 when the client has them). */
export async function sendRendered(
  request: FastifyRequest,
  reply: FastifyReply,
  head: ReadablePlan,
  get: () => Promise<Rendered>,
) {
  reply.header("vary", "authorization, cookie, accept-encoding");
  reply.header("content-language", head.lang);
  if (answerNotModified(request, reply, etagOf(head))) return reply;
  const out = await get();
  return reply.type(out.contentType).send(bodyFor(reply, request.headers["accept-encoding"], out));
}

/** A GET inside a plan: `/networks/:net/plans/:year/...?lang=`. */
type PlanPartRequest = FastifyRequest & {
  params: { net: string; year: number };
  query: { lang?: Language | undefined };
};

/**
 * Answers a GET of a part of the plan document as this reader may see it, with the
 * plan's ETag: what `pick` takes from the document, or a 404 for `missing` when it
 * finds nothing.
 */
export async function sendDocumentPart(
  ctx: RouteContext,
  request: PlanPartRequest,
  reply: FastifyReply,
  pick: (document: PlanDocument) => unknown,
  missing = "it",
) {
  const deps = await depsFor(ctx, request);
  const { net, year } = request.params;
  const { head, document } = await readDocument(ctx, deps, {
    network: net,
    year,
    lang: request.query.lang,
  });
  const part = pick(document);
  if (part === undefined) throw notFound(missing);
  return sendJson(request, reply, part, { etag: etagOf(head) });
}
