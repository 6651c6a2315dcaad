import { z } from "zod";
import { citedIds } from "../core/citations.ts";
import { checkVersion } from "../core/version.ts";
import { findActivity, type StoredActivity, updateActivityRow } from "../db/activity.repository.ts";
import { addEvidence } from "./add-evidence.ts";
import { authorize } from "./authorize.ts";
import { checkHeldInYear } from "./check-held-in-year.ts";
import {
  Evidence,
  ExpectedVersion,
  Lang,
  mergeIds,
  notFound,
  PlanKey,
  StatusInput,
  timingIn,
} from "./common.ts";
import type { Deps } from "./deps.ts";
import { changePlanContent } from "./transact.ts";

const Input = z.object({
  ...PlanKey,
  code: z.string().min(1),
  expectedVersion: ExpectedVersion,
  lang: Lang,
  /** Its code may be a label ("Ejecutada"), its time only a kind and dates (TimingInput). */
  status: StatusInput,
  /** New evidence of the status (e.g. of the day it was held): cited by the status. */
  evidence: z.array(Evidence).default([]),
  /** Says the status's time may lie after the plan year (held after the year's end). */
  afterYearEnd: z.boolean().default(false),
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
    const when = i.status.when && timingIn(w, i.status.when);
    const changedWhen = JSON.stringify(when) !== JSON.stringify(before.activity.status.when);
    if (when && changedWhen) checkHeldInYear(when, plan.year, i.afterYearEnd, "status.when");
    if (i.evidence.length > 0) {
      authorize(deps.actor, "create", {
        kind: "source",
        network: plan.network.slug,
        citedBy: [before.areaId],
      });
    }
    const added = await addEvidence(trx, deps, plan, i.evidence, lang, now);
    const s = {
      ...i.status,
      when,
      sources: mergeIds(
        i.status.sources,
        added.map((x) => x.id),
      ),
    };
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
