import { z } from "zod";
import { Language, type PlanDocument } from "../core/plan.ts";
import { can, planResource } from "../core/policies.ts";
import { findEdition, findEditionDocument } from "../db/edition.repository.ts";
import { listPlans as listPlanRows, type PlanSummary } from "../db/plan.repository.ts";
import { findPlanVersionDocument } from "../db/plan-version.repository.ts";
import type { Deps } from "./deps.ts";
import {
  approvedSnapshotOf,
  asPublished,
  frozenLanguage,
  seesWorkingCopy,
} from "./find-readable-plan.ts";
import { parseInput } from "./validate.ts";

const Input = z.object({ network: z.string().min(1).optional(), lang: Language.optional() });
export type ListPlansInput = z.input<typeof Input>;

/**
 * The plans the actor may read (anonymous: approved plans, published reports), newest first;
 * a reader of the public view gets each plan as the public view has it (the latest edition,
 * or the approved plan as frozen: title, version, revision, time), never the working copy's.
 */
export async function listPlans(
  deps: Pick<Deps, "db" | "actor">,
  input: ListPlansInput = {},
): Promise<PlanSummary[]> {
  const i = parseInput(Input, input);
  const plans = await listPlanRows(deps.db, {
    ...(i.network ? { networkSlug: i.network } : {}),
    ...(i.lang ? { lang: i.lang } : {}),
  });
  const readable = plans.filter((p) => can(deps.actor, "read", planResource(p)));
  const out: PlanSummary[] = [];
  for (const p of readable) {
    if (seesWorkingCopy(deps.actor, p.network.slug)) out.push(p);
    else out.push(await publicSummary(deps, p, i.lang));
  }
  return out;
}

/**
 * The plan as its public view has it (the latest edition, or the approved plan as frozen):
 * its title, and a version, revision and time that move only when that view does, so a
 * working-copy edit shows in no anonymous list. A plan with no frozen view is as it is.
 */
async function publicSummary(
  deps: Pick<Deps, "db">,
  plan: PlanSummary,
  lang: Language | undefined,
): Promise<PlanSummary> {
  const latest = await findEdition(deps.db, plan.id);
  if (latest) {
    const l = frozenLanguage(plan, latest.languages, lang);
    const json = (await findEditionDocument(deps.db, latest.id, l))?.json ?? null;
    return {
      ...asPublished(plan, latest),
      title: json === null ? plan.title : (JSON.parse(json) as PlanDocument).title,
      version: latest.number,
      revision: latest.number,
      updatedAt: latest.publishedAt,
    };
  }
  const approved = await approvedSnapshotOf(deps.db, plan, latest);
  if (!approved) return plan;
  const l = frozenLanguage(plan, approved.languages, lang);
  const json = await findPlanVersionDocument(deps.db, plan.id, approved.number, l);
  return {
    ...plan,
    title: json === null ? plan.title : (JSON.parse(json) as PlanDocument).title,
    version: approved.number,
    revision: approved.number,
    updatedAt: approved.frozenAt,
  };
}
