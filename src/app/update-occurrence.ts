import { z } from "zod";
import { type Occurrence, SourceId } from "../core/plan.ts";
import { TimingInput } from "../core/write-input.ts";
import { occurrenceIds, updateOccurrenceRow } from "../db/occurrence.repository.ts";
import { addEvidence } from "./add-evidence.ts";
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
import {
  occurrenceActivity,
  occurrenceWritten,
  type RecordOccurrenceResult,
} from "./record-occurrence.ts";
import { changePlanContent } from "./transact.ts";

const Input = z.object({
  ...PlanKey,
  code: z.string().min(1),
  /** The occurrence's place in the activity's list, from 0. */
  index: z.number().int().nonnegative(),
  /** The activity's version: occurrences are part of it. */
  expectedVersion: ExpectedVersion,
  lang: Lang,
  when: TimingInput.optional(),
  /** The existing sources it cites (all of them: the list replaces the old one). */
  sources: z.array(SourceId).optional(),
  /** New evidence, cited after `sources`. */
  evidence: z.array(Evidence).default([]),
  afterYearEnd: z.boolean().default(false),
});
export type UpdateOccurrenceInput = z.input<typeof Input>;

/** Corrects one time an activity was held (its time, its evidence); the activity's version moves on. */
export async function updateOccurrence(
  deps: Deps,
  input: UpdateOccurrenceInput,
): Promise<RecordOccurrenceResult> {
  return changePlanContent(deps, Input, input, async (w, i) => {
    const { trx, plan, lang, now } = w;
    const before = await occurrenceActivity(deps, w, i);
    const ids = await occurrenceIds(trx, before.id);
    const id = ids[i.index] ?? notFound(`occurrence ${i.index} of activity ${i.code}`);
    const old = before.activity.occurrences[i.index] as Occurrence;
    const when = i.when ? timingIn(w, i.when) : old.when;
    if (i.when) checkHeldInYear(when, plan.year, i.afterYearEnd);
    const added = await addEvidence(trx, deps, plan, i.evidence, lang, now);
    const occurrence: Occurrence = {
      when,
      sources: mergeIds(
        i.sources ?? old.sources,
        added.map((s) => s.id),
      ),
    };
    await updateOccurrenceRow(trx, plan, id, occurrence, lang);
    return occurrenceWritten(w, before, i, occurrence, added, "activity.update_occurrence");
  });
}
