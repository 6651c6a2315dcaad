/**
 * Restoring an item from its history, and deleting occurrences and relations: each behind a
 * confirmation page.
 */
import type { FastifyInstance } from "fastify";
import { deleteOccurrence } from "../../app/delete-occurrence.ts";
import { getEditActivity } from "../../app/get-edit-item.ts";
import { restoreVersion } from "../../app/restore-version.ts";
import { updateRelation } from "../../app/update-relation.ts";
import { AppError } from "../../core/errors.ts";
import { sendPage, type WebContext } from "../context.ts";
import { version } from "../form-input.ts";
import { html } from "../html.ts";
import { confirmPage } from "../pages/confirm.pages.ts";
import { relationLabel } from "../pages/editor.pages.ts";
import { saved, saveOrConflict, start } from "./editor-common.ts";

export async function historyEditorRoutes(app: FastifyInstance, web: WebContext): Promise<void> {
  app.get("/edit/:net/:year/history/:entry/restore", async (request, reply) => {
    const s = await start(web, request, reply, false);
    const { entry } = request.params as { entry: string };
    return sendPage(
      reply,
      confirmPage(s.ctx, {
        title: s.ctx.t.restoreConfirm,
        lines: [s.ctx.t.restoreExplain],
        action: `/edit${s.base}/history/${encodeURIComponent(entry)}/restore`,
        submit: s.ctx.t.restoreBefore,
        back: `/edit${s.base}`,
      }),
    );
  });

  app.post("/edit/:net/:year/history/:entry/restore", async (request, reply) => {
    const s = await start(web, request, reply, true);
    const { entry } = request.params as { entry: string };
    const r = await restoreVersion(s.deps, {
      network: s.p.net,
      year: s.year,
      entry,
      reason: String(s.body.reason ?? "") || undefined,
    });
    const where =
      r.kind === "activity"
        ? `/edit${s.base}/activities/${r.code}`
        : r.kind === "annex_item"
          ? `/edit${s.base}/annex`
          : `/edit${s.base}/sources`;
    return saved(reply, s.ctx, where);
  });

  app.get("/edit/:net/:year/activities/:code/relations/:index/delete", async (request, reply) => {
    const s = await start(web, request, reply, false);
    const index = Number((request.params as { index: string }).index);
    const v = version().parse((request.query as { version?: string }).version);
    const e = await getEditActivity(s.deps, {
      network: s.p.net,
      year: s.year,
      code: s.p.code,
      lang: s.ctx.lang,
    });
    const r = e.original.relations[index];
    if (!r) throw new AppError("not_found", `no relation ${index} of ${s.p.code}`);
    return sendPage(
      reply,
      confirmPage(s.ctx, {
        title: s.ctx.t.deleteRelationConfirm,
        lines: [`${s.p.code}: ${relationLabel(s.ctx, r.kind)} ${r.activity}`],
        action: `/edit${s.base}/activities/${s.p.code}/relations/${index}/delete`,
        submit: s.ctx.t.delete,
        back: `/edit${s.base}/activities/${s.p.code}`,
        fields: html`<input type="hidden" name="version" value="${v}">`,
      }),
    );
  });

  app.post("/edit/:net/:year/activities/:code/relations/:index/delete", async (request, reply) => {
    const s = await start(web, request, reply, true);
    const index = Number((request.params as { index: string }).index);
    return saveOrConflict(
      reply,
      s.ctx,
      `/edit${s.base}/activities/${s.p.code}`,
      () =>
        updateRelation(s.deps, {
          network: s.p.net,
          year: s.year,
          code: s.p.code,
          index,
          expectedVersion: version().parse(s.body.version),
          relation: null,
          reason: String(s.body.reason ?? "") || undefined,
        }),
      async () => [],
    );
  });

  app.get("/edit/:net/:year/activities/:code/occurrences/:index/delete", async (request, reply) => {
    const s = await start(web, request, reply, false);
    const { index } = request.params as { index: string };
    const v = version().parse((request.query as { version?: string }).version);
    return sendPage(
      reply,
      confirmPage(s.ctx, {
        title: s.ctx.t.deleteOccurrenceConfirm,
        lines: [s.ctx.t.restoreLater],
        action: `/edit${s.base}/activities/${s.p.code}/occurrences/${Number(index)}/delete`,
        submit: s.ctx.t.delete,
        back: `/edit${s.base}/activities/${s.p.code}`,
        fields: html`<input type="hidden" name="version" value="${v}">`,
      }),
    );
  });

  app.post(
    "/edit/:net/:year/activities/:code/occurrences/:index/delete",
    async (request, reply) => {
      const s = await start(web, request, reply, true);
      const { index } = request.params as { index: string };
      const back = `/edit${s.base}/activities/${s.p.code}`;
      return saveOrConflict(
        reply,
        s.ctx,
        back,
        () =>
          deleteOccurrence(s.deps, {
            network: s.p.net,
            year: s.year,
            code: s.p.code,
            index: Number(index),
            expectedVersion: version().parse(s.body.version),
          }),
        async () => [],
      );
    },
  );
}
