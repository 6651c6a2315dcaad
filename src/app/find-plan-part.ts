import { findActivity } from "../db/activity.repository.ts";
import { findAnnexItem } from "../db/annex.repository.ts";
import { findArea } from "../db/area.repository.ts";
import { getPlan } from "../db/plan.repository.ts";
import { findSource } from "../db/source.repository.ts";
import { notFound } from "./common.ts";
import type { Deps } from "./deps.ts";

export type PlanPart =
  | { kind: "plan" }
  | { kind: "area"; code: string }
  | { kind: "activity"; code: string }
  | { kind: "source"; id: number }
  /** An item of the annex, by its place (from 0). */
  | { kind: "annex_item"; index: number };

export type PartVersion = { planId: string; revision: number; rowId: string; version: number };

/**
 * The current version of a plan or of one part of it, with the plan's revision: what a
 * conditional write (If-Match) is checked against. not_found when it is not there.
 */
export async function findPlanPart(
  deps: Pick<Deps, "db">,
  input: { network: string; year: number; part: PlanPart },
): Promise<PartVersion> {
  const plan = await getPlan(deps.db, input.network, input.year);
  const head = { planId: plan.id, revision: plan.revision };
  const p = input.part;
  switch (p.kind) {
    case "plan":
      return { ...head, rowId: plan.id, version: plan.version };
    case "area": {
      const a =
        (await findArea(deps.db, plan, p.code, plan.language)) ?? notFound(`area ${p.code}`);
      return { ...head, rowId: a.id, version: a.version };
    }
    case "activity": {
      const a =
        (await findActivity(deps.db, plan, p.code, plan.language)) ??
        notFound(`activity ${p.code}`);
      return { ...head, rowId: a.id, version: a.version };
    }
    case "source": {
      const s =
        (await findSource(deps.db, plan, p.id, plan.language)) ?? notFound(`source ${p.id}`);
      return { ...head, rowId: s.id, version: s.version };
    }
    case "annex_item": {
      const a =
        (await findAnnexItem(deps.db, plan, p.index, plan.language)) ??
        notFound(`annex item ${p.index}`);
      return { ...head, rowId: a.id, version: a.version };
    }
  }
}
