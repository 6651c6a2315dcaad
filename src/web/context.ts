/**
 * What the portal's route files are given (WebContext), made once per server from its
 * options: the viewer of a request, its page context, the deps of a use case, the form check.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { resolveSession } from "../app/portal-session.ts";
import {
  type PublicIdentity,
  publicNetworkIdentity,
  publicPlanIdentity,
} from "../app/public-identity.ts";
import type { SignInLimiter } from "../app/sign-in-limiter.ts";
import type { Config } from "../config.ts";
import type { Language } from "../core/plan.ts";
import type { Actor } from "../core/policies.ts";
import type { Db } from "../db/create-db.ts";
import { ShortMemo } from "../edge/memo.ts";
import type { PublicAnswers } from "../edge/public-answers.ts";
import type { RenderCache } from "../edge/render-cache.ts";
import { isSecure, sessionIdOf } from "../edge/session-cookie.ts";
import type { Mailer } from "../mail/transport.ts";
import { pickLanguage } from "./i18n.ts";
import type { PageCtx } from "./layout.ts";
import { messages } from "./messages/index.ts";
import { ANON_CSRF_COOKIE, anonCsrf, checkCsrf, csrfToken, type Viewer } from "./session.ts";

export type WebOptions = {
  config: Config;
  db: Db;
  clock: () => Date;
  /** The server's one sign-in limiter (shared with the API, counted in the database). */
  signIns: SignInLimiter;
  /** The server's mailer (invitations, password resets); null when mail is not set up. */
  mailer: Mailer | null;
  /** The one byte-bounded cache of rendered things, shared with the API. */
  cache: RenderCache;
  /** How long anonymous readers' identity look-ups may be reused (default 1000 ms). */
  publicFreshnessMs?: number;
  /** The clock publicFreshnessMs is counted on, in ms (default Date.now). */
  freshnessNow?: () => number;
  /** Public documents answered before routing (shared with the API): pages offer theirs. */
  answers: PublicAnswers;
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
  /**
   * What anonymous readers see of a network's or a plan's pages (app/public-identity.ts),
   * reused for up to a second and forgotten on any write through the portal.
   */
  publicIdentity(scope: PublicScope): Promise<PublicIdentity>;
  /**
   * A look-up of the identity above that never waits: it gives what the memo holds now,
   * undefined once forgotten (a write through this server); once expired, the expired one
   * while it is looked up again in the background (src/edge/memo.ts).
   */
  knownIdentity(scope: PublicScope): () => PublicIdentity | undefined;
  /** Forgets the identities above (after a write). */
  forgetIdentities(): void;
};

/** Whether the actor administers the install or any network (and so sees the users page). */
export function manages(actor: Actor): boolean {
  return actor.installAdmin || Object.values(actor.networks).includes("admin");
}

/** What a public page is drawn from: a network (its home, execution) or one of its plans. */
export type PublicScope = { network: string; year?: number | undefined };

export class CsrfError extends Error {
  constructor() {
    super("CSRF token missing or wrong");
    this.name = "CsrfError";
  }
}

const scopeKey = (scope: PublicScope) => `${scope.network}\u0000${scope.year ?? ""}`;

/** The portal's context over its options. */
export function createWebContext(options: WebOptions): WebContext {
  const viewers = new WeakMap<FastifyRequest, Promise<Viewer | null>>();
  // A network's identity holds its plans and their editions (10-20 KB): 256 of them, not
  // 1,000, were 13 MB less heap at a million activities, and a second's worth of readers of
  // one network still share one.
  const identities = new ShortMemo<PublicIdentity>(
    options.publicFreshnessMs ?? 1000,
    256,
    options.freshnessNow,
  );
  const lookUp = (scope: PublicScope) => {
    const deps = { db: options.db };
    return scope.year === undefined
      ? publicNetworkIdentity(deps, {
          network: scope.network,
          year: options.clock().getUTCFullYear(),
        })
      : publicPlanIdentity(deps, { network: scope.network, year: scope.year });
  };
  const web: WebContext = {
    ...options,
    viewer(request) {
      let p = viewers.get(request);
      if (!p) {
        const id = sessionIdOf(request);
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
          ? { id: viewer.user.id, name: viewer.user.name, manages: manages(viewer.actor) }
          : null,
        network,
        // Anonymous pages are public documents: the token (and its cookie) is made only
        // when a page draws a form. A reply made before routing (a malformed URL's error
        // page) cannot set cookies; that page has no form.
        get csrf() {
          if (viewer) return csrfToken(viewer.csrfSecret);
          return typeof reply.setCookie === "function"
            ? anonCsrf(request, reply, web.secure(request))
            : null;
        },
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
    publicIdentity: (scope) => identities.get(scopeKey(scope), () => lookUp(scope)),
    knownIdentity(scope) {
      const key = scopeKey(scope);
      const reload = () => lookUp(scope);
      return () => identities.peek(key, reload);
    },
    forgetIdentities: () => identities.clear(),
  };
  return web;
}

/** Sends a page. */
export function sendPage(reply: FastifyReply, body: string, status = 200) {
  return reply.code(status).type("text/html; charset=utf-8").send(body);
}
