/**
 * The files of a published edition, rendered once at publication: every report format and
 * every open-data file, and the dashboard's charts, in every language the portal offers
 * (en, es, pt), stored with their SHA-256 (as
 * `exportPlan` stores them on a first request, under the same names, so a later request
 * serves the stored bytes and renders nothing). Runs after the publishing transaction has
 * committed: a file that fails (no Chromium for the PDF, a render error) is left for its
 * first request, and the publication stands.
 */
import { isAppError } from "../core/errors.ts";
import { LANGUAGES } from "../core/plan.ts";
import type { PlanRecord } from "../db/plan.repository.ts";
import type { ExportFormat, ExportOptions } from "../render/export.ts";
import type { Deps } from "./deps.ts";
import { exportPlan } from "./export-plan.ts";
import { findReadablePlan } from "./find-readable-plan.ts";
import { editionDashboardCharts } from "./get-dashboard-charts.ts";
import { type PublishInput, publishReport } from "./publish-report.ts";

/** What rendering needs from the install: the portal's address, the Chromium to print with. */
export type RenderTools = { baseUrl: string; chromiumPath: string };

/** One file of an edition: its format, and its table for CSV. */
type EditionFile = { format: ExportFormat; table?: ExportOptions["table"] };

/** The files an edition has per language: the report's four formats and the open data. */
export const EDITION_FILES: readonly EditionFile[] = [
  { format: "md" },
  { format: "html" },
  { format: "docx" },
  { format: "pdf" },
  { format: "csv", table: "activities" },
  { format: "csv", table: "occurrences" },
  { format: "csv", table: "sources" },
  { format: "xlsx" },
  { format: "iati" },
  { format: "json" },
  { format: "ics" },
];

export type RenderedFiles = {
  /** The files stored (now, or before by a first request), as "format[:table]:lang". */
  stored: string[];
  /** The files left for their first request, with why (e.g. Chromium missing). */
  failed: { file: string; message: string }[];
};

/**
 * Renders and stores every file of edition `edition` (default: the latest) that is not
 * stored yet, as an anonymous reader would have it; never throws for a file that fails.
 */
export async function renderEditionFiles(
  deps: Pick<Deps, "db" | "clock" | "log">,
  input: { network: string; year: number; edition?: number | undefined },
  tools: RenderTools,
): Promise<RenderedFiles> {
  // What the public gets: the edition's own files, not a signed-in reader's working copy.
  const reader = { ...deps, actor: null };
  const out: RenderedFiles = { stored: [], failed: [] };
  const first = await findReadablePlan(reader, input);
  const edition = input.edition ?? first.latestEdition?.number;
  if (edition === undefined || !first.latestEdition) return out;
  // Every language the portal offers a file in: one the edition does not hold has its labels
  // in that language and its content in the edition's original (as a request would).
  for (const lang of LANGUAGES) {
    const head = await findReadablePlan(reader, { ...input, lang, edition });
    for (const f of EDITION_FILES) {
      const name = [f.format, f.table, lang].filter(Boolean).join(":");
      try {
        await exportPlan(reader, head, f.format, {
          lang,
          ...(f.table ? { table: f.table } : {}),
          baseUrl: tools.baseUrl.replace(/\/$/, ""),
          chromiumPath: tools.chromiumPath,
          now: deps.clock(),
        });
        out.stored.push(name);
      } catch (e) {
        const message = isAppError(e) ? e.message : String(e);
        out.failed.push({ file: name, message });
        deps.log.warn(
          { file: name, err: message },
          "an edition file is left for its first request",
        );
      }
    }
    // The dashboard's charts, so that no reader's request draws them (Vega: ~100 ms a set).
    const name = `charts:${lang}`;
    try {
      await editionDashboardCharts(reader, head, lang);
      out.stored.push(name);
    } catch (e) {
      out.failed.push({ file: name, message: isAppError(e) ? e.message : String(e) });
      deps.log.warn(
        { file: name, err: String(e) },
        "an edition file is left for its first request",
      );
    }
  }
  return out;
}

/**
 * Publishes the approved report as its next edition and answers at once; then (the
 * publication committed) renders the edition's files in the background, so the one who
 * publishes never waits for a dozen renderings. `editionFilesSettled` waits for them (the
 * server does on close, tests before looking). Joined to a caller's open transaction, the
 * files wait for their first request: they must never be stored for an edition that may
 * still roll back.
 */
export async function publishReportWithFiles(
  deps: Deps,
  input: PublishInput,
  tools: RenderTools,
): Promise<PlanRecord> {
  const plan = await publishReport(deps, input);
  if (!deps.db.isTransaction) {
    const job = renderEditionFiles(deps, { network: input.network, year: input.year }, tools)
      .catch((e: unknown) => {
        // A file that fails is already left for its first request; this is anything else.
        deps.log.error({ err: String(e) }, "rendering an edition's files stopped");
      })
      .finally(() => pending.get(deps.db)?.delete(job));
    const jobs = pending.get(deps.db) ?? new Set<Promise<unknown>>();
    pending.set(deps.db, jobs);
    jobs.add(job);
  }
  return plan;
}

/** Renderings of edition files still running, per database handle. */
const pending = new WeakMap<object, Set<Promise<unknown>>>();

/** Resolves when every edition-file rendering started on `db` has finished. */
export async function editionFilesSettled(db: object): Promise<void> {
  for (let jobs = pending.get(db); jobs?.size; jobs = pending.get(db)) {
    await Promise.allSettled([...jobs]);
  }
}
