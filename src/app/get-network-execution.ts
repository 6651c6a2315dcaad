import { stripCitations } from "../core/citations.ts";
import type { Language } from "../core/plan.ts";
import { asOfDate, isoDay, type ProgressSummary, planProgress } from "../core/progress.ts";
import { readPlanStructures } from "../db/plan-document-read.repository.ts";
import type { Deps } from "./deps.ts";
import { findReadablePlan, getNetwork } from "./find-readable-plan.ts";
import { getPlanDocument } from "./get-plan-document.ts";
import { listPlans } from "./list-plans.ts";

export type GetNetworkExecutionInput = { network: string; lang?: Language };

export type YearExecution = {
  year: number;
  title: string;
  /** Null when the caller may see the plan but not its (unpublished) execution report. */
  summary: ProgressSummary | null;
};

export type NetworkExecution = {
  network: { slug: string; name: string };
  today: string;
  /** Oldest year first. */
  years: YearExecution[];
};

/**
 * A network's execution, year by year: for each plan the caller may read, its counts by
 * status group, meeting targets against meetings held, and execution rate.
 */
export async function getNetworkExecution(
  deps: Deps,
  input: GetNetworkExecutionInput,
): Promise<NetworkExecution> {
  const network = await getNetwork(deps, input.network);
  const today = isoDay(deps.clock());
  const plans = await listPlans(deps, { network: input.network, lang: input.lang });
  const sorted = [...plans].sort((a, b) => a.year - b.year);
  const readable = [];
  for (const p of sorted) {
    readable.push(await findReadablePlan(deps, { network: input.network, year: p.year }));
  }
  // A working copy's progress is counted from its structure alone (no texts); a published
  // edition's from its frozen document.
  const structures = await readPlanStructures(
    deps.db,
    readable.filter((r) => !r.edition && r.view === "full").map((r) => r.plan),
  );
  const years: YearExecution[] = [];
  for (const [i, p] of sorted.entries()) {
    const r = readable[i];
    const structure = r && !r.edition ? structures.get(r.plan.id) : undefined;
    if (!r || r.edition) {
      const got = await getPlanDocument(deps, {
        network: input.network,
        year: p.year,
        lang: input.lang,
      });
      years.push({
        year: p.year,
        title: stripCitations(got.document.title),
        summary:
          got.view === "full"
            ? planProgress(got.document, { today: asOfDate(got.plan, today) }).summary
            : null,
      });
    } else {
      years.push({
        year: p.year,
        title: stripCitations(p.title),
        summary: structure
          ? planProgress(structure, { today: asOfDate(r.plan, today) }).summary
          : null,
      });
    }
  }
  return { network: { slug: network.slug, name: network.name }, today, years };
}
