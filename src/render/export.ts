import type { Language, PlanDocument } from "../core/plan.ts";
import { renderCsv, type TableName } from "./csv.ts";
import { renderHtml } from "./html.ts";
import { type IatiOrg, renderIati } from "./iati.ts";
import { renderIcs } from "./ics.ts";
import { renderMarkdown } from "./markdown.ts";

export const EXPORT_FORMATS = [
  "docx",
  "pdf",
  "html",
  "md",
  "ics",
  "csv",
  "xlsx",
  "iati",
  "json",
] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type ExportOptions = {
  lang?: Language;
  /** Show the distribution note of a draft; default: the plan says whether it is one. */
  draft?: boolean;
  /** csv: which table. */
  table?: TableName;
  /** ics: one area's calendar instead of the plan's. */
  areaCode?: string;
  /** The portal's address, for links back to activity pages. */
  baseUrl: string;
  chromiumPath: string;
  /** iati: the reporting organisation; by default the network itself. */
  reportingOrg?: IatiOrg;
  orgRefs?: Readonly<Record<string, string>>;
  bom?: boolean;
  now?: Date;
};

export type Exported = { body: string | Uint8Array; contentType: string; fileName: string };

const CONTENT_TYPES: Record<ExportFormat, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
  html: "text/html; charset=utf-8",
  md: "text/markdown; charset=utf-8",
  ics: "text/calendar; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  iati: "application/xml; charset=utf-8",
  json: "application/json; charset=utf-8",
};

/**
 * The network as its own IATI reporting organisation, when none is configured: IATI's
 * "XI-" prefix is for identifiers outside the registers, which is the honest choice until
 * the network registers one (OAS and IDB keep their roles as participating organisations).
 */
export function defaultReportingOrg(plan: PlanDocument): IatiOrg {
  return {
    ref: `XI-WORKPLAN-${plan.network.slug.toUpperCase()}`,
    type: "40",
    name: plan.network.name,
  };
}

/** The file name of an export, e.g. "gealc-2023-report.es.docx" or "gealc-2023-sources.csv". */
export function exportFileName(
  network: string,
  year: number,
  format: ExportFormat,
  o: { lang: Language; table?: TableName; areaCode?: string },
): string {
  const stem = `${network}-${year}`;
  switch (format) {
    case "json":
      return `${stem}-plan.json`;
    case "md":
    case "html":
    case "docx":
    case "pdf":
      return `${stem}-report.${o.lang}.${format}`;
    case "ics":
      return `${stem}${o.areaCode ? `-${o.areaCode}` : ""}.ics`;
    case "csv":
      return `${stem}-${o.table ?? "activities"}.csv`;
    case "xlsx":
      return `${stem}.xlsx`;
    case "iati":
      return `${stem}-iati.xml`;
  }
}

/**
 * A plan written in one of the export formats, with its media type and a file name. The
 * writers of Word, PDF and spreadsheets load their libraries (docx, the browser driver,
 * exceljs: ~140 MB together) on first use, so a server that never writes them never holds them.
 */
export async function renderExport(
  plan: PlanDocument,
  format: ExportFormat,
  opts: ExportOptions,
): Promise<Exported> {
  const { lang, draft } = opts;
  const done = (body: string | Uint8Array): Exported => ({
    body,
    contentType: CONTENT_TYPES[format],
    fileName: exportFileName(plan.network.slug, plan.year, format, {
      lang: lang ?? plan.language,
      table: opts.table,
      areaCode: opts.areaCode,
    }),
  });
  switch (format) {
    case "json":
      return done(`${JSON.stringify(plan, null, 2)}\n`);
    case "md":
      return done(renderMarkdown(plan, { lang, draft }));
    case "html":
      return done(renderHtml(plan, { lang, draft, baseUrl: opts.baseUrl }));
    case "docx": {
      const { renderDocx } = await import("./docx.ts");
      return done(await renderDocx(plan, { lang, draft }));
    }
    case "pdf": {
      const { renderPdf } = await import("./pdf.ts");
      const html = renderHtml(plan, { lang, draft, baseUrl: opts.baseUrl });
      return done(await renderPdf(html, { chromiumPath: opts.chromiumPath }));
    }
    case "ics": {
      const area = opts.areaCode;
      const ics = renderIcs(plan, {
        scope: area ? "area" : "plan",
        areaCode: area,
        baseUrl: opts.baseUrl,
        stamp: opts.now,
        lang,
      });
      return done(ics);
    }
    case "csv": {
      const table = opts.table ?? "activities";
      return done(renderCsv(plan, table, { bom: opts.bom ?? false }));
    }
    case "xlsx": {
      const { renderXlsx } = await import("./xlsx.ts");
      return done(await renderXlsx(plan));
    }
    case "iati":
      return done(
        renderIati(plan, {
          reportingOrg: opts.reportingOrg ?? defaultReportingOrg(plan),
          baseUrl: opts.baseUrl,
          orgRefs: opts.orgRefs,
          generatedAt: opts.now,
          lang,
        }),
      );
  }
}
