import { LRUCache } from "lru-cache";
import { stripCitations } from "../core/citations.ts";
import type { Language } from "../core/plan.ts";
import { asOfDate, isoDay, type ProgressSummary, planProgress } from "../core/progress.ts";
import type { EditionRecord } from "../db/edition.repository.ts";
import { readPlanStructures } from "../db/plan-document-read.repository.ts";
import type { Deps } from "./deps.ts";
import {
  findReadablePlans,
  frozenLanguage,
  getNetwork,
  type ReadablePlan,
} from "./find-readable-plan.ts";
import { frozenPlanDocument, getPlanDocument } from "./get-plan-document.ts";
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
  const heads = await findReadablePlans(deps, input.network);
  // A working copy's progress is counted from its structure alone (no texts); a published
  // edition's from its frozen document.
  const structures = await readPlanStructures(
    deps.db,
    [...heads.values()].filter((r) => !r.edition && r.view === "full").map((r) => r.plan),
  );
  const years: YearExecution[] = [];
  for (const p of sorted) {
    const r = heads.get(p.year);
    if (r?.edition) {
      years.push({ year: p.year, ...(await editionYear(deps, r, r.edition, input.lang, today)) });
    } else if (!r) {
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
      const structure = structures.get(r.plan.id);
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

/**
 * What the page shows of a published edition, by edition, language and as-of date: an
 * edition never changes, so neither does this, and a network's page (ten plans, ten ~50 KB
 * documents to read and parse) is drawn again from it without reading them. Bounded: an
 * entry is ~0.5 KB, so at most ~5 MB (a thousand networks of ten yearly plans).
 */
const EDITION_YEARS = new LRUCache<string, Omit<YearExecution, "year">>({ max: 10_000 });

async function editionYear(
  deps: Deps,
  head: ReadablePlan,
  edition: EditionRecord,
  lang: Language | undefined,
  today: string,
): Promise<Omit<YearExecution, "year">> {
  // head.plan is the plan as the edition shows it: its as-of date is the edition's.
  const asOf = asOfDate(head.plan, today);
  const key = `${edition.id}\u0000${frozenLanguage(head.plan, edition.languages, lang)}\u0000${asOf}`;
  const known = EDITION_YEARS.get(key);
  if (known) return known;
  const got = await frozenPlanDocument(deps, head, lang);
  if (!got) throw new Error("an edition's head reads a frozen document");
  const year = {
    title: stripCitations(got.document.title),
    summary: planProgress(got.document, { today: asOf }).summary,
  };
  EDITION_YEARS.set(key, year);
  return year;
}
