import { stripCitations } from "../core/citations.ts";
import { type EditionSummary, editionSummary } from "../core/edition-summary.ts";
import type { Language } from "../core/plan.ts";
import { asOfDate, isoDay, type ProgressSummary, planProgress } from "../core/progress.ts";
import { type EditionRecord, findEditionSummaries } from "../db/edition.repository.ts";
import { readPlanStructures } from "../db/plan-document-read.repository.ts";
import type { Deps } from "./deps.ts";
import {
  findReadableNetwork,
  frozenLanguage,
  type ReadableNetwork,
  type ReadablePlan,
} from "./find-readable-plan.ts";
import { frozenPlanDocument, getPlanDocument } from "./get-plan-document.ts";
import { listReadablePlans } from "./list-plans.ts";

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
  /** The network as findReadableNetwork found it for the same actor: not read again. */
  found?: ReadableNetwork,
): Promise<NetworkExecution> {
  const readable = found ?? (await findReadableNetwork(deps, input.network));
  const { network, heads } = readable;
  const today = isoDay(deps.clock());
  // A working copy's progress is counted from its structure alone (no texts).
  const structures = await readPlanStructures(
    deps.db,
    [...heads.values()].filter((r) => !r.edition && r.view === "full").map((r) => r.plan),
  );
  // A published edition's is stored with it (written once, at publication): read for all
  // of them at once, never from their documents.
  const editionLang = (r: ReadablePlan, e: EditionRecord) =>
    frozenLanguage(r.plan, e.languages, input.lang);
  const summaries = await findEditionSummaries(
    deps.db,
    [...heads.values()].flatMap((r) =>
      r.edition ? [{ editionId: r.edition.id, lang: editionLang(r, r.edition) }] : [],
    ),
  );
  const storedOf = (r: ReadablePlan | undefined) =>
    r?.edition ? summaries.get(`${r.edition.id}\u0000${editionLang(r, r.edition)}`) : undefined;
  // A network whose every plan the caller reads as a stored edition summary (the public
  // view of published reports) needs nothing more: its plans are the heads, titles and all.
  if ([...heads.values()].every((r) => storedOf(r))) {
    const years = [...heads.entries()]
      .sort(([a], [b]) => a - b)
      .map(([year, r]) => {
        const { title, summary } = storedOf(r) as EditionSummary;
        return { year, title, summary };
      });
    return { network: { slug: network.slug, name: network.name }, today, years };
  }
  const plans = await listReadablePlans(deps, readable, input.lang);
  const sorted = [...plans].sort((a, b) => a.year - b.year);
  const years: YearExecution[] = [];
  for (const p of sorted) {
    const r = heads.get(p.year);
    if (r?.edition) {
      const { title, summary } = storedOf(r) ?? (await editionYear(deps, r, input.lang));
      years.push({ year: p.year, title, summary });
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
 * What the page shows of a published edition, from its document: only for an edition whose
 * summary is not stored (insertEdition stores it, fillEditionSummaries after an upgrade).
 */
async function editionYear(
  deps: Deps,
  head: ReadablePlan,
  lang: Language | undefined,
): Promise<Omit<YearExecution, "year">> {
  const got = await frozenPlanDocument(deps, head, lang);
  if (!got || !head.edition) throw new Error("an edition's head reads a frozen document");
  return editionSummary(got.document, head.edition.dataAsOf);
}
