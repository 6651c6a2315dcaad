import { stripCitations } from "../core/citations.ts";
import type { Language } from "../core/plan.ts";
import { asOfDate, isoDay, type ProgressSummary, planProgress } from "../core/progress.ts";
import type { Deps } from "./deps.ts";
import { getNetwork } from "./find-readable-plan.ts";
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
  const years: YearExecution[] = [];
  for (const p of [...plans].sort((a, b) => a.year - b.year)) {
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
  }
  return { network: { slug: network.slug, name: network.name }, today, years };
}
