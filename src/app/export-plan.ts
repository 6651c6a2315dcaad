/**
 * What a caller may have of a plan as a file, decided once for the API's report and export
 * routes and the portal's downloads: the report (its wording of the execution) only when the
 * caller may read the execution report, anything else when the caller may read the plan;
 * a report not yet published is marked as a draft.
 */
import { AppError } from "../core/errors.ts";
import type { Language, PlanDocument } from "../core/plan.ts";
import { findEditionFile, storeEditionFile } from "../db/edition.repository.ts";
import type { PlanRecord } from "../db/plan.repository.ts";
import { type ExportFormat, type ExportOptions, renderExport } from "../render/export.ts";
import { nowIso } from "./common.ts";
import type { Deps } from "./deps.ts";
import { findReadablePlan, type ReadablePlan } from "./find-readable-plan.ts";
import { getPlanDocument } from "./get-plan-document.ts";

/** The formats that are the report itself; the others are the plan's data. */
export const REPORT_FORMATS: ReadonlySet<ExportFormat> = new Set(["docx", "pdf", "html", "md"]);

export type ExportInput = {
  network: string;
  year: number;
  lang?: Language | undefined;
  /** An edition by number; by default what the caller reads (the latest, for the public). */
  edition?: number | undefined;
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
  const head = await find({
    network: input.network,
    year: input.year,
    lang: input.lang,
    edition: input.edition,
  });
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
  deps: Pick<Deps, "db" | "actor">,
  head: ReadablePlan,
): Promise<{ document: PlanDocument; draft: boolean }> {
  const { document, plan } = await getPlanDocument(deps as Deps, {
    network: head.plan.network.slug,
    year: head.plan.year,
    lang: head.lang,
    edition: head.edition?.number,
  });
  return { document, draft: isDraftReport(plan) };
}

export type ExportedFile = { body: Buffer; contentType: string; fileName: string };

/**
 * Which file of an edition a rendering is: its format, the language of its labels, the
 * language of its content, and its options. API and portal name a file the same way, so
 * both serve the one stored copy.
 */
export const editionFileKey = (
  format: ExportFormat,
  head: ReadablePlan,
  o: Pick<ExportOptions, "lang" | "table" | "areaCode">,
): string =>
  [
    format,
    o.lang ?? head.lang,
    head.lang,
    format === "csv" ? (o.table ?? "activities") : "",
    format === "ics" ? (o.areaCode ?? "") : "",
  ].join(":");

/**
 * A file of the head's view: for an edition, the stored copy (rendered by `render` and
 * stored the first time, with its SHA-256), so it is byte-identical forever; else `render`.
 */
export async function editionFileOr(
  deps: Pick<Deps, "db" | "clock">,
  head: ReadablePlan,
  key: string,
  render: () => Promise<ExportedFile>,
): Promise<ExportedFile> {
  const edition = head.edition;
  if (!edition) return render();
  // One rendering per file and process: a request arriving while publication renders the
  // same file (or two requests at once) waits for that rendering instead of making another.
  const flights = rendering.get(deps.db) ?? new Map<string, Promise<ExportedFile>>();
  rendering.set(deps.db, flights);
  const flightKey = `${edition.id}\u0000${key}`;
  const running = flights.get(flightKey);
  if (running) return running;
  const made = (async () => {
    const stored = await findEditionFile(deps.db, edition.id, key);
    if (stored) return stored;
    return storeEditionFile(deps.db, edition.id, key, await render(), nowIso(deps));
  })().finally(() => flights.delete(flightKey));
  flights.set(flightKey, made);
  return made;
}

/** Edition files being rendered now, per database (its handle) and file. */
const rendering = new WeakMap<object, Map<string, Promise<ExportedFile>>>();

/** The plan written in `format` as the head's reader may see it (an edition's stored file). */
export async function exportPlan(
  deps: Deps,
  head: ReadablePlan,
  format: ExportFormat,
  options: Omit<ExportOptions, "draft">,
): Promise<ExportedFile> {
  return editionFileOr(deps, head, editionFileKey(format, head, options), async () => {
    const { document, draft } = await exportedDocument(deps, head);
    if (options.areaCode && !document.areas.some((a) => a.code === options.areaCode)) {
      throw new AppError("not_found", `no area ${options.areaCode}`);
    }
    const out = await renderExport(document, format, { ...options, draft });
    return { body: Buffer.from(out.body), contentType: out.contentType, fileName: out.fileName };
  });
}
