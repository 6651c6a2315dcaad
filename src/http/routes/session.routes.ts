import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { sha256Hex } from "../../app/credentials.ts";
import { signIn, signOut } from "../../app/portal-session.ts";
import { isAppError } from "../../core/errors.ts";
import { type Actor, ROLES } from "../../core/policies.ts";
import { clearSessionCookie, sessionIdOf, setSessionCookie } from "../../edge/session-cookie.ts";
import { sendJson } from "../reply.ts";
import { problems, SECURITY } from "../schemas.ts";
import { type RouteContext, writeDepsFor } from "./context.ts";

const SignInBody = z.object({ email: z.string().min(1).max(320), password: z.string().min(1) });

const SessionOut = z.object({
  userId: z.string(),
  role: z
    .enum([...ROLES, "member"])
    .describe(
      "admin: the install's administrator; else the role in the user's one network, or member " +
        "when they have roles in several (see networks)",
    ),
  installAdmin: z.boolean(),
  networks: z.record(z.string(), z.enum(ROLES)).describe("Network slug -> role there"),
  areaIds: z.array(z.string()).describe("The areas a coordinator coordinates"),
});

/** The session as the API shows it. */
function presentSession(actor: Actor): z.infer<typeof SessionOut> {
  const roles = Object.values(actor.networks);
  const role = actor.installAdmin
    ? "admin"
    : roles.length === 1 && roles[0] !== undefined
      ? roles[0]
      : "member";
  return {
    userId: actor.userId,
    role,
    installAdmin: actor.installAdmin,
    networks: { ...actor.networks },
    areaIds: [...actor.areaIds],
  };
}

export async function sessionRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    "/session",
    {
      schema: {
        tags: ["session"],
        operationId: "signIn",
        summary: "Sign in with e-mail and password (sets the wp_session cookie)",
        description: "Failed attempts are limited per address and e-mail: past the limit, 429.",
        body: SignInBody,
        security: [],
        response: { 200: SessionOut, ...problems(400, 401, 429) },
      },
    },
    async (request, reply) => {
      await ctx.auth.checkSignIn(request);
      const deps = { db: ctx.db, clock: ctx.clock, actor: null, log: request.log };
      const signedIn = await signIn(deps, request.body).catch(async (e: unknown) => {
        if (isAppError(e) && e.code === "unauthenticated")
          await ctx.auth.countSignInFailure(request);
        throw e;
      });
      await ctx.auth.countSignInSuccess(request);
      setSessionCookie(request, reply, ctx.config.publicUrl, signedIn.sessionId);
      return sendJson(request, reply, presentSession(signedIn.session.actor));
    },
  );

  r.get(
    "/session",
    {
      schema: {
        tags: ["session"],
        operationId: "getSession",
        summary: "Who you are signed in as (by cookie or bearer token)",
        security: SECURITY,
        response: { 200: SessionOut, ...problems(401) },
      },
    },
    async (request, reply) => {
      const actor = await ctx.auth.requireActor(request);
      reply.header("cache-control", "no-store");
      return sendJson(request, reply, presentSession(actor));
    },
  );

  r.delete(
    "/session",
    {
      schema: {
        tags: ["session"],
        operationId: "signOut",
        summary: "Sign out (ends the session the cookie names)",
        security: SECURITY,
        response: { 204: z.undefined(), ...problems(401, 403) },
      },
    },
    async (request, reply) => {
      await writeDepsFor(ctx, request);
      const id = sessionIdOf(request);
      if (id) await signOut({ db: ctx.db }, sha256Hex(id));
      clearSessionCookie(request, reply, ctx.config.publicUrl);
      return reply.code(204).send();
    },
  );
}
