import { z } from "zod";
import { citedIds } from "../core/citations.ts";
import { SourceId, StatusCode, Timing } from "../core/plan.ts";
import { checkVersion } from "../core/version.ts";
import { findActivity, type StoredActivity, updateActivityRow } from "../db/activity.repository.ts";
import { authorize } from "./authorize.ts";
import { ExpectedVersion, Lang, mergeIds, notFound, PlanKey } from "./common.ts";
import type { Deps } from "./deps.ts";
import { changePlanContent } from "./transact.ts";

const Input = z.object({
  ...PlanKey,
  code: z.string().min(1),
  expectedVersion: ExpectedVersion,
  lang: Lang,
  status: z.object({
    code: StatusCode,
    when: Timing.nullable().default(null),
    note: z.string().nullable().default(null),
    /** The status line as written; empty when the status is only structured. */
    text: z.string().default(""),
    sources: z.array(SourceId).default([]),
  }),
});
export type SetStatusInput = z.input<typeof Input>;

/** Sets an activity's execution status (its sources join the activity's). */
export async function setStatus(deps: Deps, input: SetStatusInput): Promise<StoredActivity> {
  return changePlanContent(deps, Input, input, async (w, i) => {
    const { trx, plan, lang, now } = w;
    const before = (await findActivity(trx, plan, i.code, lang)) ?? notFound(`activity ${i.code}`);
    authorize(deps.actor, "set_status", {
      kind: "activity",
      network: plan.network.slug,
      areaId: before.areaId,
    });
    checkVersion(before.version, i.expectedVersion);
    const s = i.status;
    const sources = mergeIds(
      before.activity.sources,
      s.sources,
      citedIds(s.note ?? ""),
      citedIds(s.text),
    );
    await updateActivityRow(
      trx,
      plan,
      before.id,
      i.expectedVersion ?? before.version,
      { status: s, sources },
      lang,
      now,
    );
    const after = (await findActivity(trx, plan, i.code, lang)) as StoredActivity;
    const entity = { kind: "activity", id: before.id };
    await w.audit("activity.set_status", entity, before.activity.status, after.activity.status);
    return after;
  });
}
