import { z } from "zod";
import { AppError } from "../core/errors.ts";
import { Area } from "../core/plan.ts";
import { checkVersion } from "../core/version.ts";
import {
  type AreaRecord,
  findArea,
  renumberAreaActivities,
  updateAreaRow,
} from "../db/area.repository.ts";
import { authorize, wordingVerb } from "./authorize.ts";
import { ExpectedVersion, Lang, notFound, PlanKey, Reason } from "./common.ts";
import type { Deps } from "./deps.ts";
import { changePlanContent } from "./transact.ts";

const Input = z.object({
  ...PlanKey,
  code: z.string().min(1),
  expectedVersion: ExpectedVersion,
  lang: Lang,
  newCode: Area.shape.code.optional(),
  title: z.string().min(1).optional(),
  objective: z.string().optional(),
  reason: Reason,
});
export type UpdateAreaInput = z.input<typeof Input>;

/**
 * Changes an area's code, title or objective (wordings in `lang`); a new code renumbers its
 * activities with it. On an approved plan the change is an amendment (with `reason`).
 */
export async function updateArea(
  deps: Deps,
  input: UpdateAreaInput,
): Promise<{ area: AreaRecord; version: number }> {
  return changePlanContent(deps, Input, input, async (w, i) => {
    const { trx, plan, lang, now } = w;
    const before = (await findArea(trx, plan, i.code, lang)) ?? notFound(`area ${i.code}`);
    authorize(deps.actor, wordingVerb(plan, lang), { kind: "area", network: plan.network.slug });
    checkVersion(before.version, i.expectedVersion);
    // Amendments compare the plan's own language: a translated title is no amendment.
    const original = async (code: string, read: AreaRecord) =>
      lang === plan.language ? read : ((await findArea(trx, plan, code, plan.language)) ?? read);
    const originalBefore = await original(i.code, before);
    if (i.newCode && i.newCode !== i.code && (await findArea(trx, plan, i.newCode, lang))) {
      throw new AppError("conflict", `the plan has an area ${i.newCode} already`);
    }
    const patch = {
      ...(i.newCode !== undefined ? { code: i.newCode } : {}),
      ...(i.title !== undefined ? { title: i.title } : {}),
      ...(i.objective !== undefined ? { objective: i.objective } : {}),
    };
    const version = await updateAreaRow(
      trx,
      plan,
      before.id,
      i.expectedVersion ?? before.version,
      patch,
      lang,
      now,
    );
    if (i.newCode && i.newCode !== i.code) {
      await renumberAreaActivities(trx, plan, before.id, i.code, i.newCode, now);
    }
    const area = (await findArea(trx, plan, i.newCode ?? i.code, lang)) as AreaRecord;
    const planned = (a: AreaRecord) => ({ code: a.code, title: a.title, objective: a.objective });
    const originalAfter = await original(area.code, area);
    await w.amend("area", i.code, planned(originalBefore), planned(originalAfter));
    await w.audit("area.update", { kind: "area", id: area.id }, before, area);
    return { area, version };
  });
}
