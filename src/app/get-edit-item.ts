/**
 * What an editor form needs about one item: its version (sent back with the form, so a
 * concurrent change is caught), its wordings in the plan's stored language (the one every
 * wording exists in: the reference column) and in the editing language exactly as stored
 * (empty where untranslated: no fallback), and whether the actor may change it.
 */
import { AppError } from "../core/errors.ts";
import type { Activity, Language } from "../core/plan.ts";
import { can, planResource } from "../core/policies.ts";
import { findActivity } from "../db/activity.repository.ts";
import { type AreaRecord, areaIdsByCode, findArea } from "../db/area.repository.ts";
import { getPlan, type PlanRecord } from "../db/plan.repository.ts";
import type { Deps } from "./deps.ts";

/** The plan record read so that texts come only in `lang` (no fallback). */
const strict = (plan: PlanRecord, lang: Language): PlanRecord => ({
  ...plan,
  language: lang,
  originalLanguage: lang,
});

export type EditActivity = {
  plan: PlanRecord;
  areaId: string;
  version: number;
  original: Activity;
  /** The wordings in the editing language, null when it is the original language. */
  translation: Activity | null;
  canEdit: boolean;
};

/** Edit pages are for signed-in people who may read the plan; to others they do not exist. */
const readable = (deps: Deps, plan: PlanRecord) =>
  deps.actor !== null && can(deps.actor, "read", planResource(plan));

export async function getEditActivity(
  deps: Deps,
  input: { network: string; year: number; code: string; lang: Language },
): Promise<EditActivity> {
  const plan = await getPlan(deps.db, input.network, input.year);
  const orig = plan.language;
  const stored = await findActivity(deps.db, plan, input.code, orig);
  if (!stored || !readable(deps, plan))
    throw new AppError("not_found", `no activity ${input.code}`);
  const translation =
    input.lang === orig
      ? null
      : ((await findActivity(deps.db, strict(plan, input.lang), input.code, input.lang))
          ?.activity ?? null);
  return {
    plan,
    areaId: stored.areaId,
    version: stored.version,
    original: stored.activity,
    translation,
    canEdit: can(deps.actor, "edit", {
      kind: "activity",
      network: plan.network.slug,
      areaId: stored.areaId,
    }),
  };
}

export type EditArea = {
  plan: PlanRecord;
  area: AreaRecord;
  translation: AreaRecord | null;
  canEdit: boolean;
};

export async function getEditArea(
  deps: Deps,
  input: { network: string; year: number; code: string; lang: Language },
): Promise<EditArea> {
  const plan = await getPlan(deps.db, input.network, input.year);
  const orig = plan.language;
  const area = await findArea(deps.db, plan, input.code, orig);
  if (!area || !readable(deps, plan)) throw new AppError("not_found", `no area ${input.code}`);
  const translation =
    input.lang === orig
      ? null
      : await findArea(deps.db, strict(plan, input.lang), input.code, input.lang);
  return {
    plan,
    area,
    translation,
    canEdit: can(deps.actor, "edit", { kind: "area", network: plan.network.slug }),
  };
}

/** Area code -> area id of a plan: what coordinators' rights are expressed in. */
export async function planAreaIds(
  deps: Pick<Deps, "db">,
  planId: string,
): Promise<Map<string, string>> {
  return areaIdsByCode(deps.db, planId);
}
