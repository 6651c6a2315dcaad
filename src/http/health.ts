import type { FastifyInstance } from "fastify";
import { checkDatabase } from "../app/check-database.ts";
import type { Db } from "../db/create-db.ts";
import { DB_RETRY_AFTER_SECONDS } from "../edge/db-unavailable.ts";
import { sendProblem } from "./errors.ts";

/**
 * Probes for a process manager or load balancer, outside the API and its documentation:
 * GET /healthz answers 200 while the process lives (it touches nothing); GET /readyz
 * answers 200 when the database answers a query and 503 (problem, Retry-After) when it
 * cannot be reached, so traffic goes elsewhere until it can. While the server drains
 * (SIGTERM) Fastify answers every new request, these included, 503.
 */
export function registerHealth(app: FastifyInstance, db: Db): void {
  app.get("/healthz", { schema: { hide: true } }, (_request, reply) => {
    reply.header("cache-control", "no-store").send({ status: "ok" });
  });
  app.get("/readyz", { schema: { hide: true } }, async (request, reply) => {
    reply.header("cache-control", "no-store");
    try {
      await checkDatabase({ db });
    } catch (err) {
      request.log.warn({ err }, "not ready: the database does not answer");
      return sendProblem(request, reply, {
        status: 503,
        code: "unavailable",
        detail: "Not ready: the database cannot be reached.",
        retryAfterSeconds: DB_RETRY_AFTER_SECONDS,
      });
    }
    return reply.send({ status: "ready" });
  });
}
