/** An area in the editor: title and objective, the translation beside them, its history. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { getEditArea } from "../../app/get-edit-item.ts";
import { inOneTransaction } from "../../app/transact.ts";
import { updateArea } from "../../app/update-area.ts";
import { AppError } from "../../core/errors.ts";
import { sendPage, type WebContext } from "../context.ts";
import { parseForm, required, text, version } from "../form-input.ts";
import type { Values } from "../pages/editor.pages.ts";
import type { FieldErrors } from "../pages/forms.ts";
import { areaEditPage } from "../pages/plan-edit.pages.ts";
import { type Started, saveOrConflict, start } from "./editor-common.ts";
import { historyFor } from "./editor-views.ts";

const AreaForm = z.object({
  version: version(),
  title: required(),
  objective: text(),
  title_tr: text(),
  objective_tr: text(),
  reason: text(),
});

export async function areaEditorRoutes(app: FastifyInstance, web: WebContext): Promise<void> {
  const areaPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    s: Started,
    values: Values = {},
    errors: FieldErrors = {},
  ) => {
    const { ctx } = s;
    const e = await getEditArea(s.deps, {
      network: s.p.net,
      year: s.year,
      code: s.p.code,
      lang: ctx.lang,
    });
    if (!e.canEdit) throw new AppError("forbidden", "may not edit this area");
    return sendPage(
      reply,
      areaEditPage(ctx, {
        base: s.base,
        year: s.year,
        origLang: s.plan.language,
        area: e.area,
        translation: e.translation,
        values,
        errors,
        saved: (request.query as { saved?: string }).saved === "1",
        history: await historyFor(web, request, ctx, s.plan, "area", e.area.code),
      }),
      Object.keys(errors).length ? 400 : 200,
    );
  };

  app.get("/edit/:net/:year/areas/:code", async (request, reply) =>
    areaPage(request, reply, await start(web, request, reply, false)),
  );

  app.post("/edit/:net/:year/areas/:code", async (request, reply) => {
    const s = await start(web, request, reply, true);
    const { ctx } = s;
    const key = { network: s.p.net, year: s.year, code: s.p.code };
    const e = await getEditArea(s.deps, { ...key, lang: ctx.lang });
    const form = parseForm(AreaForm, request.body, ctx.t);
    if (!form.ok) return areaPage(request, reply, s, s.body as Values, form.errors);
    const f = form.data;
    // The original and its translation are saved together or not at all.
    return saveOrConflict(
      reply,
      ctx,
      `/edit${s.base}/areas/${s.p.code}`,
      () =>
        inOneTransaction(s.deps, async (deps) => {
          let v = f.version;
          if (f.title !== e.area.title || f.objective !== e.area.objective) {
            v = (
              await updateArea(deps, {
                ...key,
                expectedVersion: v,
                lang: s.plan.language,
                title: f.title,
                objective: f.objective,
                reason: f.reason,
              })
            ).version;
          }
          const tr = e.translation;
          const changed = tr && (f.title_tr !== tr.title || f.objective_tr !== tr.objective);
          if (changed && (f.title_tr || f.objective_tr)) {
            await updateArea(deps, {
              ...key,
              expectedVersion: v,
              lang: ctx.lang,
              ...(f.title_tr ? { title: f.title_tr } : {}),
              objective: f.objective_tr,
            });
          }
        }),
      async () => {
        const now = await getEditArea(s.deps, { ...key, lang: ctx.lang });
        return [
          { label: ctx.t.title, theirs: now.area.title, yours: f.title },
          { label: ctx.t.objective, theirs: now.area.objective, yours: f.objective },
        ];
      },
    );
  });
}
