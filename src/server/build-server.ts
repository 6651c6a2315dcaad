/**
 * The whole server: the API plugin and the portal plugin registered as siblings on one
 * Fastify app, sharing the error handling, cookies and the not-found handler. The one
 * module that knows both edges; `workplan serve` and the portal's tests build it here.
 */
import type { FastifyInstance } from "fastify";
import { type AppOptions, buildApp } from "../http/app.ts";
import { createWebContext, type WebOptions } from "../web/context.ts";
import { pageErrorHandler } from "../web/error-pages.ts";
import { webPortal } from "../web/plugin.ts";

export type ServerOptions = Omit<AppOptions, "plugins" | "pageErrors"> & {
  /** Failed sign-ins allowed per address and e-mail a minute on the portal (default 10). */
  signInLimit?: WebOptions["signInLimit"];
};

/** Builds the API and the portal, ready for inject() or listen(); never listens itself. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { signInLimit, ...app } = options;
  const web = createWebContext({
    config: app.config,
    db: app.db,
    clock: app.clock,
    ...(signInLimit !== undefined ? { signInLimit } : {}),
  });
  return buildApp({ ...app, plugins: [webPortal(web)], pageErrors: pageErrorHandler(web) });
}
