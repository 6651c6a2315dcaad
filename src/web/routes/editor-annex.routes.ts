/** The annex of unplanned activities and the plan's sources, in the editor. */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { addAnnexItem } from "../../app/add-annex-item.ts";
import { addSource } from "../../app/add-source.ts";
import { sendPage, type WebContext } from "../context.ts";
import { parseForm, required, text } from "../form-input.ts";
import { href } from "../layout.ts";
import type { Values } from "../pages/editor.pages.ts";
import type { FieldErrors } from "../pages/forms.ts";
import { annexItemPage, sourcePage } from "../pages/plan-edit.pages.ts";
import { evidenceOf, saved, start, whenOf } from "./editor-common.ts";

const AnnexForm = z.object({
  date: text(),
  month: text(),
  title: required(),
  url: text(),
  label: text(),
});
const SourceForm = z.object({ url: required(), label: text(), note: text() });

export async function annexEditorRoutes(app: FastifyInstance, web: WebContext): Promise<void> {
  const isSaved = (query: unknown) => (query as { saved?: string }).saved === "1";

  app.get("/edit/:net/:year/annex", async (request, reply) => {
    const s = await start(web, request, reply, false);
    const init = { base: s.base, year: s.year, saved: isSaved(request.query) };
    return sendPage(reply, annexItemPage(s.ctx, { ...init, values: {}, errors: {} }));
  });

  app.post("/edit/:net/:year/annex", async (request, reply) => {
    const s = await start(web, request, reply, true);
    const { ctx } = s;
    const form = parseForm(AnnexForm, request.body, ctx.t);
    const errors: FieldErrors = form.ok ? {} : form.errors;
    const when = whenOf(s.body, s.year, ctx.lang, ctx.t);
    if (typeof when === "string") errors.date = when;
    const ev = evidenceOf(s.body, ctx.t);
    if (typeof ev === "string") errors.url = ev;
    if (!form.ok || typeof when === "string" || typeof ev === "string") {
      const init = { base: s.base, year: s.year, saved: isSaved(request.query) };
      return sendPage(
        reply,
        annexItemPage(ctx, { ...init, values: s.body as Values, errors }),
        400,
      );
    }
    await addAnnexItem(s.deps, {
      network: s.p.net,
      year: s.year,
      lang: ctx.lang,
      when,
      title: form.data.title,
      evidence: ev ? [{ url: ev.url, label: ev.label, note: null, text: null }] : [],
    });
    return reply.redirect(href(ctx, `${s.base}/annex`), 303);
  });

  app.get("/edit/:net/:year/sources", async (request, reply) => {
    const s = await start(web, request, reply, false);
    const init = { base: s.base, year: s.year, saved: isSaved(request.query) };
    return sendPage(reply, sourcePage(s.ctx, { ...init, values: {}, errors: {} }));
  });

  app.post("/edit/:net/:year/sources", async (request, reply) => {
    const s = await start(web, request, reply, true);
    const { ctx } = s;
    const form = parseForm(SourceForm, request.body, ctx.t);
    const ev = evidenceOf(s.body, ctx.t);
    const errors: FieldErrors = form.ok ? {} : { ...form.errors };
    if (errors.url || ev === null) errors.url = ctx.t.urlInvalid;
    if (typeof ev === "string") errors.url = ev;
    if (!form.ok || !ev || typeof ev === "string") {
      const init = { base: s.base, year: s.year, saved: isSaved(request.query) };
      return sendPage(reply, sourcePage(ctx, { ...init, values: s.body as Values, errors }), 400);
    }
    await addSource(s.deps, {
      network: s.p.net,
      year: s.year,
      lang: ctx.lang,
      url: ev.url,
      label: ev.label,
      note: form.data.note || null,
      text: null,
    });
    return saved(reply, ctx, `/edit${s.base}/sources`);
  });
}
