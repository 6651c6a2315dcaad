import { z } from "zod";
import { checkVersion } from "../core/version.ts";
import { listAreaRefs } from "../db/area.repository.ts";
import {
  findSource,
  type StoredSource,
  sourceAreaIds,
  updateSourceRow,
} from "../db/source.repository.ts";
import { authorize } from "./authorize.ts";
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
 * Changes a source. A coordinator may change the sources their areas' activities cite, and
 * sources nothing cites yet.
 */
export async function updateSource(deps: Deps, input: UpdateSourceInput): Promise<StoredSource> {
  return changePlanContent(deps, Input, input, async (w, i) => {
    const { trx, plan, lang, now } = w;
    const before = (await findSource(trx, plan, i.id, lang)) ?? notFound(`source ${i.id}`);
    const citing = await sourceAreaIds(trx, before.id);
    const areaIds =
      citing.length > 0 ? citing : (await listAreaRefs(trx, plan.id)).map((a) => a.id);
    authorize(deps.actor, "update", { kind: "source", areaIds });
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
