import { checkCount } from "../core/limits.ts";
import type { Language, Source } from "../core/plan.ts";
import { countInPlan } from "../db/counts.repository.ts";
import type { Db } from "../db/create-db.ts";
import type { PlanRecord } from "../db/plan.repository.ts";
import { findSource, insertSource, type StoredSource } from "../db/source.repository.ts";
import { audit } from "./authorize.ts";
import type { Evidence } from "./common.ts";
import type { Deps } from "./deps.ts";

/**
 * Adds each piece of evidence as a new source of the plan (audited); returns them in order.
 * Refuses, adding none, when the plan would have more sources than sources_per_plan.
 */
export async function addEvidence(
  trx: Db,
  deps: Deps,
  plan: PlanRecord,
  evidence: readonly Evidence[],
  lang: Language,
  now: string,
): Promise<Source[]> {
  if (evidence.length === 0) return [];
  const count = await countInPlan(trx, "sources", plan.id);
  checkCount("sources_per_plan", count + evidence.length, "the plan's sources");
  const added: Source[] = [];
  for (const e of evidence) {
    const number = await insertSource(trx, plan, e, lang, now);
    const stored = (await findSource(trx, plan, number, lang)) as StoredSource;
    await audit(
      trx,
      deps,
      now,
      "source.create",
      { kind: "source", id: stored.id },
      null,
      stored.source,
    );
    added.push(stored.source);
  }
  return added;
}
