/**
 * Downloads of the portal, all through renderExport (the one dispatcher the CLI and the API
 * use too): the report (HTML, Markdown, DOCX, PDF, JSON) per language, the open data (CSV
 * tables, XLSX, IATI XML, the plan's JSON) and calendars per plan, area and network.
 *
 * Visibility is the pages': anonymous visitors get approved plans only, and the report
 * formats only once the report is published (anything else is a 404, as a page would be).
 * Renderings are cached per plan revision and variant (format, language, what the reader
 * may see), so the second PDF or DOCX of a revision costs nothing.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { exportPlan, findExportablePlan } from "../../app/export-plan.ts";
import { getNetwork } from "../../app/find-readable-plan.ts";
import { getPlanDocument } from "../../app/get-plan-document.ts";
import { listPlans } from "../../app/list-plans.ts";
import { AppError, isAppError } from "../../core/errors.ts";
import type { Language } from "../../core/plan.ts";
import { PRIVATE } from "../../edge/cache-control.ts";
import { bodyFor } from "../../edge/content-encoding.ts";
import type { Offer } from "../../edge/public-answers.ts";
import type { Rendered } from "../../edge/render-cache.ts";
import { REPORT_CSP } from "../../edge/report-csp.ts";
import type { ExportFormat, ExportOptions } from "../../render/export.ts";
import { renderIcs } from "../../render/ics.ts";
import type { PublicScope, WebContext } from "../context.ts";
import { isLanguage } from "../i18n.ts";
import { errorPage } from "../pages/portal.pages.ts";
import { yearOf } from "./plan-scope.ts";

/** A rendered file: the cache keeps the whole object, so its name comes back with it. */
type File = Rendered & { fileName: string };

/** The report formats, readable only with the execution report. */
const REPORT_FILE = /^report\.(en|es|pt)\.(html|md|docx|pdf|json)$/;

/** Open-data files of a plan: URL file name -> format (and CSV table). */
const DATA_FILES: Record<string, { format: ExportFormat; table?: ExportOptions["table"] }> = {
  "activities.csv": { format: "csv", table: "activities" },
  "occurrences.csv": { format: "csv", table: "occurrences" },
  "sources.csv": { format: "csv", table: "sources" },
  "plan.xlsx": { format: "xlsx" },
  "iati.xml": { format: "iati" },
  "plan.json": { format: "json" },
};

const notFound = () => new AppError("not_found", "no such file");

/**
 * A file's early answer stands while anonymous readers' identity is the one it was made
 * under. Made apart from the route, so that the entry holds only that (closures made in
 * the route would share its context: the plan read, the request's logger).
 */
function fileOffer(web: WebContext, scope: PublicScope, identity: string, body: Offer["body"]) {
  const now = web.knownIdentity(scope);
  return { fresh: () => now()?.identity === identity, body };
}

export async function downloadRoutes(app: FastifyInstance, web: WebContext): Promise<void> {
  // The one render cache (shared with the API and the pages): bounded together.
  const cache = web.cache;
  const baseUrl = web.config.publicUrl.replace(/\/$/, "");

  async function send(request: FastifyRequest, reply: FastifyReply, file: File) {
    const signedIn = (await web.viewer(request)) !== null;
    reply.header("content-disposition", `attachment; filename="${file.fileName}"`);
    reply.header("cache-control", signedIn ? PRIVATE : "public, max-age=300");
    reply.header("vary", "Cookie, Accept-Encoding");
    reply.header("x-content-type-options", "nosniff");
    if (file.contentType.startsWith("text/html"))
      reply.header("content-security-policy", REPORT_CSP);
    return reply
      .type(file.contentType)
      .send(bodyFor(reply, request.headers["accept-encoding"], file));
  }

  /** A plan rendered in `format`, from the cache when this revision was rendered before. */
  async function planFile(
    request: FastifyRequest,
    key: { net: string; year: string; lang?: Language | undefined; edition?: number },
    format: ExportFormat,
    opts: { report: boolean; table?: ExportOptions["table"]; areaCode?: string },
  ): Promise<File> {
    const deps = await web.deps(request);
    // What anonymous readers see, named before the plan is read (a change after it is
    // then a new identity, never old bytes under a new one): a hit of this URL is answered
    // early while it stands (src/edge/public-answers.ts).
    const scope = { network: key.net, year: yearOf(key.year) };
    const known = deps.actor === null ? await web.publicIdentity(scope).catch(() => null) : null;
    const head = await findExportablePlan(deps, {
      network: key.net,
      year: yearOf(key.year),
      lang: key.lang,
      edition: key.edition,
      part: opts.report ? "report" : "data",
    });
    const render = () =>
      exportPlan(deps, head, format, {
        lang: key.lang ?? head.lang,
        table: opts.table,
        areaCode: opts.areaCode,
        baseUrl,
        chromiumPath: web.config.chromiumPath,
        now: web.clock(),
      });
    // Calendars carry the time they were made (DTSTAMP): made afresh, they are cheap.
    if (format === "ics" && !head.edition) return render();
    const variant = ["file", format, opts.table, key.lang, head.lang, opts.areaCode].join(":");
    const file = await cache.get(head.contentVersion, variant, render);
    if (known) {
      const body = cache.peeker(head.contentVersion, variant);
      web.answers.offer(request, fileOffer(web, scope, known.identity, body));
    }
    return { ...file, fileName: file.fileName ?? "download" };
  }

  const queryLang = (request: FastifyRequest) => {
    const l = (request.query as { lang?: unknown }).lang;
    return isLanguage(l) ? l : undefined;
  };

  /** A report file: the latest edition's (the working copy's for its editors), or edition N's. */
  async function reportFile(
    request: FastifyRequest,
    reply: FastifyReply,
    params: { net: string; year: string; file: string; n?: string },
  ) {
    const m = REPORT_FILE.exec(params.file);
    if (!m) throw notFound();
    const lang = m[1] as Language;
    const format = m[2] as ExportFormat;
    const edition = params.n === undefined ? undefined : Number(params.n);
    if (edition !== undefined && !(Number.isInteger(edition) && edition > 0)) throw notFound();
    const key = { net: params.net, year: params.year, lang, ...(edition ? { edition } : {}) };
    try {
      const file = await planFile(request, key, format, { report: true });
      return await send(request, reply, file);
    } catch (err) {
      // No Chromium (or it would not start): say so and point to the other formats.
      if (format === "pdf" && isAppError(err) && err.code === "unavailable") {
        request.log.warn({ err }, "PDF unavailable");
        const ctx = await web.pageCtx(request, reply, null, lang);
        return reply
          .code(503)
          .header("retry-after", "3600")
          .type("text/html; charset=utf-8")
          .send(errorPage(ctx, ctx.t.unavailable, ctx.t.pdfUnavailableText));
      }
      throw err;
    }
  }

  app.get<{ Params: { net: string; year: string; file: string } }>(
    "/:net/:year/reports/:file",
    (request, reply) => reportFile(request, reply, request.params),
  );

  // Edition N's files, served byte-identical forever (stored when first made).
  app.get<{ Params: { net: string; year: string; n: string; file: string } }>(
    "/:net/:year/editions/:n/:file",
    (request, reply) => reportFile(request, reply, request.params),
  );

  app.get<{ Params: { net: string; year: string; file: string } }>(
    "/:net/:year/data/:file",
    async (request, reply) => {
      const data = DATA_FILES[request.params.file];
      if (!data) throw notFound();
      const file = await planFile(
        request,
        { ...request.params, lang: queryLang(request) },
        data.format,
        { report: false, ...(data.table ? { table: data.table } : {}) },
      );
      return send(request, reply, file);
    },
  );

  app.get<{ Params: { net: string; year: string } }>(
    "/:net/:year/calendar.ics",
    async (request, reply) => {
      const key = { ...request.params, lang: queryLang(request) };
      return send(request, reply, await planFile(request, key, "ics", { report: false }));
    },
  );

  app.get<{ Params: { net: string; year: string; code: string } }>(
    "/:net/:year/areas/:code/calendar.ics",
    async (request, reply) => {
      const { code, ...params } = request.params;
      const key = { ...params, lang: queryLang(request) };
      const opts = { report: false, areaCode: code };
      return send(request, reply, await planFile(request, key, "ics", opts));
    },
  );

  // Every plan of the network the reader may see, in one calendar (renderIcs, scope network:
  // renderExport makes one plan's).
  app.get<{ Params: { net: string } }>("/:net/calendar.ics", async (request, reply) => {
    const deps = await web.deps(request);
    const network = await getNetwork(deps, request.params.net);
    const lang = queryLang(request);
    const plans = await listPlans(deps, { network: network.slug });
    if (plans.length === 0) throw notFound();
    const docs = [];
    for (const p of [...plans].sort((a, b) => a.year - b.year)) {
      const got = await getPlanDocument(deps, { network: network.slug, year: p.year, lang });
      docs.push(got.document);
    }
    const ics = renderIcs(docs, { scope: "network", baseUrl, stamp: web.clock() });
    return send(request, reply, {
      body: Buffer.from(ics),
      contentType: "text/calendar; charset=utf-8",
      fileName: `${network.slug}.ics`,
    });
  });
}
