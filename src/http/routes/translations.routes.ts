import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { PlanTranslation } from "../../app/translate-plan.ts";
import { getPlanTranslation, savePlanTranslation } from "../../app/translate-plan.ts";
import { LIMITS } from "../../core/limits.ts";
import { Language } from "../../core/plan.ts";
import { planEtag } from "../etag.ts";
import { planPath } from "../paths.ts";
import { sendJson } from "../reply.ts";
import { PlanParams, problems, SECURITY } from "../schemas.ts";
import { depsFor, type RouteContext, writeDepsFor } from "./context.ts";
import { createExpectation } from "./write.ts";

const TranslationParams = PlanParams.extend({
  lang: Language.describe("The translation's language (not the plan's own)"),
});

const TranslationText = z
  .object({
    key: z
      .string()
      .describe(
        "The text's JSON Pointer in the plan document (as in `textLanguages`), e.g. /areas/0/activities/2/title. It names the same text as long as the plan's revision (the ETag) is the same; send the ETag back as If-Match to be sure.",
      ),
    where: z
      .object({
        section: z.enum([
          "plan",
          "governance",
          "assembly",
          "background",
          "purpose",
          "area",
          "activity",
          "annex",
          "source",
        ]),
        ref: z.string().nullable(),
        field: z.string(),
      })
      .describe(
        "What the text belongs to, for people: e.g. section activity, ref 3.1.5, field status/note",
      ),
    original: z.string().describe("The text in the plan's original language"),
    translation: z.string().nullable().describe("The text in this language; null: untranslated"),
    writable: z.boolean().describe("Whether you may write this text's translation"),
  })
  .meta({ id: "TranslationText" });

const TranslationOut = z
  .object({
    network: z.string(),
    year: z.number().int(),
    language: Language,
    originalLanguage: Language,
    revision: z.number().int(),
    total: z.number().int().describe("Translatable texts with words in the original"),
    translated: z.number().int().describe("Of those, the texts with a translation"),
    texts: z.array(TranslationText),
    changed: z.array(z.string()).optional().describe("After a PUT: the keys it changed"),
  })
  .meta({ id: "PlanTranslation" });

const TranslationBody = z
  .object({
    texts: z
      .record(z.string(), z.string().max(LIMITS.characters_per_text).nullable())
      .describe(
        "Key → the text in this language; null or blank removes the translation (the original shows again). Keys not given are left as they are.",
      ),
    expected: z
      .record(z.string(), z.string().nullable())
      .optional()
      .describe(
        "Key → the translation you last read (null: none). A finer check than If-Match: the batch is written only if each of these is still current (412 otherwise), whatever else changed in the plan.",
      ),
  })
  .meta({ id: "TranslationBatch" });

const present = (t: PlanTranslation & { changed?: string[] }) => ({
  network: t.plan.network.slug,
  year: t.plan.year,
  language: t.language,
  originalLanguage: t.plan.language,
  revision: t.plan.revision,
  total: t.total,
  translated: t.translated,
  texts: t.texts,
  ...(t.changed ? { changed: t.changed } : {}),
});

export async function translationRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const path = "/networks/:net/plans/:year/translations/:lang";

  r.get(
    path,
    {
      schema: {
        tags: ["translations"],
        operationId: "getPlanTranslation",
        summary: "Every translatable text of the plan, in its original and in one language",
        description:
          "Lists every translatable text of the plan's working copy (never URLs, codes or dates) in document order: its key, the original, the translation in `lang` (null where there is none) and whether you may write it. For signed-in members of the plan's network; 404 to others. The ETag names the plan's revision: send it as If-Match with the PUT. 409 for the plan's own language (its texts are edited through the other routes, without `lang`).",
        params: TranslationParams,
        security: SECURITY,
        response: { 200: TranslationOut, 304: z.undefined(), ...problems(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      const deps = await depsFor(ctx, request);
      const { net, year, lang } = request.params;
      const t = await getPlanTranslation(deps, { network: net, year, lang });
      return sendJson(request, reply, present(t), { etag: planEtag(t.plan.id, t.plan.revision) });
    },
  );

  r.put(
    path,
    {
      schema: {
        tags: ["translations"],
        operationId: "updatePlanTranslation",
        summary: "Write texts of the plan in one language (a batch of keys → texts)",
        description:
          "Writes the given texts in `lang` without touching the original, all or none. Each key must be one GET lists; null or blank removes that translation. Needs the `translate` right (network admins and editors: every text; coordinators: the activities of their areas). With If-Match (the GET's ETag) it applies only if nothing in the plan changed since (412 otherwise). Recorded in the history; never an amendment: on an approved plan it becomes public with the next edition. Answers the translation as it is now.",
        params: TranslationParams,
        body: TranslationBody,
        security: SECURITY,
        response: { 200: TranslationOut, ...problems(400, 401, 403, 404, 409, 412, 413, 422) },
      },
    },
    async (request, reply) => {
      const deps = await writeDepsFor(ctx, request);
      const { net, year, lang } = request.params;
      const expect = await createExpectation(request, deps, { network: net, year });
      const t = await savePlanTranslation(deps, {
        network: net,
        year,
        lang,
        texts: request.body.texts,
        ...(request.body.expected ? { expected: request.body.expected } : {}),
        ...expect,
      });
      return sendJson(request, reply, present(t), {
        etag: planEtag(t.plan.id, t.plan.revision),
        location: `${planPath(net, year)}/translations/${lang}`,
      });
    },
  );
}
