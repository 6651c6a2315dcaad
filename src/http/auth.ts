import type { FastifyInstance, FastifyRequest } from "fastify";
import { AppError } from "../core/errors.ts";
import type { Actor } from "../core/policies.ts";

/** The cookie the portal keeps a session id in (the session itself lives in the database). */
export const SESSION_COOKIE = "wp_session";

export type AuthLimits = {
  /** Failed attempts (bad bearer tokens, bad passwords) allowed per IP in a window. */
  max: number;
  timeWindowMs: number;
};

/** How credentials become actors: the use cases behind them are the storage layer's. */
export type Credentials = {
  byToken(token: string, request: FastifyRequest): Promise<Actor | null>;
  bySession(sessionId: string, request: FastifyRequest): Promise<Actor | null>;
};

export type Auth = {
  /** Who sent the request: null when anonymous. A bad bearer token is a 401, never anonymous. */
  actor(request: FastifyRequest): Promise<Actor | null>;
  /** The actor, or a 401 problem. */
  requireActor(request: FastifyRequest): Promise<Actor>;
  /** Refuses with 429 when the request's IP has failed too often (without counting this one). */
  checkNotLimited(request: FastifyRequest): Promise<void>;
  /** Counts one failed attempt against the request's IP. */
  countFailure(request: FastifyRequest): Promise<void>;
};

/** A 429: carries when to retry, for the Retry-After header. */
export class RateLimitedError extends AppError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super(
      "rate_limited",
      `Too many failed attempts to authenticate from your address. Retry in ${retryAfterSeconds} s.`,
    );
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

function sameHost(origin: string, host: string): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

const DEFAULT_LIMITS: AuthLimits = { max: 10, timeWindowMs: 60_000 };

/**
 * Actor resolution, resolved lazily and once per request: anonymous reads never touch
 * the database for it. Failed bearer tokens and sign-ins are counted per IP with
 * @fastify/rate-limit (only failures count: a peek first, an increment on failure).
 */
export function createAuth(
  app: FastifyInstance,
  deps: {
    credentials: Credentials;
    limits?: Partial<AuthLimits> | undefined;
    /** The app's public address: cookie-authenticated writes must come from its origin. */
    publicUrl: string;
  },
): Auth {
  const ownOrigin = new URL(deps.publicUrl).origin;
  const viaCookie = new WeakSet<FastifyRequest>();
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  const limiter = app.createRateLimit({ max: limits.max, timeWindow: limits.timeWindowMs });
  const resolved = new WeakMap<FastifyRequest, Promise<Actor | null>>();

  async function checkNotLimited(request: FastifyRequest) {
    const status = await limiter(request, { increment: false });
    // `max` failures are allowed; the attempt after them is refused without being tried.
    if (!status.isAllowed && (status.isExceeded || status.remaining <= 0)) {
      throw new RateLimitedError(Math.max(1, status.ttlInSeconds));
    }
  }
  async function countFailure(request: FastifyRequest) {
    await limiter(request);
  }

  async function resolve(request: FastifyRequest): Promise<Actor | null> {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!m?.[1]) {
        throw new AppError("unauthenticated", "Authorization must be 'Bearer <token>'.");
      }
      await checkNotLimited(request);
      const actor = await deps.credentials.byToken(m[1], request);
      if (!actor) {
        await countFailure(request);
        throw new AppError(
          "unauthenticated",
          "The bearer token is not valid (unknown or revoked).",
        );
      }
      return actor;
    }
    const session = request.cookies?.[SESSION_COOKIE];
    // A stale session cookie is just anonymous: reads still work, writes ask to sign in.
    if (!session) return null;
    const actor = await deps.credentials.bySession(session, request);
    if (actor) viaCookie.add(request);
    return actor;
  }

  function actor(request: FastifyRequest): Promise<Actor | null> {
    let p = resolved.get(request);
    if (!p) {
      p = resolve(request);
      resolved.set(request, p);
    }
    return p;
  }

  return {
    actor,
    async requireActor(request) {
      const a = await actor(request);
      if (!a) {
        throw new AppError(
          "unauthenticated",
          "Sign in, or send 'Authorization: Bearer <token>', to do this.",
        );
      }
      // Cookies ride along on cross-site requests; bearer tokens do not. A browser names the
      // page a write comes from in Origin: one from another site is refused (CSRF).
      if (viaCookie.has(request) && !SAFE.has(request.method)) {
        const origin = request.headers.origin;
        const host = request.headers.host;
        if (origin && origin !== ownOrigin && !(host && sameHost(origin, host))) {
          throw new AppError("forbidden", "A signed-in write must come from this site's pages.");
        }
      }
      return a;
    },
    checkNotLimited,
    countFailure,
  };
}
