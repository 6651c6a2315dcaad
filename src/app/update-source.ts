import { z } from "zod";
import { listAreaRefs } from "../db/area.repository.ts";
import { checkVersion, getPlan, touchPlan } from "../db/plan.repository.ts";
import {
  findSource,
  type StoredSource,
  sourceAreaIds,
  updateSourceRow,
} from "../db/source.repository.ts";
import { audit, authorize, requireActor } from "./authorize.ts";
import { Evidence, ExpectedVersion, Lang, notFound, nowIso, PlanKey } from "./common.ts";
import type { Deps } from "./deps.ts";
import { transact } from "./transact.ts";
import { parseInput } from "./validate.ts";

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
  requireActor(deps);
  const i = parseInput(Input, input);
  const now = nowIso(deps);
  return transact(deps, async (trx) => {
    const plan = await getPlan(trx, i.network, i.year);
    const lang = i.lang ?? plan.language;
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
    await updateSourceRow(trx, plan, before.id, i.expectedVersion, patch, lang, now);
    await touchPlan(trx, plan.id, now);
    const after = (await findSource(trx, plan, i.id, lang)) as StoredSource;
    await audit(
      trx,
      deps,
      now,
      "source.update",
      { kind: "source", id: before.id },
      before.source,
      after.source,
    );
    return after;
  });
}
