/**
 * Restoring an item from its history, and deleting occurrences and relations: each behind a
 * confirmation page.
 */
import type { FastifyInstance } from "fastify";
import { deleteOccurrence } from "../../app/delete-occurrence.ts";
import { getEditActivity } from "../../app/get-edit-item.ts";
import { getItemHistory } from "../../app/get-item-history.ts";
import { restoreVersion } from "../../app/restore-version.ts";
import { updateRelation } from "../../app/update-relation.ts";
import { AppError } from "../../core/errors.ts";
import { RELATION_KINDS, type Relation } from "../../core/plan.ts";
import { sendPage, type WebContext } from "../context.ts";
import { version } from "../form-input.ts";
import { html } from "../html.ts";
import { confirmPage } from "../pages/confirm.pages.ts";
import { relationEditPage, relationLabel, simpleEditPage } from "../pages/editor.pages.ts";
import type { FieldErrors } from "../pages/forms.ts";
import { historyBlock, partSubject } from "../pages/history.pages.ts";
import { type Body, type Started, saved, saveOrConflict, start, str } from "./editor-common.ts";

/** Another activity's code: "3.6.4", or "2023:3.1.5" for one carried over from a past plan. */
const RELATED_CODE = /^(\d{4}:)?\d+\.\d+\.\d+$/;

export async function historyEditorRoutes(app: FastifyInstance, web: WebContext): Promise<void> {
  // The history of the plan's annex and of its sources, deleted items included, each change
  // with "put back as before" (the confirmation page below, then restoreVersion).
  for (const part of ["annex", "sources"] as const) {
    app.get(`/edit/:net/:year/${part}/history`, async (request, reply) => {
      const s = await start(web, request, reply, false);
      const { ctx } = s;
      const entries = await getItemHistory(s.deps, {
        network: s.p.net,
        year: s.year,
        item: { kind: part },
      });
      const title = part === "annex" ? ctx.t.annexHistory : ctx.t.sourcesHistory;
      const list = part === "annex" ? ctx.t.annexItems : ctx.t.planSources;
      return sendPage(
        reply,
        simpleEditPage(ctx, {
          title,
          year: s.year,
          crumbs: [
            { href: s.base, label: ctx.t.planOf(s.year) },
            { href: `/edit${s.base}/${part}`, label: list },
            { label: ctx.t.history },
          ],
          body: html`<p class="hint">${ctx.t.deletedItemsHint}</p>${historyBlock(
            ctx,
            entries,
            { base: s.base },
            partSubject,
          )}`,
        }),
      );
    });
  }

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

  // Correcting one relation of an activity: its kind and the other activity (on an approved
  // plan, an amendment with its reason). A stale form gets the "changed by someone else" page.
  const relationOf = async (s: Started, index: number) => {
    const e = await getEditActivity(s.deps, {
      network: s.p.net,
      year: s.year,
      code: s.p.code,
      lang: s.ctx.lang,
    });
    if (!e.canEdit) throw new AppError("forbidden", "may not edit this activity");
    const r = e.original.relations[index];
    if (!r) throw new AppError("not_found", `no relation ${index} of ${s.p.code}`);
    return { relation: r, version: e.version };
  };
  const relationForm = async (s: Started, index: number, values: Body, errors: FieldErrors) => {
    const { relation: r, version: v } = await relationOf(s, index);
    const act = `/edit${s.base}/activities/${s.p.code}`;
    return relationEditPage(s.ctx, {
      action: `${act}/relations/${index}`,
      back: act,
      code: s.p.code,
      year: s.year,
      version: v,
      frozen: s.plan.lifecycleStatus === "approved",
      values: (Object.keys(values).length
        ? values
        : { kind: r.kind, activity: r.activity }) as Record<string, string>,
      errors,
    });
  };
  const relationIndex = (params: unknown) => {
    const index = Number((params as { index: string }).index);
    if (!Number.isInteger(index) || index < 0) throw new AppError("not_found", "no relation");
    return index;
  };

  app.get("/edit/:net/:year/activities/:code/relations/:index", async (request, reply) => {
    const s = await start(web, request, reply, false);
    return sendPage(reply, await relationForm(s, relationIndex(request.params), {}, {}));
  });

  app.post("/edit/:net/:year/activities/:code/relations/:index", async (request, reply) => {
    const s = await start(web, request, reply, true);
    const { ctx, body: b } = s;
    const index = relationIndex(request.params);
    const kind = str(b, "kind") as Relation["kind"];
    const activity = str(b, "activity");
    const errors: FieldErrors = {};
    if (!RELATION_KINDS.includes(kind)) errors.kind = ctx.t.required;
    if (!activity) errors.activity = ctx.t.required;
    else if (!RELATED_CODE.test(activity)) errors.activity = ctx.t.relationTargetInvalid;
    else if (activity === s.p.code) errors.activity = ctx.t.relationTargetInvalid;
    if (Object.keys(errors).length) {
      return sendPage(reply, await relationForm(s, index, b, errors), 400);
    }
    const { relation: was } = await relationOf(s, index);
    return saveOrConflict(
      reply,
      ctx,
      `/edit${s.base}/activities/${s.p.code}`,
      () =>
        updateRelation(s.deps, {
          network: s.p.net,
          year: s.year,
          code: s.p.code,
          index,
          expectedVersion: version().parse(b.version),
          // The source that declared it stays with it.
          relation: { kind, activity, source: was.source },
          reason: str(b, "reason") || undefined,
        }),
      async () => {
        const now = await relationOf(s, index).catch(() => null);
        const say = (r: { kind: string; activity: string } | null) =>
          r ? `${relationLabel(ctx, r.kind)} ${r.activity}` : "—";
        return [
          {
            label: ctx.t.relations,
            theirs: say(now?.relation ?? null),
            yours: say({ kind, activity }),
          },
        ];
      },
    );
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
