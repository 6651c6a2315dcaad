/**
 * The web portal and editor, as one Fastify plugin, a sibling of the API's (the server is
 * assembled in src/server/build-server.ts). Server-rendered HTML that works without
 * JavaScript; every form carries a CSRF token; errors become HTML pages (error-pages.ts).
 */
import cookie from "@fastify/cookie";
import formbody from "@fastify/formbody";
import type { FastifyInstance, FastifyPluginAsync } from "fastify";
import { AppError } from "../core/errors.ts";
import type { WebContext } from "./context.ts";
import { pageErrorHandler, pageHeaders } from "./error-pages.ts";
import { accountRoutes } from "./routes/account.routes.ts";
import { adminRoutes } from "./routes/admin.routes.ts";
import { authRoutes } from "./routes/auth.routes.ts";
import { dashboardRoutes } from "./routes/dashboard.routes.ts";
import { downloadRoutes } from "./routes/download.routes.ts";
import { editorRoutes } from "./routes/editor.routes.ts";
import { publicRoutes } from "./routes/public.routes.ts";

export function webPortal(web: WebContext): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    if (!app.hasRequestDecorator("cookies")) await app.register(cookie);
    await app.register(formbody, { bodyLimit: 1024 * 1024 });

    app.addHook("onSend", async (_request, reply, payload) => {
      const type = String(reply.getHeader("content-type") ?? "");
      if (type.startsWith("text/html")) {
        pageHeaders(reply);
        // Signed-in pages were marked private, no-store by the app already, public ones
        // public (public-page.ts); the rest (sign-in, with its form's cookie) stay private.
        if (!reply.hasHeader("cache-control")) reply.header("cache-control", "private, no-cache");
      }
      return payload;
    });
    app.setErrorHandler(pageErrorHandler(web));

    await publicRoutes(app, web);
    await downloadRoutes(app, web);
    await dashboardRoutes(app, web);
    await authRoutes(app, web);
    await accountRoutes(app, web);
    await editorRoutes(app, web);
    await adminRoutes(app, web);

    // Any other GET: an HTML 404 for people; under /api the error handler passes the error
    // on to the API's, which answers a problem.
    app.get("/*", async (request) => {
      throw new AppError(
        "not_found",
        `No resource at ${request.method} ${request.url.split("?")[0]}.`,
      );
    });
  };
}
