/** Sign in (e-mail + password, rate-limited per address and e-mail) and sign out. */
import type { FastifyInstance } from "fastify";
import { signIn, signOut } from "../../app/portal-session.ts";
import { isAppError } from "../../core/errors.ts";
import { clearSessionCookie, setSessionCookie } from "../../edge/session-cookie.ts";
import { RateLimitedError, signInGuard } from "../../http/auth.ts";
import { sendPage, type WebContext } from "../context.ts";
import { html } from "../html.ts";
import { href, type PageCtx, page } from "../layout.ts";
import { errorSummary, type FieldErrors, field, form } from "../pages/forms.ts";
import { errorPage } from "../pages/portal.pages.ts";

const PROBE_ORIGIN = "http://x";
// Browsers drop tabs and newlines from URLs and read "\\" as "/", so "/\t/evil" goes to
// //evil; and a control character in Location makes Node refuse the header (a 500).
const UNSAFE_CHAR = /[\p{Cc}\s\\]/u;

/**
 * Only same-origin paths: `next` must not send people to another site. Returns the path as
 * the URL parser reads it (percent-encoded, so always a valid header), or "/".
 */
export function safeNext(next: unknown): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.startsWith("//")) return "/";
  if (UNSAFE_CHAR.test(next)) return "/";
  let url: URL;
  try {
    url = new URL(next, PROBE_ORIGIN);
  } catch {
    return "/";
  }
  // "/a/..//evil" resolves to the path "//evil": refused too, whatever reads it next.
  if (url.origin !== PROBE_ORIGIN || !/^\/(?!\/)/.test(url.pathname)) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}

function signInPage(
  ctx: PageCtx,
  next: string,
  email: string,
  errors?: FieldErrors,
  opts: { reset?: boolean; set?: boolean } = {},
): string {
  const body = html`<h1>${ctx.t.signIn}</h1><p class="lead">${ctx.t.signInIntro}</p>
${opts.set ? html`<p role="status">${ctx.t.passwordSet}</p>` : ""}
${errors?._form ? html`<div class="errbox" role="alert"><p>${errors._form}</p></div>` : errorSummary(ctx, errors)}
<div class="card">${form(
    ctx,
    "/signin",
    html`<input type="hidden" name="next" value="${next}">
${field({ name: "email", label: ctx.t.email, type: "email", value: email, required: true, autocomplete: "username", ...(errors ? { errors } : {}) })}
${field({ name: "password", label: ctx.t.password, type: "password", required: true, autocomplete: "current-password", ...(errors ? { errors } : {}) })}`,
    ctx.t.signIn,
  )}${opts.reset ? html`<p><a href="${href(ctx, "/account/reset")}">${ctx.t.forgotPassword}</a></p>` : ""}</div>`;
  return page(ctx, { title: ctx.t.signIn, body, nav: "signin", noindex: true });
}

export async function authRoutes(app: FastifyInstance, web: WebContext): Promise<void> {
  // The API's limiter, in the database (one count for both edges and every instance): over
  // the limit even a right password waits, which is what stops guessing.
  const limit = signInGuard(web.signIns);

  const reset = web.mailer !== null;
  app.get<{ Querystring: { next?: string; set?: string } }>("/signin", async (request, reply) => {
    const ctx = await web.pageCtx(request, reply);
    const set = request.query.set === "1";
    return sendPage(
      reply,
      signInPage(ctx, safeNext(request.query.next), "", undefined, { reset, set }),
    );
  });

  app.post<{ Body: Record<string, string | undefined> }>("/signin", async (request, reply) => {
    const ctx = await web.pageCtx(request, reply);
    // Only failed attempts count: a check here, a count on a wrong password below.
    try {
      await limit.check(request);
    } catch (e) {
      if (!(e instanceof RateLimitedError)) throw e;
      reply.header("retry-after", String(e.retryAfterSeconds));
      return sendPage(reply, errorPage(ctx, ctx.t.tooManyAttempts, ctx.t.tooManyAttemptsText), 429);
    }
    await web.checkForm(request);
    const body = request.body ?? {};
    const email = String(body.email ?? "").trim();
    const password = String(body.password ?? "");
    const next = safeNext(body.next);
    const errors: FieldErrors = {};
    if (!email) errors.email = ctx.t.required;
    if (!password) errors.password = ctx.t.required;
    if (Object.keys(errors).length)
      return sendPage(reply, signInPage(ctx, next, email, errors, { reset }), 400);
    try {
      const deps = await web.deps(request);
      // A session cookie sent before signing in is dropped, never reused.
      const old = await web.viewer(request);
      const { sessionId } = await signIn({ ...deps, actor: null }, { email, password });
      if (old) await signOut(deps, old.sessionIdHash);
      await limit.succeed(request);
      setSessionCookie(request, reply, web.config.publicUrl, sessionId);
      return reply.redirect(href(ctx, next), 303);
    } catch (e) {
      if (isAppError(e) && e.code === "unauthenticated") {
        await limit.fail(request);
        return sendPage(
          reply,
          signInPage(ctx, next, email, { _form: ctx.t.badCredentials }, { reset }),
          401,
        );
      }
      throw e;
    }
  });

  app.post("/signout", async (request, reply) => {
    const ctx = await web.pageCtx(request, reply);
    await web.checkForm(request);
    const viewer = await web.viewer(request);
    if (viewer) await signOut({ db: web.db }, viewer.sessionIdHash);
    clearSessionCookie(request, reply, web.config.publicUrl);
    return reply.redirect(href(ctx, "/"), 303);
  });
}
