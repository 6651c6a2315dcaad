import { z } from "zod";
import { checkCount } from "../core/limits.ts";
import { type Occurrence, type Source, SourceId } from "../core/plan.ts";
import { checkVersion } from "../core/version.ts";
import { TimingInput } from "../core/write-input.ts";
import {
  findActivity,
  insertOccurrence,
  type StoredActivity,
  updateActivityRow,
} from "../db/activity.repository.ts";
import { countOccurrences } from "../db/counts.repository.ts";
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
  timingIn,
} from "./common.ts";
import type { Deps } from "./deps.ts";
import { changePlanContent, type PlanWrite } from "./transact.ts";

const Input = z.object({
  ...PlanKey,
  code: z.string().min(1),
  expectedVersion: ExpectedVersion,
  lang: Lang,
  when: TimingInput,
  /** Existing sources of the plan it cites. */
  sources: z.array(SourceId).default([]),
  /** New evidence: each becomes a source of the plan, cited after `sources`. */
  evidence: z.array(Evidence).default([]),
  /** Says the time may lie after the plan year (held after the year's end). */
  afterYearEnd: z.boolean().default(false),
});
export type RecordOccurrenceInput = z.input<typeof Input>;

export type RecordOccurrenceResult = {
  activity: StoredActivity;
  occurrence: Occurrence;
  /** The sources made from `evidence`, with their new ids. */
  evidence: Source[];
};

/**
 * The activity whose occurrences a write records or corrects, once the actor may do it (and
 * add evidence, when there is some) and the version expected is current.
 */
export async function occurrenceActivity(
  deps: Deps,
  w: PlanWrite,
  i: { code: string; evidence: readonly unknown[]; expectedVersion?: number | undefined },
): Promise<StoredActivity> {
  const { trx, plan, lang } = w;
  const before = (await findActivity(trx, plan, i.code, lang)) ?? notFound(`activity ${i.code}`);
  authorize(deps.actor, "record_occurrence", {
    kind: "activity",
    network: plan.network.slug,
    areaId: before.areaId,
  });
  if (i.evidence.length > 0) {
    authorize(deps.actor, "create", {
      kind: "source",
      network: plan.network.slug,
      citedBy: [before.areaId],
    });
  }
  checkVersion(before.version, i.expectedVersion);
  return before;
}

/**
 * After an occurrence was inserted or corrected: the activity cites its sources too and its
 * version moves on (to the one expected, else its own), the write is audited as `action`
 * (occurrences before and after), and the activity is answered as it now stands.
 */
export async function occurrenceWritten(
  w: PlanWrite,
  before: StoredActivity,
  i: { code: string; expectedVersion?: number | undefined },
  occurrence: Occurrence,
  added: Source[],
  action: string,
): Promise<RecordOccurrenceResult> {
  const { trx, plan, lang, now } = w;
  const sources = mergeIds(before.activity.sources, occurrence.sources);
  await updateActivityRow(
    trx,
    plan,
    before.id,
    i.expectedVersion ?? before.version,
    { sources },
    lang,
    now,
  );
  const after = (await findActivity(trx, plan, i.code, lang)) as StoredActivity;
  const [was, is] = [before.activity.occurrences, after.activity.occurrences];
  await w.audit(action, { kind: "activity", id: before.id }, was, is);
  return { activity: after, occurrence, evidence: added };
}

/** Records one time an activity was held, with its evidence; the activity's version moves on. */
export async function recordOccurrence(
  deps: Deps,
  input: RecordOccurrenceInput,
): Promise<RecordOccurrenceResult> {
  return changePlanContent(deps, Input, input, async (w, i) => {
    const { trx, plan, lang, now } = w;
    const before = await occurrenceActivity(deps, w, i);
    const when = timingIn(w, i.when);
    checkHeldInYear(when, plan.year, i.afterYearEnd);
    const count = await countOccurrences(trx, before.id);
    checkCount("occurrences_per_activity", count + 1, `activity ${i.code}'s occurrences`);
    const added = await addEvidence(trx, deps, plan, i.evidence, lang, now);
    const occurrence: Occurrence = {
      when,
      sources: mergeIds(
        i.sources,
        added.map((s) => s.id),
      ),
    };
    await insertOccurrence(trx, plan, before.id, occurrence, lang, now);
    return occurrenceWritten(w, before, i, occurrence, added, "activity.record_occurrence");
  });
}
