import { z } from "zod";
import { AppError } from "../core/errors.ts";
import type { Activity, AnnexItem, Occurrence, Source, Status } from "../core/plan.ts";
import { checkVersion } from "../core/version.ts";
import { findActivity, updateActivityRow } from "../db/activity.repository.ts";
import { annexIndexOf, findAnnexItem } from "../db/annex.repository.ts";
import { listAreaRefs } from "../db/area.repository.ts";
import { listAudit } from "../db/audit.repository.ts";
import { activityCodeOf, replaceOccurrences } from "../db/occurrence.repository.ts";
import { getPlan } from "../db/plan.repository.ts";
import { findSource, insertSource, sourceNumberOf } from "../db/source.repository.ts";
import { addAnnexItem } from "./add-annex-item.ts";
import { authorize, requireActor } from "./authorize.ts";
import { Lang, notFound, PlanKey, Reason } from "./common.ts";
import type { Deps } from "./deps.ts";
import { setStatus } from "./set-status.ts";
import { changePlanContent, inOneTransaction } from "./transact.ts";
import { updateActivity } from "./update-activity.ts";
import { updateAnnexItem } from "./update-annex-item.ts";
import { updateSource } from "./update-source.ts";
import { parseInput } from "./validate.ts";

const Input = z.object({
  ...PlanKey,
  /** The history entry (audit id) whose change is undone: what it changed is put back. */
  entry: z.string().min(1),
  lang: Lang,
  reason: Reason,
});
export type RestoreVersionInput = z.input<typeof Input>;

/** What a restore touched, for the caller to link to. */
export type Restored =
  | { kind: "activity"; code: string }
  | { kind: "annex_item"; index: number }
  | { kind: "source"; id: number };

/**
 * Puts back an item as it was before one change of its history (a deleted annex item or
 * source comes back), written as a new change by the use case that owns that kind of
 * change: its authorization and audit apply, and on an approved plan a change to planned
 * content is an amendment. The history entry must be this plan's.
 */
export async function restoreVersion(deps: Deps, input: RestoreVersionInput): Promise<Restored> {
  requireActor(deps);
  const i = parseInput(Input, input);
  return inOneTransaction(deps, async (d) => {
    const plan = await getPlan(d.db, i.network, i.year);
    const [e] = await listAudit(d.db, { id: i.entry, planId: plan.id, limit: 1 });
    if (!e) return notFound(`change ${i.entry}`);
    if (e.before === null) {
      throw new AppError("conflict", "this change made the item: there is no earlier version");
    }
    const key = { network: i.network, year: i.year, ...(i.lang ? { lang: i.lang } : {}) };
    if (e.entityKind === "activity") {
      const code = (await activityCodeOf(d.db, plan.id, e.entityId)) ?? notFound("activity");
      const now = (await findActivity(d.db, plan, code, plan.language)) ?? notFound("activity");
      const at = { ...key, code, expectedVersion: now.version };
      if (e.action === "activity.set_status") {
        await setStatus(d, { ...at, status: e.before as Status });
      } else if (e.action === "activity.update") {
        const b = e.before as Activity;
        await updateActivity(d, {
          ...at,
          title: b.title,
          location: b.location,
          planned: b.planned,
          relations: b.relations,
          ...(i.reason ? { reason: i.reason } : {}),
        });
      } else if (/_occurrences?$/.test(e.action)) {
        await restoreOccurrences(d, { ...at, occurrences: e.before as Occurrence[] });
      } else {
        throw new AppError("conflict", `a change "${e.action}" cannot be undone here`);
      }
      return { kind: "activity", code };
    }
    if (e.entityKind === "annex_item") {
      const b = e.before as AnnexItem;
      const index = await annexIndexOf(d.db, plan.id, e.entityId);
      if (index === null) {
        const added = await addAnnexItem(d, {
          ...key,
          when: b.when,
          title: b.title,
          sources: b.sources,
        });
        return { kind: "annex_item", index: added.index };
      }
      const cur = (await findAnnexItem(d.db, plan, index, plan.language)) ?? notFound("annex item");
      await updateAnnexItem(d, {
        ...key,
        index,
        expectedVersion: cur.version,
        when: b.when,
        title: b.title,
        sources: b.sources,
        afterYearEnd: true,
      });
      return { kind: "annex_item", index };
    }
    if (e.entityKind === "source") {
      const b = e.before as Source;
      const number = await sourceNumberOf(d.db, plan.id, e.entityId);
      if (number === null) {
        return { kind: "source", id: await reinsertSource(d, { ...key, source: b }) };
      }
      const cur = (await findSource(d.db, plan, number, plan.language)) ?? notFound("source");
      const { id: _id, ...fields } = b;
      await updateSource(d, { ...key, id: number, expectedVersion: cur.version, ...fields });
      return { kind: "source", id: number };
    }
    throw new AppError("conflict", `a change to a ${e.entityKind} cannot be undone here`);
  });
}

const OccurrencesInput = z.object({
  ...PlanKey,
  code: z.string(),
  expectedVersion: z.number().int(),
  lang: Lang,
  occurrences: z.array(z.custom<Occurrence>()),
});

/** Puts back an activity's list of occurrences as it was. */
function restoreOccurrences(deps: Deps, input: z.input<typeof OccurrencesInput>) {
  return changePlanContent(deps, OccurrencesInput, input, async (w, i) => {
    const { trx, plan, lang, now } = w;
    const before = (await findActivity(trx, plan, i.code, lang)) ?? notFound(`activity ${i.code}`);
    authorize(deps.actor, "record_occurrence", {
      kind: "activity",
      network: plan.network.slug,
      areaId: before.areaId,
    });
    checkVersion(before.version, i.expectedVersion);
    await replaceOccurrences(trx, plan, before.id, i.occurrences, lang, now);
    await updateActivityRow(trx, plan, before.id, i.expectedVersion, {}, lang, now);
    const after = await findActivity(trx, plan, i.code, lang);
    const [was, is] = [before.activity.occurrences, after?.activity.occurrences ?? []];
    await w.audit("activity.restore_occurrences", { kind: "activity", id: before.id }, was, is);
  });
}

const SourceInput = z.object({ ...PlanKey, lang: Lang, source: z.custom<Source>() });

/** Brings a deleted source back, under its old number when still free. */
function reinsertSource(deps: Deps, input: z.input<typeof SourceInput>): Promise<number> {
  return changePlanContent(deps, SourceInput, input, async (w, i) => {
    const { trx, plan, lang, now } = w;
    const areaIds = (await listAreaRefs(trx, plan.id)).map((a) => a.id);
    authorize(deps.actor, "create", {
      kind: "source",
      network: plan.network.slug,
      citedBy: areaIds,
    });
    const { id, ...fields } = i.source;
    const number = await insertSource(trx, plan, fields, lang, now, id);
    const stored = await findSource(trx, plan, number, lang);
    await w.audit("source.restore", { kind: "source", id: stored?.id ?? "" }, null, stored?.source);
    return number;
  });
}
