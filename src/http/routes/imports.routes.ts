import type { FastifyInstance } from "fastify";
import type { RouteContext } from "./context.ts";

export async function importRoutes(_app: FastifyInstance, _ctx: RouteContext): Promise<void> {}
