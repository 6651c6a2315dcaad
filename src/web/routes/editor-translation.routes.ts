/**
 * A plan's translation in the editor: the side-by-side view of every translatable text in
 * one language (saved through the same use case as the API's /translations), and the upload
 * of a translated report (the same use case as `import --translation-of`).
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { attachTranslation } from "../../app/attach-translation.ts";
import { getPlanTranslation, savePlanTranslation } from "../../app/translate-plan.ts";
import { AppError, isAppError } from "../../core/errors.ts";
import { LIMITS } from "../../core/limits.ts";
import { Language } from "../../core/plan.ts";
import { lineFinder } from "../../import/line-finder.ts";
import { loadAnyPlan } from "../../import/load-plan.ts";
import { sendPage, type WebContext } from "../context.ts";
import { translationPage, type UploadOutcome } from "../pages/translation.pages.ts";
import { saveOrConflict, start } from "./editor-common.ts";

type TP = { net: string; year: string; lang: string };

/** The translation's language from the path; another value is no page at all. */
function langOf(request: FastifyRequest): Language {
  const l = Language.safeParse((request.params as TP).lang);
  if (!l.success) throw new AppError("not_found", "no such language");
  return l.data;
}

/** A multipart upload read: its fields, and its one file (name and bytes). */
type Upload = { _csrf?: string; partial?: string; file?: { name: string; bytes: Uint8Array } };

/** Reads a multipart/form-data body with the platform's own parser (undici's FormData). */
async function readMultipart(request: FastifyRequest, body: Buffer): Promise<Upload> {
  let fd: FormData;
  try {
    fd = await new Response(body, {
      headers: { "content-type": String(request.headers["content-type"]) },
    }).formData();
  } catch {
    throw new AppError("invalid_input", "the upload could not be read as a form");
  }
  const out: Upload = {};
  const csrf = fd.get("_csrf");
  if (typeof csrf === "string") out._csrf = csrf;
  const partial = fd.get("partial");
  if (typeof partial === "string") out.partial = partial;
  const file = fd.get("file");
  if (file && typeof file !== "string" && file.size > 0) {
    out.file = {
      name: file.name.replace(/^.*[\\/]/, "") || "upload.txt",
      bytes: new Uint8Array(await file.arrayBuffer()),
    };
  }
  return out;
}

/** The form's texts that changed: key → new text (null: removed), and what each showed before. */
function changedTexts(body: Record<string, unknown>) {
  // Browsers send a text area's line breaks as CRLF: stored texts use LF.
  const one = (v: unknown) => String(Array.isArray(v) ? v[0] : (v ?? "")).replace(/\r\n?/g, "\n");
  const texts: Record<string, string | null> = {};
  const expected: Record<string, string | null> = {};
  for (const [name, v] of Object.entries(body)) {
    if (!name.startsWith("tr:")) continue;
    const key = name.slice(3);
    const now = one(v).trim();
    const was = one(body[`was:${key}`]).trim();
    if (now === was) continue;
    texts[key] = now === "" ? null : now;
    expected[key] = was === "" ? null : was;
  }
  return { texts, expected };
}

export async function translationEditorRoutes(
  app: FastifyInstance,
  web: WebContext,
): Promise<void> {
  const path = "/edit/:net/:year/translations/:lang";

  app.get(path, async (request, reply) => {
    const lang = langOf(request);
    const s = await start(web, request, reply, false);
    const q = request.query as { missing?: string; saved?: string };
    const translation = await getPlanTranslation(s.deps, {
      network: s.p.net,
      year: s.year,
      lang,
    });
    return sendPage(
      reply,
      translationPage(s.ctx, {
        translation,
        missingOnly: q.missing === "1",
        saved: q.saved === "1",
        upload: null,
        canUpload: translation.mayTranslatePlan,
      }),
    );
  });

  app.post(path, async (request, reply) => {
    const lang = langOf(request);
    const s = await start(web, request, reply, true);
    const missing = (request.query as { missing?: string }).missing === "1";
    const back = `/edit${s.base}/translations/${lang}${missing ? "?missing=1" : ""}`;
    const key = { network: s.p.net, year: s.year, lang };
    const { texts, expected } = changedTexts(s.body);
    return saveOrConflict(
      reply,
      s.ctx,
      back,
      async () => {
        if (Object.keys(texts).length > 0)
          await savePlanTranslation(s.deps, { ...key, texts, expected });
      },
      async () => {
        const now = await getPlanTranslation(s.deps, key);
        return now.texts
          .filter((t) => t.key in texts && t.translation !== expected[t.key])
          .map((t) => ({
            label: `${s.ctx.t.tr_section(t.where.section, t.where.ref ?? "")} · ${s.ctx.t.tr_field(t.where.field)}`,
            theirs: t.translation ?? "",
            yours: texts[t.key] ?? "",
          }));
      },
    );
  });

  // Its own scope: only here is a multipart body read (into fields and one file).
  await app.register(async (scope) => {
    scope.addContentTypeParser(
      "multipart/form-data",
      { parseAs: "buffer", bodyLimit: LIMITS.request_body_bytes },
      async (request: FastifyRequest, body: Buffer) => readMultipart(request, body),
    );
    scope.post(`${path}/upload`, async (request, reply) => {
      const lang = langOf(request);
      const s = await start(web, request, reply, true);
      const key = { network: s.p.net, year: s.year };
      const up = (request.body ?? {}) as Upload;
      const outcome: UploadOutcome = { attached: null, mismatches: [], error: null };
      let status = 200;
      if (!up.file) {
        outcome.error = s.ctx.t.tr_noFile;
        status = 400;
      } else {
        const { name, bytes } = up.file;
        try {
          const { plan: document } = await loadAnyPlan(bytes, name);
          if (document.language !== lang)
            throw new AppError(
              "invalid_input",
              `${name}: the report is written in ${document.language}, this page translates into ${lang}`,
            );
          const r = await attachTranslation(s.deps, {
            ...key,
            document,
            partial: up.partial === "1",
            fileName: name,
            lineOf: lineFinder(Buffer.from(bytes).toString("utf8")),
          });
          outcome.attached = r.attached;
          outcome.mismatches = r.mismatches.map((m) => `${name}:${m.line}: ${m.message}`);
        } catch (e) {
          if (!isAppError(e) || ["unauthenticated", "forbidden", "not_found"].includes(e.code))
            throw e;
          status = e.code === "parse_error" ? 422 : e.code === "conflict" ? 409 : 400;
          const lines = e.details.filter((d) => d.line !== undefined);
          outcome.error = lines.length > 0 ? s.ctx.t.tr_nothingAttached : e.message;
          outcome.mismatches = lines.map((d) => `${d.path ?? name}:${d.line}: ${d.message}`);
        }
      }
      const translation = await getPlanTranslation(s.deps, { ...key, lang });
      return sendPage(
        reply,
        translationPage(s.ctx, {
          translation,
          missingOnly: false,
          saved: false,
          upload: outcome,
          canUpload: translation.mayTranslatePlan,
        }),
        status,
      );
    });
  });
}
