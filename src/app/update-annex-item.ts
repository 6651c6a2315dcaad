import { z } from "zod";
import { citedIds, marker } from "../core/citations.ts";
import type { AnnexItem, Source } from "../core/plan.ts";
import { SourceId } from "../core/plan.ts";
import { checkVersion } from "../core/version.ts";
import { TimingInput } from "../core/write-input.ts";
import { findAnnexItem, type StoredAnnexItem, updateAnnexItemRow } from "../db/annex.repository.ts";
import { listAreaRefs } from "../db/area.repository.ts";
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
import { changePlanContent } from "./transact.ts";

const Input = z.object({
  ...PlanKey,
  /** The item's place in the annex, from 0. */
  index: z.number().int().nonnegative(),
  expectedVersion: ExpectedVersion,
  lang: Lang,
  when: TimingInput.optional(),
  title: z.string().min(1).optional(),
  /** The existing sources it cites (the list replaces the old one; markers in the title stay). */
  sources: z.array(SourceId).optional(),
  evidence: z.array(Evidence).default([]),
  afterYearEnd: z.boolean().default(false),
});
export type UpdateAnnexItemInput = z.input<typeof Input>;

/** Corrects an item of the annex (time, title, evidence: new evidence gets its marker in the title). */
export async function updateAnnexItem(
  deps: Deps,
  input: UpdateAnnexItemInput,
): Promise<StoredAnnexItem & { evidence: Source[] }> {
  return changePlanContent(deps, Input, input, async (w, i) => {
    const { trx, plan, lang, now } = w;
    const before =
      (await findAnnexItem(trx, plan, i.index, lang)) ?? notFound(`annex item ${i.index}`);
    const areaIds = (await listAreaRefs(trx, plan.id)).map((a) => a.id);
    const network = plan.network.slug;
    authorize(deps.actor, "edit", { kind: "annex_item", network, areaIds });
    if (i.evidence.length > 0) {
      authorize(deps.actor, "create", { kind: "source", network, citedBy: areaIds });
    }
    checkVersion(before.version, i.expectedVersion);
    const when = i.when ? timingIn(w, i.when) : before.item.when;
    if (i.when) checkHeldInYear(when, plan.year, i.afterYearEnd);
    const added = await addEvidence(trx, deps, plan, i.evidence, lang, now);
    const title0 = i.title ?? before.item.title;
    const marked = added.map((x) => x.id).filter((id) => !citedIds(title0).includes(id));
    const title = `${title0}${marked.map(marker).join("")}`;
    const item: AnnexItem = {
      when,
      title,
      sources: mergeIds(
        citedIds(title),
        i.sources ?? before.item.sources,
        added.map((s) => s.id),
      ),
    };
    await updateAnnexItemRow(
      trx,
      plan,
      before.id,
      i.expectedVersion ?? before.version,
      item,
      lang,
      now,
    );
    const after = (await findAnnexItem(trx, plan, i.index, lang)) as StoredAnnexItem;
    await w.audit(
      "annex_item.update",
      { kind: "annex_item", id: before.id },
      before.item,
      after.item,
    );
    return { ...after, evidence: added };
  });
}
