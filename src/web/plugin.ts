/**
 * The web portal and editor, as one Fastify plugin: buildApp({ plugins: [webPortal(...)] }).
 * Server-rendered HTML that works without JavaScript; every form carries a CSRF token;
 * errors become HTML pages here (the API keeps its problem documents).
 */
import cookie from "@fastify/cookie";
import formbody from "@fastify/formbody";
import type {
  FastifyError,
  FastifyInstance,
  FastifyPluginAsync,
  FastifyReply,
  FastifyRequest,
} from "fastify";
import { resolveSession } from "../app/portal-session.ts";
import type { Config } from "../config.ts";
import { isAppError } from "../core/errors.ts";
import type { Language } from "../core/plan.ts";
import type { Db } from "../db/create-db.ts";
import type { AppPluginOptions } from "../http/app.ts";
import { sendProblem, unavailableIfDbDown } from "../http/errors.ts";
import { pickLanguage } from "./i18n.ts";
import { CONTENT_SECURITY_POLICY, href, type PageCtx } from "./layout.ts";
import { messages } from "./messages/index.ts";
import { errorPage } from "./pages/portal.pages.ts";
import { adminRoutes } from "./routes/admin.routes.ts";
import { authRoutes } from "./routes/auth.routes.ts";
import { dashboardRoutes } from "./routes/dashboard.routes.ts";
import { downloadRoutes } from "./routes/download.routes.ts";
import { editorRoutes } from "./routes/editor.routes.ts";
import { publicRoutes } from "./routes/public.routes.ts";
import {
  ANON_CSRF_COOKIE,
  anonCsrf,
  checkCsrf,
  csrfToken,
  isSecure,
  SESSION_COOKIE,
  type Viewer,
} from "./session.ts";

export type WebOptions = {
  config: Config;
  db: Db;
  clock: () => Date;
  /** Failed sign-ins allowed per address and e-mail a minute (default 10). */
  signInLimit?: number;
};

/** What the route files of the portal are given. */
export type WebContext = WebOptions & {
  /** The viewer of a request (null: anonymous), looked up once. */
  viewer(request: FastifyRequest): Promise<Viewer | null>;
  /** The page context of a request (language, viewer, form token). */
  pageCtx(
    request: FastifyRequest,
    reply: FastifyReply,
    network?: PageCtx["network"],
    fallback?: Language,
  ): Promise<PageCtx>;
  /** Deps for a use case, with the viewer as actor. */
  deps(request: FastifyRequest): Promise<{
    db: Db;
    clock: () => Date;
    actor: Viewer["actor"] | null;
    log: FastifyRequest["log"];
  }>;
  /** Throws csrf unless the POSTed form's `_csrf` matches the viewer's token. */
  checkForm(request: FastifyRequest): Promise<void>;
  secure(request: FastifyRequest): boolean;
};

export class CsrfError extends Error {
  constructor() {
    super("CSRF token missing or wrong");
    this.name = "CsrfError";
  }
}

export function webPortal(options: WebOptions): FastifyPluginAsync<AppPluginOptions> {
  return async (app: FastifyInstance, appCtx: AppPluginOptions) => {
    if (!app.hasRequestDecorator("cookies")) await app.register(cookie);
    await app.register(formbody, { bodyLimit: 1024 * 1024 });

    const viewers = new WeakMap<FastifyRequest, Promise<Viewer | null>>();
    const web: WebContext = {
      ...options,
      viewer(request) {
        let p = viewers.get(request);
        if (!p) {
          const id = request.cookies[SESSION_COOKIE];
          p = id
            ? resolveSession({ db: options.db, clock: () => options.clock() }, id).then((s) =>
                s
                  ? {
                      user: {
                        id: s.user.id,
                        name: s.user.name,
                        email: s.user.email,
                        role: s.user.role,
                      },
                      actor: s.actor,
                      sessionIdHash: s.idHash,
                      csrfSecret: s.csrfSecret,
                    }
                  : null,
              )
            : Promise.resolve(null);
          viewers.set(request, p);
        }
        return p;
      },
      async pageCtx(request, reply, network = null, fallback = "es") {
        const viewer = await web.viewer(request);
        const { lang } = pickLanguage(request.query, request.headers["accept-language"], fallback);
        return {
          lang,
          t: messages(lang),
          path: request.url.split("?")[0] ?? "/",
          baseUrl: options.config.publicUrl.replace(/\/$/, ""),
          viewer: viewer
            ? { id: viewer.user.id, name: viewer.user.name, role: viewer.user.role }
            : null,
          // A reply made before routing (a malformed URL's error page) cannot set cookies;
          // that page has no form to need the anonymous token.
          csrf: viewer
            ? csrfToken(viewer.csrfSecret)
            : typeof reply.setCookie === "function"
              ? anonCsrf(request, reply, web.secure(request))
              : null,
          network,
        };
      },
      async deps(request) {
        const viewer = await web.viewer(request);
        return {
          db: options.db,
          clock: () => options.clock(),
          actor: viewer?.actor ?? null,
          log: request.log,
        };
      },
      async checkForm(request) {
        const viewer = await web.viewer(request);
        const expected = viewer
          ? csrfToken(viewer.csrfSecret)
          : (request.cookies[ANON_CSRF_COOKIE] ?? null);
        const got = (request.body as Record<string, unknown> | undefined)?._csrf;
        if (!checkCsrf(expected, got)) throw new CsrfError();
      },
      secure: (request) => isSecure(request, options.config.publicUrl),
    };

    app.addHook("onSend", async (_request, reply, payload) => {
      const type = String(reply.getHeader("content-type") ?? "");
      if (type.startsWith("text/html")) {
        pageHeaders(reply);
        // Signed-in pages were marked private, no-store by the app already; anonymous ones
        // set a CSRF cookie, so no shared cache may keep them either.
        if (!reply.hasHeader("cache-control")) reply.header("cache-control", "private, no-cache");
      }
      return payload;
    });

    const pageError = async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      if (request.url.startsWith("/api/")) throw error;
      const err = unavailableIfDbDown(error) as FastifyError;
      const down = isAppError(err) && err.code === "unavailable";
      if (isAppError(err) && err.retryAfterSeconds !== undefined) {
        reply.header("retry-after", err.retryAfterSeconds);
      }
      const ctx = await web.pageCtx(request, reply).catch(() => null);
      if (!ctx) {
        return down
          ? reply.code(503).type("text/plain").send("Temporarily unavailable")
          : reply.code(500).type("text/plain").send("Internal error");
      }
      // Set here too: a page for a request that never reached routing misses the hook.
      pageHeaders(reply);
      const send = (status: number, title: string, text: string) =>
        reply
          .code(status)
          .type("text/html; charset=utf-8")
          .send(errorPage(ctx, title, text));
      if (err instanceof CsrfError) return send(403, ctx.t.badRequest, ctx.t.csrfText);
      if (isAppError(err)) {
        switch (err.code) {
          case "not_found":
            return send(404, ctx.t.notFound, ctx.t.notFoundText);
          case "unauthenticated":
            if (request.method === "GET") {
              return reply.redirect(
                href(ctx, `/signin?next=${encodeURIComponent(request.url)}`),
                303,
              );
            }
            return send(401, ctx.t.signIn, ctx.t.signInIntro);
          case "forbidden":
            return send(403, ctx.t.forbidden, ctx.t.forbiddenText);
          case "rate_limited":
            return send(429, ctx.t.tooManyAttempts, ctx.t.tooManyAttemptsText);
          case "unavailable":
            request.log.warn({ err }, "web page unavailable");
            return send(503, ctx.t.unavailable, ctx.t.unavailableText);
          case "invalid_input":
          case "conflict":
            return send(400, ctx.t.badRequest, err.message);
          default:
            break;
        }
      }
      const status = (err as { statusCode?: number }).statusCode;
      if (status === 404) return send(404, ctx.t.notFound, ctx.t.notFoundText);
      if (status && status >= 400 && status < 500)
        return send(status, ctx.t.badRequest, ctx.t.badRequest);
      request.log.error({ err }, "web page failed");
      return send(500, ctx.t.serverError, ctx.t.serverErrorText);
    };
    app.setErrorHandler(pageError);
    appCtx.usePageErrors(pageError);

    await publicRoutes(app, web);
    await downloadRoutes(app, web);
    await dashboardRoutes(app, web);
    await authRoutes(app, web);
    await editorRoutes(app, web);
    await adminRoutes(app, web);

    // Any other GET: an HTML 404 for people, the API's problem for API paths.
    app.get("/*", async (request, reply) => {
      if (request.url.startsWith("/api/")) {
        return sendProblem(request, reply, {
          status: 404,
          code: "not_found",
          detail: `No resource at ${request.method} ${request.url.split("?")[0]}.`,
        });
      }
      const ctx = await web.pageCtx(request, reply);
      return reply
        .code(404)
        .type("text/html; charset=utf-8")
        .send(errorPage(ctx, ctx.t.notFound, ctx.t.notFoundText));
    });
  };
}

/** The headers every HTML page carries. */
function pageHeaders(reply: FastifyReply) {
  if (!reply.hasHeader("content-security-policy")) {
    reply.header("content-security-policy", CONTENT_SECURITY_POLICY);
  }
  reply.header("x-content-type-options", "nosniff");
  reply.header("referrer-policy", "same-origin");
  reply.header("vary", "Accept-Language, Cookie");
}

/** Sends a page. */
export function sendPage(reply: FastifyReply, body: string, status = 200) {
  return reply.code(status).type("text/html; charset=utf-8").send(body);
}
