import { z } from "zod";
import { Language, type PlanDocument } from "../core/plan.ts";
import { can, planResource } from "../core/policies.ts";
import { findEdition, findEditionDocument } from "../db/edition.repository.ts";
import { listPlans as listPlanRows, type PlanSummary } from "../db/plan.repository.ts";
import { findPlanVersionDocument } from "../db/plan-version.repository.ts";
import type { Deps } from "./deps.ts";
import { approvedSnapshotOf, frozenLanguage, seesWorkingCopy } from "./find-readable-plan.ts";
import { parseInput } from "./validate.ts";

const Input = z.object({ network: z.string().min(1).optional(), lang: Language.optional() });
export type ListPlansInput = z.input<typeof Input>;

/**
 * The plans the actor may read (anonymous: approved plans, published reports), newest first;
 * a reader of the public view gets each title as the public view has it (the latest edition,
 * or the approved plan as frozen), never the working copy's.
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
    else out.push({ ...p, title: (await publicTitle(deps, p, i.lang)) ?? p.title });
  }
  return out;
}

/** The plan's title in the public view, or null when the plan has no frozen view. */
async function publicTitle(
  deps: Pick<Deps, "db">,
  plan: PlanSummary,
  lang: Language | undefined,
): Promise<string | null> {
  const latest = await findEdition(deps.db, plan.id);
  let json: string | null = null;
  if (latest) {
    const l = frozenLanguage(plan, latest.languages, lang);
    json = (await findEditionDocument(deps.db, latest.id, l))?.json ?? null;
  } else {
    const approved = await approvedSnapshotOf(deps.db, plan, latest);
    if (approved) {
      const l = frozenLanguage(plan, approved.languages, lang);
      json = await findPlanVersionDocument(deps.db, plan.id, approved.number, l);
    }
  }
  return json === null ? null : (JSON.parse(json) as PlanDocument).title;
}
