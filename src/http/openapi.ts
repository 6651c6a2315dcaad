import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import { jsonSchemaTransform, jsonSchemaTransformObject } from "fastify-type-provider-zod";

export const OPENAPI_PATH = "/api/openapi.json";
export const DOCS_PREFIX = "/api/docs";

const DESCRIPTION = `The Annual Work Plan API: networks, their plans (areas, activities, statuses,
occurrences, sources, annex) and the reports written from them.

**Errors** are RFC 9457 problem details (\`application/problem+json\`) with a stable \`code\`;
validation problems list the fields at fault in \`errors[].path\`.

**Reading** needs no credentials for public data: approved plans and published reports.
A plan that is not public answers 404 to anonymous clients, as if it did not exist.

**Writing** needs \`Authorization: Bearer <token>\` (\`workplan token create\`) or the
\`wp_session\` cookie of a signed-in portal user. Roles are per network: admin (members,
approvals, publication), editor, coordinator (only the areas assigned to them), viewer
(reads drafts); the install's administrator may do everything. A network where the caller
has no role reads as it does to the public.

**Concurrency.** Every resource answers with an \`ETag\`. Send it back in \`If-Match\` to make a
write conditional: if the resource changed since, the answer is 412 and nothing changes.
A write without \`If-Match\` is applied to the current version (last writer wins), except
where the write itself contradicts the current state (409). ETags are weak, since one
version has several representations (languages, formats); \`If-Match\` compares the version
they name. Plan documents and reports answer \`If-None-Match\` with 304.`;

/**
 * The reference's own policy: Swagger UI loads its scripts and styles from here (and sets
 * inline styles from them), fetches the OpenAPI document, and is never framed.
 */
export const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** What every page carries besides its CSP (see the portal's pageHeaders). */
const DOCS_HEADERS = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "same-origin",
};

/** Registers @fastify/swagger (OpenAPI 3.1 from the routes' zod schemas) and the browsable reference. */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: { title: "workplan API", version, description: DESCRIPTION },
      tags: [
        { name: "networks", description: "Networks and their plans" },
        { name: "plans", description: "A plan: its document, its report, its own fields" },
        { name: "areas", description: "Work areas of a plan" },
        { name: "activities", description: "Activities, their status and occurrences" },
        { name: "sources", description: "Evidence footnotes" },
        { name: "annex", description: "Activities held that the plan did not foresee" },
        { name: "imports", description: "Reading report files into stored plans" },
        { name: "session", description: "Signing in and out" },
      ],
      components: {
        securitySchemes: {
          bearer: { type: "http", scheme: "bearer", description: "An API token" },
          session: { type: "apiKey", in: "cookie", name: "wp_session" },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
    // Only the API: the portal's pages and these documentation routes stay out of it.
    hideUntagged: true,
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX, staticCSP: DOCS_CSP });
  // Its static files are served by a plugin of its own: one hook here covers them all.
  app.addHook("onRequest", (request, reply, done) => {
    if (request.url === DOCS_PREFIX || request.url.startsWith(`${DOCS_PREFIX}/`)) {
      for (const [name, value] of Object.entries(DOCS_HEADERS)) reply.header(name, value);
    }
    done();
  });
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async (_request, reply) =>
    reply.type("application/json; charset=utf-8").send(JSON.stringify(app.swagger())),
  );
}
