/**
 * The whole server: the API plugin and the portal plugin registered as siblings on one
 * Fastify app, sharing the error handling, cookies and the not-found handler. The one
 * module that knows both edges; `workplan serve` and the portal's tests build it here.
 */
import type { FastifyInstance } from "fastify";
import { createSignInLimiter } from "../app/sign-in-limiter.ts";
import { PublicAnswers } from "../edge/public-answers.ts";
import { createRenderCache } from "../edge/render-cache.ts";
import { type AppOptions, buildApp, signInLimits } from "../http/app.ts";
import { createWebContext } from "../web/context.ts";
import { pageErrorHandler } from "../web/error-pages.ts";
import { webPortal } from "../web/plugin.ts";

export type ServerOptions = Omit<AppOptions, "plugins" | "pageErrors" | "signIns"> & {
  /** Failed sign-ins allowed per address and e-mail a minute, API and portal together (default 10). */
  signInLimit?: number;
};

/**
 * Builds the API and the portal, ready for inject() or listen(); never listens itself. Both
 * share one sign-in limiter (counted in the database) and one mailer.
 */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { signInLimit, ...app } = options;
  const signIns = createSignInLimiter(
    app.db,
    app.clock,
    signInLimits({ ...app.authLimits, ...(signInLimit !== undefined ? { max: signInLimit } : {}) }),
  );
  const mailer = app.mailer ?? null;
  // One byte-bounded cache for both edges: what they render is bounded together.
  const cache = app.cache ?? createRenderCache(app.config);
  // Hits of public documents, answered before routing, whichever edge offered them.
  const answers = app.answers ?? new PublicAnswers();
  const web = createWebContext({
    config: app.config,
    db: app.db,
    clock: app.clock,
    signIns,
    mailer,
    cache,
    answers,
    ...(app.publicFreshnessMs !== undefined ? { publicFreshnessMs: app.publicFreshnessMs } : {}),
    ...(app.freshnessNow ? { freshnessNow: app.freshnessNow } : {}),
  });
  return buildApp({
    ...app,
    signIns,
    mailer,
    cache,
    answers,
    onWrite: () => web.forgetIdentities(),
    plugins: [webPortal(web)],
    pageErrors: pageErrorHandler(web),
  });
}
