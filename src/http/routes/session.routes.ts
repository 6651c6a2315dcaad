import type { FastifyInstance } from "fastify";
import type { RouteContext } from "./context.ts";

export async function sessionRoutes(_app: FastifyInstance, _ctx: RouteContext): Promise<void> {}
