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
import { PageKeeper } from "./keep-pages.ts";

export type ServerOptions = Omit<AppOptions, "plugins" | "pageErrors" | "signIns"> & {
  /** Failed sign-ins allowed per address and e-mail a minute, API and portal together (default 10). */
  signInLimit?: number;
  /**
   * Renders the pages published editions keep (keep-pages.ts) in the background, from start
   * and after every write (`workplan serve` does; tests that look at it do).
   */
  keepPages?: boolean;
};

/**
 * Builds the API and the portal, ready for inject() or listen(); never listens itself. Both
 * share one sign-in limiter (counted in the database) and one mailer.
 */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { signInLimit, keepPages, ...app } = options;
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
  // The keeper asks the server for pages: made first, it reaches the server once built.
  let server: FastifyInstance | undefined;
  const keeper = keepPages
    ? new PageKeeper(
        (o) => (server as FastifyInstance).inject(o),
        { db: app.db, log: { error: (o, msg) => server?.log.error(o, msg) } },
        app.config.buildId,
      )
    : null;
  server = await buildApp({
    ...app,
    signIns,
    mailer,
    cache,
    answers,
    onWrite: () => {
      web.forgetIdentities();
      keeper?.kick();
    },
    plugins: [webPortal(web)],
    pageErrors: pageErrorHandler(web),
    ...(keeper ? { keptPages: keeper } : {}),
  });
  keeper?.kick();
  return server;
}
