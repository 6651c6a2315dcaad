import { stripCitations } from "./citations.ts";
import type { PlanDocument } from "./plan.ts";
import { asOfDate, type ProgressSummary, planProgress } from "./progress.ts";

/**
 * What the execution-by-year page shows of a published edition in one language (`title`,
 * its citations stripped, and `summary`), and the title as the document has it
 * (`documentTitle`), which plan lists give without reading the document.
 */
export type EditionSummary = { title: string; summary: ProgressSummary; documentTitle: string };

/**
 * An edition's summary, from its document in one language and its data-as-of day: the page
 * shows an edition as of that day (asOfDate of a published plan), never as of today, so the
 * summary is fixed when the edition is written.
 */
export function editionSummary(
  document: Pick<PlanDocument, "year" | "areas" | "title">,
  dataAsOf: string,
): EditionSummary {
  const today = asOfDate(
    { year: document.year, reportStatus: "published", reportDataAsOf: dataAsOf },
    dataAsOf,
  );
  return {
    title: stripCitations(document.title),
    summary: planProgress(document, { today }).summary,
    documentTitle: document.title,
  };
}
