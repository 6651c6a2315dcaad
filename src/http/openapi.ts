import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import { jsonSchemaTransform, jsonSchemaTransformObject } from "fastify-type-provider-zod";
import { openApiExamples } from "./openapi-examples.ts";

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
write conditional: if what it names changed since, the answer is 412 and nothing changes.
The tag decides what must be unchanged:
- an activity's, area's, source's or the plan's own ETag (\`W/"<id>.v<n>"\`, as writes answer
  them) names that row's version: the write applies only if that row is unchanged, whatever
  else changed in the plan;
- the plan document's ETag (\`W/"<planId>.r<n>"\`, as the document and every part read from
  it answer, e.g. \`GET …/activities/{code}\`) names the plan's revision: the write applies
  only if nothing anywhere in the plan changed since.
The check and the write are one conditional statement in one transaction: of any number of
concurrent writers holding one ETag, exactly one succeeds and the others get 412.
A write without \`If-Match\` (or with \`*\`) is applied to the current version (last writer
wins), except where the write itself contradicts the current state (409). ETags are weak,
since one version has several representations (languages, formats); \`If-Match\` compares the
version they name. Plan documents and reports answer \`If-None-Match\` with 304.

**Retrying.** A POST that creates something (areas, activities, occurrences, sources, annex
items, plans, imports) takes an \`Idempotency-Key\` header (1–200 visible ASCII characters,
e.g. a UUID): a retry with the same key and the same request, within 24 hours, answers what
the first answered and creates nothing more; the same key with another request is 409. A
503 (the database unreachable, or busy with concurrent writes past three attempts) carries
\`Retry-After\`; retry after it, with the same \`Idempotency-Key\`.

**Limits.** A request body or upload is at most 10 MB (413), JSON at most 64 levels deep
(413), a Word file at most 50 MB decompressed (413); a plan has at most 2,000 activities,
2,000 annex items and 5,000 sources, an activity at most 200 occurrences, a text at most
20,000 characters (422 \`limit_exceeded\`). The problem's \`limit\` names the limit refused.
Texts may not contain NUL or other control characters but tab, line feed and carriage
return (400).

**Friendly inputs.** A timing in a write needs only its kind and what the kind needs
(\`{"kind":"date","start":"2023-11-10"}\`, see \`TimingRequest\`); without \`text\` its wording
is written in the request's \`lang\` (the body's, else \`?lang=\`, else the plan's language).
A status \`code\` may be one of its labels in en/es/pt ("Ejecutada", "en curso"). A refusal's
\`errors[]\` name the field (\`path\`, and \`pointer\` as a JSON pointer) and, where a list
says it, what would be \`accepted\`.

**Lists** (networks, plans, activities, sources, the annex) come in pages: \`limit\` (default
50, at most 500), then the \`next\` URL in the body or the \`Link: <…>; rel="next"\` header
(absent on the last page). The shapes are those of before pagination plus \`next\`; a client
that ignores \`next\` gets the first 50 items. A cursor is bound to the version of what is
listed: after a change it answers 412 (start again without a cursor); an altered one is 400.

**Versions.** Within \`/api/v1\` changes are additive only (new operations, optional inputs,
response fields, problem codes): ignore fields you do not know. A deprecated operation is
marked so here and answers \`Deprecation\` and \`Sunset\` headers at least 12 months before
it may go. Every operation has an \`operationId\`, the method name generated clients use.`;

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

/**
 * Registers @fastify/swagger (OpenAPI 3.1 from the routes' zod schemas) and the browsable
 * reference. The document is linted with Redocly's recommended rules by openapi.test.ts.
 */
export async function registerOpenApi(
  app: FastifyInstance,
  opts: { version: string; publicUrl: string },
): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "workplan API",
        version: opts.version,
        description: DESCRIPTION,
        license: { name: "MIT", identifier: "MIT" },
      },
      // Paths start with /api/v1: the server is the install's public address itself.
      servers: [{ url: opts.publicUrl.replace(/\/+$/, ""), description: "This install" }],
      tags: [
        { name: "networks", description: "Networks and their plans" },
        { name: "plans", description: "A plan: its document, its report, its own fields" },
        { name: "areas", description: "Work areas of a plan" },
        { name: "activities", description: "Activities, their status and occurrences" },
        { name: "sources", description: "Evidence footnotes" },
        { name: "annex", description: "Activities held that the plan did not foresee" },
        {
          name: "translations",
          description:
            "A plan's texts in another language: one key per translatable text, read and written in batches",
        },
        { name: "imports", description: "Reading report files into stored plans" },
        { name: "session", description: "Signing in and out" },
      ],
      components: {
        securitySchemes: {
          bearer: {
            type: "http",
            scheme: "bearer",
            description:
              "An API token (`workplan token create`), sent as `Authorization: Bearer <token>`",
          },
          session: {
            type: "apiKey",
            in: "cookie",
            name: "wp_session",
            description: "The session cookie of a signed-in user (POST /api/v1/session sets it)",
          },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: (input) =>
      withoutUnusedSchemas(withExamples(withWriteHeaders(jsonSchemaTransformObject(input)))),
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

type Operation = {
  operationId?: string;
  parameters?: unknown[];
  requestBody?: { content?: Record<string, { examples?: unknown; example?: unknown }> };
  responses?: Record<string, unknown>;
};
type Document = {
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Record<string, unknown>> };
};

const IF_MATCH = {
  name: "If-Match",
  in: "header",
  required: false,
  description:
    'An ETag read before: a row\'s own (W/"<id>.v<n>") or the plan document\'s (W/"<planId>.r<n>"). The write applies only if what it names is unchanged, else 412.',
  schema: { type: "string" },
};

const IDEMPOTENCY_KEY = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description:
    "1–200 visible ASCII characters (e.g. a UUID): a retry with the same key and request answers what the first answered and creates nothing more.",
  schema: { type: "string", minLength: 1, maxLength: 200 },
};

const UNAVAILABLE = {
  description:
    "The database is unreachable or busy with concurrent writes for a moment: retry after Retry-After",
  headers: { "Retry-After": { schema: { type: "integer" }, description: "Seconds" } },
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
};

/** Documents the headers of writes: If-Match on every write, Idempotency-Key on creating POSTs, 503. */
function withWriteHeaders<T>(doc: T): T {
  const paths = (doc as Document).paths ?? {};
  for (const [path, ops] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!["post", "put", "patch", "delete"].includes(method)) continue;
      if (path.endsWith("/session")) continue;
      const creates = method === "post" && op.responses?.["201"] !== undefined;
      op.parameters = [
        ...(op.parameters ?? []),
        ...(path.includes("/plans/{year}") ? [IF_MATCH] : []),
        ...(creates ? [IDEMPOTENCY_KEY] : []),
      ];
      op.responses = { ...op.responses, "503": UNAVAILABLE };
    }
  }
  return doc;
}

/** Puts the GEALC examples on the main schemas (their input variants too) and request bodies. */
function withExamples<T>(doc: T): T {
  const { schemas, requests } = openApiExamples();
  const components = (doc as Document).components?.schemas ?? {};
  for (const [name, example] of Object.entries(schemas)) {
    for (const schema of [components[name], components[`${name}Input`]]) {
      if (schema && example !== undefined) schema.examples = [example];
    }
  }
  for (const ops of Object.values((doc as Document).paths ?? {})) {
    for (const op of Object.values(ops)) {
      const example = op.operationId ? requests[op.operationId] : undefined;
      const json = op.requestBody?.content?.["application/json"];
      if (json && example !== undefined) json.examples = { gealc: { value: example } };
    }
  }
  return doc;
}

/**
 * Drops the component schemas nothing refers to (the type provider registers an input and
 * an output variant of every named schema, and most are used one way only).
 */
function withoutUnusedSchemas<T>(doc: T): T {
  const components = (doc as Document).components?.schemas;
  if (!components) return doc;
  const refsIn = (v: unknown) =>
    [...JSON.stringify(v).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) =>
      decodeURIComponent(m[1] ?? ""),
    );
  const { components: _all, ...rest } = doc as Document & Record<string, unknown>;
  const used = new Set<string>();
  const queue = refsIn(rest);
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    if (used.has(name)) continue;
    used.add(name);
    queue.push(...refsIn(components[name] ?? {}));
  }
  for (const name of Object.keys(components)) if (!used.has(name)) delete components[name];
  return doc;
}
