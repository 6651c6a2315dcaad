import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import cookie from "@fastify/cookie";
import rateLimit from "@fastify/rate-limit";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyServerOptions,
  LogController,
} from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { authenticateToken } from "../app/authenticate-token.ts";
import { resolveSession } from "../app/portal-session.ts";
import { editionFilesSettled } from "../app/render-edition-files.ts";
import {
  createSignInLimiter,
  type SignInLimiter,
  type SignInLimits,
} from "../app/sign-in-limiter.ts";
import type { Config } from "../config.ts";
import { isAppError } from "../core/errors.ts";
import type { Db } from "../db/create-db.ts";
import { ShortMemo } from "../edge/memo.ts";
import { PublicAnswers } from "../edge/public-answers.ts";
import { createRenderCache, type RenderCache } from "../edge/render-cache.ts";
import type { Mailer } from "../mail/transport.ts";
import { type AuthLimits, createAuth } from "./auth.ts";
import { frameworkErrorHandler, type PageErrorHandler, registerErrorHandling } from "./errors.ts";
import { registerHealth } from "./health.ts";
import { registerInputGuard } from "./input-guard.ts";
import { type KeptPages, type PoolStats, registerMetrics } from "./metrics.ts";
import { registerOpenApi } from "./openapi.ts";
import { API_PREFIX } from "./paths.ts";
import { registerProblemDocs } from "./problems.ts";
import { addVary, defaultCacheControl } from "./reply.ts";
import { activityRoutes } from "./routes/activities.routes.ts";
import { annexRoutes } from "./routes/annex.routes.ts";
import { areaRoutes } from "./routes/areas.routes.ts";
import type { Clock, RouteContext } from "./routes/context.ts";
import { correctionRoutes } from "./routes/corrections.routes.ts";
import { exportRoutes } from "./routes/exports.routes.ts";
import { importRoutes } from "./routes/imports.routes.ts";
import { networkRoutes } from "./routes/networks.routes.ts";
import { planRoutes } from "./routes/plans.routes.ts";
import { sessionRoutes } from "./routes/session.routes.ts";
import { sourceRoutes } from "./routes/sources.routes.ts";
import { translationRoutes } from "./routes/translations.routes.ts";

export type { Clock };

/** What plugins given to buildApp (the portal) are registered with: the app's own dependencies. */
export type AppPluginOptions = RouteContext;

export type AppOptions = {
  config: Config;
  /** The database (createDb(url).db). The caller owns it and closes it after app.close(). */
  db: Db;
  clock: Clock;
  /** A pino-compatible logger; without it the app logs nothing (tests). */
  log?: FastifyBaseLogger;
  /** Logger options for Fastify's own pino when no `log` is given, e.g. { level: "info" }. */
  logger?: FastifyServerOptions["logger"];
  /**
   * More plugins registered after the API as its siblings, in the root scope (so they share
   * the error handler, cookies and the not-found handler): src/server/build-server.ts puts
   * the web portal here.
   */
  plugins?: FastifyPluginAsync<AppPluginOptions>[];
  /**
   * Answers errors outside /api that happen before routing (a malformed URL) as pages;
   * without it they are problem documents too.
   */
  pageErrors?: PageErrorHandler;
  /**
   * How long an anonymous reader's look-up of a plan's revision may be reused (default
   * 1000 ms; 0: never). Writes through this app forget them at once; a write through
   * another instance reaches this one's anonymous readers within this time. Signed-in
   * readers always get the current revision.
   */
  publicFreshnessMs?: number;
  /** The clock publicFreshnessMs is counted on, in ms (default Date.now; tests step it). */
  freshnessNow?: () => number;
  /** Failed sign-ins / bearer tokens allowed per IP and window (default 10 a minute). */
  authLimits?: Partial<AuthLimits>;
  /** The database pool's connections, for /metrics (DbHandle.poolStats). */
  poolStats?: () => PoolStats | null;
  /** How invitations and password resets are sent (the reminders' SMTP); none: not offered. */
  mailer?: Mailer | null;
  /** The one sign-in limiter, shared with the portal (buildServer makes it); default one of its own. */
  signIns?: SignInLimiter;
  /**
   * The one byte-bounded cache of rendered things, shared with the portal when
   * build-server.ts assembles both (default: one of its own, sized by config).
   */
  cache?: RenderCache;
  /** Called after any successful write (the portal forgets its public identities). */
  onWrite?: () => void;
  /**
   * The server's page keeper (src/server/keep-pages.ts): reported at /metrics, stopped
   * before the server closes.
   */
  keptPages?: KeptPages & { stop(): Promise<void> };
  /**
   * Public documents answered before routing (src/edge/public-answers.ts), shared with the
   * portal when build-server.ts assembles both (default: one of its own).
   */
  answers?: PublicAnswers;
};

/**
 * The HTTP/1.1 server Fastify would make, whose request listener first lets `answers`
 * answer a cache hit of a public document (a map look-up and one write, like a bare
 * node:http server), and hands everything else to Fastify.
 */
function answeringServer(answers: PublicAnswers) {
  return (
    handler: (req: IncomingMessage, res: ServerResponse) => void,
    o: Record<string, unknown>,
  ) => {
    const server = createServer(
      (o.http ?? {}) as Parameters<typeof createServer>[0] & object,
      (req, res) => {
        try {
          if (answers.answer(req, res)) return;
        } catch {
          // Never half an answer: the framework answers when nothing was written.
          if (res.headersSent) return void res.destroy();
        }
        handler(req, res);
      },
    );
    server.keepAliveTimeout = o.keepAliveTimeout as number;
    server.requestTimeout = o.requestTimeout as number;
    server.setTimeout(o.connectionTimeout as number);
    if ((o.maxRequestsPerSocket as number) > 0)
      server.maxRequestsPerSocket = o.maxRequestsPerSocket as number;
    return server;
  };
}

/** The sign-in limiter's limits from the app's: `max` per address and e-mail, twice per address. */
export function signInLimits(limits: Partial<AuthLimits> | undefined): Partial<SignInLimits> {
  const out: Partial<SignInLimits> = {};
  if (limits?.max !== undefined) {
    out.max = limits.max;
    out.maxPerAddress = 2 * limits.max;
  }
  if (limits?.maxPerAddress !== undefined) out.maxPerAddress = limits.maxPerAddress;
  if (limits?.timeWindowMs !== undefined) out.windowMs = limits.timeWindowMs;
  return out;
}

const VERSION = "0.1.0";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * config.trustProxy as Fastify takes it. Fastify 5 now ignores a bare hop count (it cannot
 * tell a proxy from a client that connects directly and sends its own X-Forwarded-For), so
 * a count becomes "trust the nearest n hops", which like `true` assumes the app is reached
 * through the proxies only; a list of their addresses is the safer setting.
 */
function trustProxyOption(t: Config["trustProxy"]): FastifyServerOptions["trustProxy"] {
  return typeof t === "number" ? (_address: string, hop: number) => hop < t : t;
}

/** Builds the whole HTTP app, ready for inject() or listen(); never listens itself. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, db, clock } = options;
  const answers = options.answers ?? new PublicAnswers();
  const app: FastifyInstance = Fastify({
    serverFactory: answeringServer(answers),
    ...(options.log ? { loggerInstance: options.log } : { logger: options.logger ?? false }),
    bodyLimit: config.bodyLimitBytes,
    genReqId: () => randomUUID(),
    // Every log line of a request carries its id (reqId); the request itself is logged once,
    // at debug, by the hook below, not twice at info.
    logController: new LogController({ disableRequestLogging: true }),
    // request.ip (what the failure limits count by) is the client's only through the
    // proxies named here; by default X-Forwarded-For is ignored.
    trustProxy: trustProxyOption(config.trustProxy),
    // The API's paths are case-sensitive and end without a slash; "/x/" still finds "/x".
    routerOptions: { ignoreTrailingSlash: true },
    // A URL the router cannot decode ("/%E0%A4%A") never reaches the error handler.
    frameworkErrors: (err, request, reply) => {
      reply.header("x-request-id", request.id);
      Promise.resolve(onFrameworkError(err, request, reply)).catch((e: unknown) =>
        request.log.error({ err: e }, "answering a framework error failed"),
      );
    },
  });
  const onFrameworkError = frameworkErrorHandler(app, () => options.pageErrors ?? null);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  registerInputGuard(app);
  // An edition's files rendered after its publication finish before the database closes.
  app.addHook("onClose", async () => {
    await editionFilesSettled(options.db);
  });
  // Callback-style hooks: these run on every request, and a promise each costs.
  app.addHook("onRequest", (request, reply, done) => {
    reply.header("x-request-id", request.id);
    done();
  });

  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await registerOpenApi(app, { version: VERSION, publicUrl: config.publicUrl });
  registerProblemDocs(app);
  registerHealth(app, db);

  const signIns =
    options.signIns ?? createSignInLimiter(db, clock, signInLimits(options.authLimits));
  const auth = createAuth(app, {
    signIns,
    limits: options.authLimits,
    publicUrl: config.publicUrl,
    credentials: {
      byToken: async (token) => {
        try {
          return (await authenticateToken({ db, clock }, { token })).actor;
        } catch (e) {
          if (isAppError(e) && e.code === "unauthenticated") return null;
          throw e;
        }
      },
      bySession: async (id) => (await resolveSession({ db, clock }, id))?.actor ?? null,
    },
  });
  const ctx: RouteContext = {
    config,
    db,
    clock,
    auth,
    signIns,
    mailer: options.mailer ?? null,
    cache: options.cache ?? createRenderCache(config),
    publicHeads: new ShortMemo(options.publicFreshnessMs ?? 1000, 256, options.freshnessNow),
    answers,
  };
  app.addHook("onSend", (request, reply, payload, done) => {
    if (!reply.hasHeader("cache-control")) {
      const c = defaultCacheControl(request, reply.statusCode);
      if (c) reply.header("cache-control", c.cacheControl);
      if (c?.vary) addVary(reply, c.vary);
    }
    done(null, payload);
  });
  app.addHook("onResponse", (request, reply, done) => {
    if (!SAFE_METHODS.has(request.method) && reply.statusCode < 400) {
      ctx.publicHeads.clear();
      options.onWrite?.();
    }
    // A public document offered by its route: the next hit of its URL is answered early.
    answers.capture(request, {
      url: request.raw.url ?? request.url,
      method: request.method,
      status: reply.statusCode,
      headers: reply.getHeaders(),
    });
    request.log.debug(
      {
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      "request",
    );
    done();
  });
  // Draining: new requests on open connections get Fastify's 503, hits included.
  app.addHook("preClose", (done) => {
    answers.close();
    done();
  });
  const keeper = options.keptPages;
  if (keeper) app.addHook("preClose", () => keeper.stop());
  registerMetrics(app, {
    db,
    caches: { render: ctx.cache, public_answers: answers },
    pool: options.poolStats,
    token: config.metricsToken,
    ...(keeper ? { keptPages: keeper } : {}),
  });
  await app.register(
    async (api) => {
      // A bad bearer token is refused everywhere, even where no credentials are needed.
      api.addHook("onRequest", (request, _reply, done) => {
        if (request.headers.authorization === undefined) return done();
        auth.actor(request).then(() => done(), done);
      });
      await networkRoutes(api, ctx);
      await planRoutes(api, ctx);
      await exportRoutes(api, ctx);
      await areaRoutes(api, ctx);
      await activityRoutes(api, ctx);
      await correctionRoutes(api, ctx);
      await sourceRoutes(api, ctx);
      await annexRoutes(api, ctx);
      await translationRoutes(api, ctx);
      await importRoutes(api, ctx);
      await sessionRoutes(api, ctx);
    },
    { prefix: API_PREFIX },
  );

  for (const plugin of options.plugins ?? []) await app.register(plugin, ctx);
  await app.ready();
  return app;
}
