/**
 * The annex of unplanned activities and the plan's sources, in the editor: each source with
 * its link's last check and whether anything cites it; deleting one behind a confirmation.
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { addAnnexItem } from "../../app/add-annex-item.ts";
import { addSource } from "../../app/add-source.ts";
import { deleteAnnexItem } from "../../app/delete-annex-item.ts";
import { deleteSource } from "../../app/delete-source.ts";
import { findPlanPart } from "../../app/find-plan-part.ts";
import { getPlanDocument } from "../../app/get-plan-document.ts";
import { listPlanSources } from "../../app/list-plan-sources.ts";
import { updateAnnexItem } from "../../app/update-annex-item.ts";
import { citedIds, marker, stripCitations } from "../../core/citations.ts";
import { AppError } from "../../core/errors.ts";
import { sendPage, type WebContext } from "../context.ts";
import { parseForm, required, text, version } from "../form-input.ts";
import { html } from "../html.ts";
import { href } from "../layout.ts";
import { confirmPage } from "../pages/confirm.pages.ts";
import { timing } from "../pages/content.ts";
import { annexItemEditPage, type Values } from "../pages/editor.pages.ts";
import { type FieldErrors, select } from "../pages/forms.ts";
import { annexItemPage, sourcePage } from "../pages/plan-edit.pages.ts";
import {
  afterYearEndOf,
  type Body,
  evidenceOf,
  type Started,
  saved,
  saveOrConflict,
  start,
  str,
  whenOf,
  yearRuleError,
} from "./editor-common.ts";

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

  const annexOf = async (s: Started) =>
    (
      await getPlanDocument(s.deps, { network: s.p.net, year: s.year, lang: s.ctx.lang })
    ).document.annex.map((it) => ({ when: timing(it.when, s.ctx), title: it.title }));

  app.get("/edit/:net/:year/annex", async (request, reply) => {
    const s = await start(web, request, reply, false);
    const init = { base: s.base, year: s.year, saved: isSaved(request.query) };
    const items = await annexOf(s);
    return sendPage(reply, annexItemPage(s.ctx, { ...init, values: {}, errors: {}, items }));
  });

  // Correcting an item of the annex: its time, its text, more evidence (the year rule in
  // words); a form from an older version gets the "changed by someone else" page.
  const annexItemOf = async (s: Started, index: number) => {
    const doc = await getPlanDocument(s.deps, {
      network: s.p.net,
      year: s.year,
      lang: s.ctx.lang,
    });
    const item = doc.document.annex[index];
    if (!item) throw new AppError("not_found", `no annex item ${index}`);
    const part = await findPlanPart(s.deps, {
      network: s.p.net,
      year: s.year,
      part: { kind: "annex_item", index },
    });
    return { item, version: part.version };
  };

  const annexEditForm = async (s: Started, index: number, values: Body, errors: FieldErrors) => {
    const { item, version: v } = await annexItemOf(s, index);
    const w = item.when;
    const shown: Body = Object.keys(values).length
      ? values
      : {
          title: stripCitations(item.title).trim(),
          date: w.kind === "date" ? (w.start ?? "") : "",
          month: w.kind === "month" ? (w.start ?? "").slice(0, 7) : "",
          after_year_end: w.start && w.start > `${s.year}-12-31` ? "1" : "",
        };
    return annexItemEditPage(s.ctx, {
      action: `/edit${s.base}/annex/${index}`,
      back: `/edit${s.base}/annex`,
      year: s.year,
      version: v,
      values: shown as Values,
      errors,
    });
  };

  const indexOf = (request: { params: unknown }) => {
    const index = Number((request.params as { index: string }).index);
    if (!Number.isInteger(index) || index < 0) throw new AppError("not_found", "no annex item");
    return index;
  };

  app.get("/edit/:net/:year/annex/:index", async (request, reply) => {
    const s = await start(web, request, reply, false);
    return sendPage(reply, await annexEditForm(s, indexOf(request), {}, {}));
  });

  app.post("/edit/:net/:year/annex/:index", async (request, reply) => {
    const s = await start(web, request, reply, true);
    const { ctx, body: b } = s;
    const index = indexOf(request);
    const errors: FieldErrors = {};
    const title = str(b, "title");
    if (!title) errors.title = ctx.t.required;
    // No date and no month: the item keeps its time (one the form cannot show, e.g. a semester).
    const when = str(b, "date") || str(b, "month") ? whenOf(b, s.year, ctx.lang, ctx.t) : null;
    if (typeof when === "string") errors.date = when;
    else if (when) {
      const rule = yearRuleError(when, s.year, b, ctx.t);
      if (rule) errors.date = rule;
    }
    const ev = evidenceOf(b, ctx.t);
    if (typeof ev === "string") errors.url = ev;
    if (Object.keys(errors).length || typeof when === "string" || typeof ev === "string") {
      return sendPage(reply, await annexEditForm(s, index, b, errors), 400);
    }
    const { item } = await annexItemOf(s, index);
    // The title is shown without its citation markers: an unchanged one is not sent, and a
    // changed one keeps the markers of the old one (at its end), so its citations stay.
    const kept = citedIds(item.title).filter((id) => !citedIds(title).includes(id));
    const changed = title !== stripCitations(item.title).trim();
    const back = `/edit${s.base}/annex`;
    return saveOrConflict(
      reply,
      ctx,
      back,
      () =>
        updateAnnexItem(s.deps, {
          network: s.p.net,
          year: s.year,
          index,
          expectedVersion: version().parse(b.version),
          lang: ctx.lang,
          ...(when ? { when } : {}),
          ...(changed ? { title: `${title}${kept.map(marker).join("")}` } : {}),
          evidence: ev ? [{ url: ev.url, label: ev.label, note: null, text: null }] : [],
          afterYearEnd: afterYearEndOf(b),
        }),
      async () => {
        const now = await annexItemOf(s, index);
        return [
          {
            label: ctx.t.title,
            theirs: stripCitations(now.item.title),
            yours: title,
          },
          {
            label: ctx.t.occurrenceDate,
            theirs: timing(now.item.when, ctx),
            yours: when ? timing(when, ctx) : timing(now.item.when, ctx),
          },
        ];
      },
    );
  });

  // Deleting an item of the annex, behind a confirmation page (no JavaScript needed).
  app.get("/edit/:net/:year/annex/:index/delete", async (request, reply) => {
    const s = await start(web, request, reply, false);
    const index = Number((request.params as { index: string }).index);
    const item = (await annexOf(s))[index];
    if (!item) throw new AppError("not_found", `no annex item ${index}`);
    const part = await findPlanPart(s.deps, {
      network: s.p.net,
      year: s.year,
      part: { kind: "annex_item", index },
    });
    return sendPage(
      reply,
      confirmPage(s.ctx, {
        title: s.ctx.t.deleteAnnexItemConfirm,
        lines: [`${item.when} — ${stripCitations(item.title)}`],
        action: `/edit${s.base}/annex/${index}/delete`,
        submit: s.ctx.t.delete,
        back: `/edit${s.base}/annex`,
        fields: html`<input type="hidden" name="version" value="${part.version}">`,
      }),
    );
  });

  app.post("/edit/:net/:year/annex/:index/delete", async (request, reply) => {
    const s = await start(web, request, reply, true);
    const index = Number((request.params as { index: string }).index);
    return saveOrConflict(
      reply,
      s.ctx,
      `/edit${s.base}/annex`,
      () =>
        deleteAnnexItem(s.deps, {
          network: s.p.net,
          year: s.year,
          index,
          expectedVersion: version().parse(s.body.version),
        }),
      async () => [],
    );
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

  const sourcesOf = (s: Started) =>
    listPlanSources(s.deps, { network: s.p.net, year: s.year, lang: s.ctx.lang });

  app.get("/edit/:net/:year/sources", async (request, reply) => {
    const s = await start(web, request, reply, false);
    const init = { base: s.base, year: s.year, saved: isSaved(request.query) };
    const sources = await sourcesOf(s);
    return sendPage(reply, sourcePage(s.ctx, { ...init, values: {}, errors: {}, sources }));
  });

  // Deleting a source, behind a confirmation page; a cited one asks what becomes of its
  // citations (removed, or moved to another source).
  app.get("/edit/:net/:year/sources/:id/delete", async (request, reply) => {
    const s = await start(web, request, reply, false);
    const { ctx } = s;
    const id = Number((request.params as { id: string }).id);
    const all = await sourcesOf(s);
    const entry = all.find((e) => e.source.id === id);
    if (!entry) throw new AppError("not_found", `no source ${id}`);
    const others = all.filter((e) => e.source.id !== id);
    const choice = entry.cited
      ? html`<fieldset><legend>${ctx.t.sourceIsCited}</legend>
<p><label><input type="radio" name="citations" value="remove" checked> ${ctx.t.citationsRemove}</label></p>
${
  others.length
    ? html`<p><label><input type="radio" name="citations" value="replace"> ${ctx.t.citationsReplace}</label></p>
${select(
  "replacement",
  ctx.t.citationsReplace,
  others.map((e) => ({
    value: String(e.source.id),
    label: `[${e.source.id}] ${e.source.label ?? e.source.url ?? ""}`,
  })),
  null,
)}`
    : ""
}</fieldset>`
      : html``;
    return sendPage(
      reply,
      confirmPage(ctx, {
        title: ctx.t.deleteSourceConfirm(id),
        lines: [entry.source.label ?? entry.source.url ?? ""],
        action: `/edit${s.base}/sources/${id}/delete`,
        submit: ctx.t.delete,
        back: `/edit${s.base}/sources`,
        fields: html`<input type="hidden" name="version" value="${entry.version}">${choice}`,
      }),
    );
  });

  app.post("/edit/:net/:year/sources/:id/delete", async (request, reply) => {
    const s = await start(web, request, reply, true);
    const id = Number((request.params as { id: string }).id);
    const choice = str(s.body, "citations");
    const citations = choice === "remove" || choice === "replace" ? choice : undefined;
    const replacement = Number(str(s.body, "replacement"));
    return saveOrConflict(
      reply,
      s.ctx,
      `/edit${s.base}/sources`,
      () =>
        deleteSource(s.deps, {
          network: s.p.net,
          year: s.year,
          id,
          expectedVersion: version().parse(s.body.version),
          ...(citations ? { citations } : {}),
          ...(citations === "replace" && replacement > 0 ? { replacement } : {}),
        }),
      async () => [],
    );
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
