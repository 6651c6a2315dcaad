/** What the editor's route files share: the request's start, form helpers, redirects. */
import type { FastifyReply, FastifyRequest } from "fastify";
import { getPlanDocument } from "../../app/get-plan-document.ts";
import { AppError, isAppError } from "../../core/errors.ts";
import type { Language, Timing } from "../../core/plan.ts";
import { timingOfDate, timingOfMonth } from "../../core/timing.ts";
import { sendPage, type WebContext } from "../context.ts";
import { href, type PageCtx } from "../layout.ts";
import { type ConflictRow, conflictPage } from "../pages/editor.pages.ts";
import { yearOf } from "./plan-scope.ts";

export type P = { net: string; year: string; code: string };
export type Body = Record<string, string | undefined>;

export const str = (b: Body, k: string) => String(b[k] ?? "").trim();
const HTTP = /^https?:\/\/\S+$/i;

async function signedIn(web: WebContext, request: FastifyRequest) {
  const viewer = await web.viewer(request);
  if (!viewer) throw new AppError("unauthenticated", "sign in first");
  return viewer;
}

export async function start(
  web: WebContext,
  request: FastifyRequest,
  reply: FastifyReply,
  post: boolean,
) {
  await signedIn(web, request);
  if (post) await web.checkForm(request);
  const p = request.params as P;
  const year = yearOf(p.year);
  const deps = await web.deps(request);
  const res = await getPlanDocument(deps, { network: p.net, year });
  const ctx = await web.pageCtx(request, reply, res.document.network, res.plan.language);
  const base = `/${p.net}/${year}`;
  return { p, year, deps, ctx, plan: res.plan, base, body: (request.body ?? {}) as Body };
}

export function saved(reply: FastifyReply, ctx: PageCtx, path: string) {
  return reply.redirect(href(ctx, `${path}${path.includes("?") ? "&" : "?"}saved=1`), 303);
}

export const isStale = (e: unknown) => isAppError(e) && e.code === "precondition_failed";

/**
 * Runs an editor's write, then goes back to `path` (saved=1). When someone else changed the
 * item first (a stale version), nothing is saved and the "changed by someone else" page shows
 * their values beside the submitted ones (409): never a silent overwrite.
 */
export async function saveOrConflict(
  reply: FastifyReply,
  ctx: PageCtx,
  path: string,
  write: () => Promise<unknown>,
  compare: () => Promise<ConflictRow[]>,
) {
  try {
    await write();
  } catch (err) {
    if (!isStale(err)) throw err;
    return sendPage(reply, conflictPage(ctx, await compare(), path), 409);
  }
  return saved(reply, ctx, path);
}

/** Occurrence or annex time from a date or month field: one is needed. */
export function whenOf(b: Body, year: number, lang: Language, t: PageCtx["t"]): Timing | string {
  const date = str(b, "date");
  const month = str(b, "month");
  try {
    if (date) return timingOfDate(date, lang);
    const m = /^(\d{4})-(\d{2})$/.exec(month);
    if (m) return timingOfMonth(Number(m[1]), Number(m[2]), lang);
    if (/^\d{1,2}$/.test(month)) return timingOfMonth(year, Number(month), lang);
  } catch {
    return t.dateInvalid;
  }
  return t.dateInvalid;
}

/** The evidence of a form: none, or an http(s) link with its label. */
export function evidenceOf(
  b: Body,
  t: PageCtx["t"],
): { url: string; label: string | null } | null | string {
  const url = str(b, "url");
  if (!url) return null;
  if (!HTTP.test(url)) return t.urlInvalid;
  return { url, label: str(b, "label") || null };
}

export type Started = Awaited<ReturnType<typeof start>>;
