import type { FastifyRequest } from "fastify";
import type { ReadablePlan } from "../../app/find-readable-plan.ts";
import type { SignInLimiter } from "../../app/sign-in-limiter.ts";
import type { Config } from "../../config.ts";
import type { Db } from "../../db/create-db.ts";
import type { ShortMemo } from "../../edge/memo.ts";
import type { PublicAnswers } from "../../edge/public-answers.ts";
import type { RenderCache } from "../../edge/render-cache.ts";
import type { Mailer } from "../../mail/transport.ts";
import type { Auth } from "../auth.ts";
import { idempotencyOf } from "../idempotency.ts";

/** The time, passed in (tests fix it). */
export type Clock = () => Date;

/** What every route file is given: the app's dependencies, passed down, never global. */
export type RouteContext = {
  config: Config;
  db: Db;
  clock: Clock;
  auth: Auth;
  /** Failed sign-ins, shared by the API and the portal, counted in the database. */
  signIns: SignInLimiter;
  /** The SMTP mailer for invitations and password resets; null when mail is not set up. */
  mailer: Mailer | null;
  cache: RenderCache;
  /**
   * Anonymous readers' plan look-ups, kept a moment (AppOptions.publicFreshnessMs) and
   * forgotten on any write through this app: public reads of a busy plan need no query.
   */
  publicHeads: ShortMemo<ReadablePlan>;
  /** Public documents answered before routing: a route offers what it sent. */
  answers: PublicAnswers;
};

/** The deps a use case takes, for this request (actor may be null: anonymous). */
export async function depsFor(ctx: RouteContext, request: FastifyRequest) {
  return { db: ctx.db, clock: ctx.clock, actor: await ctx.auth.actor(request), log: request.log };
}

/**
 * The deps of a write: the actor is required (401 otherwise); a POST's Idempotency-Key
 * makes a creating use case run once per key.
 */
export async function writeDepsFor(ctx: RouteContext, request: FastifyRequest) {
  return {
    db: ctx.db,
    clock: ctx.clock,
    actor: await ctx.auth.requireActor(request),
    log: request.log,
    idempotency: idempotencyOf(request),
  };
}
