import { z } from "zod";
import { checkVersion } from "../core/version.ts";
import {
  findSource,
  type StoredSource,
  sourceCiters,
  updateSourceRow,
} from "../db/source.repository.ts";
import { authorize, wordingVerb } from "./authorize.ts";
import { Evidence, ExpectedVersion, Lang, notFound, PlanKey } from "./common.ts";
import type { Deps } from "./deps.ts";
import { changePlanContent } from "./transact.ts";

const Input = z.object({
  ...PlanKey,
  /** The source's number in the plan (its id in documents). */
  id: z.number().int().positive(),
  expectedVersion: ExpectedVersion,
  lang: Lang,
  url: Evidence.shape.url.optional(),
  label: z.string().nullable().optional(),
  note: z.string().nullable().optional(),
  text: z.string().nullable().optional(),
});
export type UpdateSourceInput = z.input<typeof Input>;

/**
 * Changes a source. Evidence belongs to what cites it: a coordinator may change a source
 * only when every text citing it lies in their areas (see policies).
 */
export async function updateSource(deps: Deps, input: UpdateSourceInput): Promise<StoredSource> {
  return changePlanContent(deps, Input, input, async (w, i) => {
    const { trx, plan, lang, now } = w;
    const before = (await findSource(trx, plan, i.id, lang)) ?? notFound(`source ${i.id}`);
    const citedBy = await sourceCiters(trx, plan.id, { id: before.id, number: i.id });
    authorize(deps.actor, wordingVerb(plan, lang), {
      kind: "source",
      network: plan.network.slug,
      citedBy,
    });
    checkVersion(before.version, i.expectedVersion);
    const patch = Object.fromEntries(
      (["url", "label", "note", "text"] as const).flatMap((k) =>
        i[k] === undefined ? [] : [[k, i[k]]],
      ),
    );
    await updateSourceRow(
      trx,
      plan,
      before.id,
      i.expectedVersion ?? before.version,
      patch,
      lang,
      now,
    );
    const after = (await findSource(trx, plan, i.id, lang)) as StoredSource;
    await w.audit("source.update", { kind: "source", id: before.id }, before.source, after.source);
    return after;
  });
}
