/**
 * What a caller may have of a plan as a file, decided once for the API's report and export
 * routes and the portal's downloads: the report (its wording of the execution) only when the
 * caller may read the execution report, anything else when the caller may read the plan;
 * a report not yet published is marked as a draft.
 */
import { AppError } from "../core/errors.ts";
import type { Language, PlanDocument } from "../core/plan.ts";
import type { PlanRecord } from "../db/plan.repository.ts";
import { type ExportFormat, type ExportOptions, renderExport } from "../render/export.ts";
import type { Deps } from "./deps.ts";
import { findReadablePlan, type ReadablePlan } from "./find-readable-plan.ts";
import { getPlanDocument } from "./get-plan-document.ts";

/** The formats that are the report itself; the others are the plan's data. */
export const REPORT_FORMATS: ReadonlySet<ExportFormat> = new Set(["docx", "pdf", "html", "md"]);

export type ExportInput = {
  network: string;
  year: number;
  lang?: Language | undefined;
  /** The report (needs the execution report readable), or the plan's data. */
  part: "report" | "data";
};

/**
 * The cheap half: whether the caller may have this part of the plan, and the head a cache
 * keys it by. Not readable is not_found, so unpublished reports and drafts stay unseen.
 */
export async function findExportablePlan(
  deps: Pick<Deps, "db" | "actor">,
  input: ExportInput,
  /** How the plan is found (the API memoizes it); findReadablePlan by default. */
  find: (key: Omit<ExportInput, "part">) => Promise<ReadablePlan> = (key) =>
    findReadablePlan(deps, key),
): Promise<ReadablePlan> {
  const head = await find({ network: input.network, year: input.year, lang: input.lang });
  if (input.part === "report" && head.view !== "full") {
    throw new AppError(
      "not_found",
      `no published ${input.year} report of network "${input.network}"`,
    );
  }
  return head;
}

/** Whether a rendering of the report carries the draft note: until it is published. */
export const isDraftReport = (plan: PlanRecord): boolean => plan.reportStatus !== "published";

/** The plan's document as the head's reader sees it, with whether it is a draft report. */
export async function exportedDocument(
  deps: Deps,
  head: ReadablePlan,
): Promise<{ document: PlanDocument; draft: boolean }> {
  const { document, plan } = await getPlanDocument(deps, {
    network: head.plan.network.slug,
    year: head.plan.year,
    lang: head.lang,
  });
  return { document, draft: isDraftReport(plan) };
}

/** The plan written in `format` as the head's reader may see it. */
export async function exportPlan(
  deps: Deps,
  head: ReadablePlan,
  format: ExportFormat,
  options: Omit<ExportOptions, "draft">,
): Promise<{ body: Buffer; contentType: string; fileName: string }> {
  const { document, draft } = await exportedDocument(deps, head);
  if (options.areaCode && !document.areas.some((a) => a.code === options.areaCode)) {
    throw new AppError("not_found", `no area ${options.areaCode}`);
  }
  const out = await renderExport(document, format, { ...options, draft });
  return { body: Buffer.from(out.body), contentType: out.contentType, fileName: out.fileName };
}
