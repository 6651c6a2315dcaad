/** Accounts people manage themselves: ask for a password reset, follow an e-mailed link. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  completeAccountLink,
  findAccountLink,
  requestPasswordReset,
  sendInvitation,
} from "../../app/account-links.ts";
import { isAppError } from "../../core/errors.ts";
import type { Language } from "../../core/plan.ts";
import { sendPage, type WebContext } from "../context.ts";
import { html } from "../html.ts";
import { href, type PageCtx, page } from "../layout.ts";
import { errorSummary, type FieldErrors, field, form, passwordError } from "../pages/forms.ts";
import { errorPage } from "../pages/portal.pages.ts";

function resetPage(ctx: PageCtx, sent: boolean, errors?: FieldErrors): string {
  const body = sent
    ? html`<h1>${ctx.t.resetTitle}</h1><p class="lead" role="status">${ctx.t.resetSent}</p>`
    : html`<h1>${ctx.t.resetTitle}</h1><p class="lead">${ctx.t.resetIntro}</p>${errorSummary(ctx, errors)}
<div class="card">${form(
        ctx,
        "/account/reset",
        field({
          name: "email",
          label: ctx.t.email,
          type: "email",
          required: true,
          autocomplete: "username",
          ...(errors ? { errors } : {}),
        }),
        ctx.t.sendLink,
      )}</div>`;
  return page(ctx, { title: ctx.t.resetTitle, body, noindex: true });
}

function passwordPage(ctx: PageCtx, secret: string, email: string, errors?: FieldErrors): string {
  const body = html`<h1>${ctx.t.setPasswordTitle}</h1><p class="lead">${ctx.t.setPasswordIntro}</p>
${errorSummary(ctx, errors)}
<div class="card">${form(
    ctx,
    `/account/password/${secret}`,
    html`<input type="hidden" name="email" value="${email}" autocomplete="username">
${field({ name: "password", label: ctx.t.newPassword, type: "password", required: true, autocomplete: "new-password", ...(errors ? { errors } : {}) })}`,
    ctx.t.savePassword,
  )}</div>`;
  return page(ctx, { title: ctx.t.setPasswordTitle, body, noindex: true });
}

const gone = (ctx: PageCtx, reply: FastifyReply) =>
  sendPage(reply, errorPage(ctx, ctx.t.linkGone, ctx.t.linkGoneText), 404);

/** The mail dependencies of the account use cases, for this request. */
async function mailDeps(web: WebContext, request: FastifyRequest) {
  return {
    ...(await web.deps(request)),
    mailer: web.mailer,
    publicUrl: web.config.publicUrl,
  };
}

/** Mails `user` an invitation to choose their password, in `language`. */
export async function inviteUser(
  web: WebContext,
  request: FastifyRequest,
  user: { id: string },
  language: Language,
): Promise<void> {
  await sendInvitation(await mailDeps(web, request), { userId: user.id, language });
}

export async function accountRoutes(app: FastifyInstance, web: WebContext): Promise<void> {
  app.get("/account/reset", async (request, reply) => {
    const ctx = await web.pageCtx(request, reply);
    return sendPage(reply, resetPage(ctx, false));
  });

  app.post<{ Body: Record<string, string | undefined> }>(
    "/account/reset",
    async (request, reply) => {
      const ctx = await web.pageCtx(request, reply);
      await web.checkForm(request);
      const email = String(request.body?.email ?? "").trim();
      if (!email) return sendPage(reply, resetPage(ctx, false, { email: ctx.t.required }), 400);
      await requestPasswordReset(await mailDeps(web, request), { email, language: ctx.lang });
      // The same answer whether or not the address has an account.
      return sendPage(reply, resetPage(ctx, true));
    },
  );

  app.get<{ Params: { secret: string } }>("/account/password/:secret", async (request, reply) => {
    const ctx = await web.pageCtx(request, reply);
    reply.header("referrer-policy", "no-referrer");
    const link = await findAccountLink(web, request.params.secret);
    if (!link) return gone(ctx, reply);
    return sendPage(reply, passwordPage(ctx, request.params.secret, link.user.email));
  });

  app.post<{ Params: { secret: string }; Body: Record<string, string | undefined> }>(
    "/account/password/:secret",
    async (request, reply) => {
      const ctx = await web.pageCtx(request, reply);
      reply.header("referrer-policy", "no-referrer");
      await web.checkForm(request);
      const { secret } = request.params;
      const link = await findAccountLink(web, secret);
      if (!link) return gone(ctx, reply);
      const password = String(request.body?.password ?? "");
      const bad = passwordError(ctx, password);
      if (bad) {
        return sendPage(reply, passwordPage(ctx, secret, link.user.email, { password: bad }), 400);
      }
      try {
        await completeAccountLink({ ...web, log: request.log }, { secret, password });
      } catch (e) {
        if (isAppError(e) && e.code === "not_found") return gone(ctx, reply);
        throw e;
      }
      return reply.redirect(href(ctx, "/signin?set=1"), 303);
    },
  );
}
