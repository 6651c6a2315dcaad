import type { FastifyInstance } from "fastify";
import type { RouteContext } from "./context.ts";

export async function annexRoutes(_app: FastifyInstance, _ctx: RouteContext): Promise<void> {}
