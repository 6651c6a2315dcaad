import { isIPv6 } from "node:net";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { SignInLimiter } from "../app/sign-in-limiter.ts";
import { AppError } from "../core/errors.ts";
import type { Actor } from "../core/policies.ts";
import { SESSION_COOKIE } from "../edge/session-cookie.ts";

export type AuthLimits = {
  /**
   * Failed attempts allowed in a window: bad bearer tokens per address, bad passwords per
   * address and e-mail tried (the sign-in limiter's `max`).
   */
  max: number;
  /** Bad passwords per address across e-mails (default twice `max`). */
  maxPerAddress?: number;
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
  /**
   * Before trying a password: refuses with 429 when this address has failed too often to
   * sign in as the e-mail in the request's body (without counting this attempt).
   */
  checkSignIn(request: FastifyRequest): Promise<void>;
  /** Counts one failed sign-in against the address and the e-mail in the request's body. */
  countSignInFailure(request: FastifyRequest): Promise<void>;
  /** A right password: the count for this address and e-mail starts again. */
  countSignInSuccess(request: FastifyRequest): Promise<void>;
};

/** A 429: carries when to retry, for the Retry-After header. */
export class RateLimitedError extends AppError {
  override readonly retryAfterSeconds: number;
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
 * The part of a client's address a limiter counts by: IPv4 as is, IPv6 by its /64 (one
 * subscriber usually holds a whole /64, so counting single addresses would let it rotate
 * past any limit; @fastify/rate-limit's own key does the same).
 */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped?.[1]) return mapped[1];
  if (!isIPv6(ip)) return ip;
  const [head = "", tail] = (ip.split("%")[0] ?? ip).split("::");
  const groups = (part: string | undefined) => (part ? part.split(":") : []);
  // An embedded IPv4 tail ("::1.2.3.4") fills two groups; only the first four matter here.
  const left = groups(head);
  const right = groups(tail).flatMap((g) => (g.includes(".") ? ["0", "0"] : [g]));
  const all =
    tail === undefined
      ? left
      : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return `${all
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(":")}::/64`;
}

/**
 * What password sign-ins are counted by: the client's address and the e-mail tried (from
 * the parsed body, trimmed and lower-cased). Keyed on the address alone, one attacker
 * behind a shared address (a reverse proxy, an office NAT) would lock every account out;
 * keyed on the e-mail alone, anyone could lock any account out from anywhere.
 */
export function signInKey(request: FastifyRequest): string {
  return `${addressKey(request.ip)} ${signInEmail(request)}`;
}

/** The e-mail a sign-in tries (from the parsed body), trimmed and lower-cased. */
function signInEmail(request: FastifyRequest): string {
  const email = (request.body as { email?: unknown } | undefined)?.email;
  return String(email ?? "")
    .trim()
    .toLowerCase();
}

/** The sign-in limiter's answers as the edges need them: a 429 error, counts by request. */
export function signInGuard(signIns: SignInLimiter) {
  return {
    /** Throws RateLimitedError while this address (for this e-mail, or at all) must wait. */
    async check(request: FastifyRequest): Promise<void> {
      const wait = await signIns.check(addressKey(request.ip), signInEmail(request));
      if (wait !== null) throw new RateLimitedError(wait);
    },
    fail: (request: FastifyRequest) => signIns.fail(addressKey(request.ip), signInEmail(request)),
    succeed: (request: FastifyRequest) =>
      signIns.succeed(addressKey(request.ip), signInEmail(request)),
  };
}

/**
 * Actor resolution, resolved lazily and once per request: anonymous reads never touch
 * the database for it. Failures are counted with @fastify/rate-limit (only failures
 * count: a peek, then an increment on failure):
 *
 *  - bearer tokens per client address. The token is checked first: a valid one is never
 *    refused, however many bad ones came from its address (behind a proxy or NAT, many
 *    people share one), and only further failures get 429. Tokens are long random
 *    secrets, so there is nothing to guess; the limit only slows down noise.
 *  - password sign-ins: by the one SignInLimiter the portal uses too (per address and
 *    e-mail, and per address), in the database. Here the limit is the protection against
 *    guessing, so an attempt over it is refused before the password is tried, even a
 *    right one.
 *
 * The address is request.ip: behind a reverse proxy, set config.trustProxy so it is the
 * client's and not the proxy's.
 */
export function createAuth(
  app: FastifyInstance,
  deps: {
    credentials: Credentials;
    limits?: Partial<AuthLimits> | undefined;
    /** Failed sign-ins, counted where every instance sees them (shared with the portal). */
    signIns: SignInLimiter;
    /** The app's public address: cookie-authenticated writes must come from its origin. */
    publicUrl: string;
  },
): Auth {
  const ownOrigin = new URL(deps.publicUrl).origin;
  const viaCookie = new WeakSet<FastifyRequest>();
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  const window = { max: limits.max, timeWindow: limits.timeWindowMs };
  const tokenLimiter = app.createRateLimit(window);
  const signIns = signInGuard(deps.signIns);
  const resolved = new WeakMap<FastifyRequest, Promise<Actor | null>>();

  type Limiter = typeof tokenLimiter;
  async function checkNotLimited(limiter: Limiter, request: FastifyRequest) {
    const status = await limiter(request, { increment: false });
    // `max` failures are allowed; the attempt after them is refused.
    if (!status.isAllowed && (status.isExceeded || status.remaining <= 0)) {
      throw new RateLimitedError(Math.max(1, status.ttlInSeconds));
    }
  }

  async function resolve(request: FastifyRequest): Promise<Actor | null> {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!m?.[1]) {
        throw new AppError("unauthenticated", "Authorization must be 'Bearer <token>'.");
      }
      const actor = await deps.credentials.byToken(m[1], request);
      if (!actor) {
        await checkNotLimited(tokenLimiter, request);
        await tokenLimiter(request);
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
    checkSignIn: signIns.check,
    countSignInFailure: signIns.fail,
    countSignInSuccess: signIns.succeed,
  };
}
