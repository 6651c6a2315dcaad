/**
 * The charts of a plan's dashboard as an edition shows them: drawn once per (edition,
 * language) and stored with the edition's files (`editionFileOr`: gzipped JSON, variant
 * `charts:<labels' language>:<content's language>`), so a server that never drew them (a
 * fresh one, another instance) reads them with one statement and never loads Vega. An
 * edition's dashboard is a pure function of the edition: its frozen document, its data's
 * day (the as-of date of a published report) and the language. The working copy's charts
 * move with every edit and with the day: the caller keeps those in memory.
 */
import { gunzipSync, gzipSync } from "node:zlib";
import type { Language } from "../core/plan.ts";
import { type DashboardCharts, drawDashboardCharts } from "../render/dashboard-svg.ts";
import type { Deps } from "./deps.ts";
import { editionFileOr } from "./export-plan.ts";
import type { ReadablePlan } from "./find-readable-plan.ts";
import { getDashboard } from "./get-dashboard.ts";

/** The stored file an edition's dashboard charts are: labels in `lang`, content in the head's. */
export const dashboardChartsKey = (head: ReadablePlan, lang: Language): string =>
  `charts:${lang}:${head.lang}`;

/**
 * The dashboard charts of `head`'s edition in `lang`: drawn the first time (from the
 * edition's public document, as an anonymous reader has it, whoever asks) and stored; a
 * request arriving while they are drawn joins that drawing. Null when `head` is no edition.
 */
export async function editionDashboardCharts(
  deps: Deps,
  head: ReadablePlan,
  lang: Language,
): Promise<DashboardCharts | null> {
  const edition = head.edition;
  if (!edition) return null;
  const file = await editionFileOr(deps, head, dashboardChartsKey(head, lang), async () => {
    const d = await getDashboard(
      { ...deps, actor: null },
      { network: head.plan.network.slug, year: head.plan.year, lang, edition: edition.number },
      // An edition is the same document whoever reads it: read it from the head.
      head,
    );
    // Compressed: SVG says the same few words over and over (~100 KB a set, ~15 gzipped).
    return {
      body: gzipSync(JSON.stringify(await drawDashboardCharts(d, lang))),
      contentType: "application/gzip",
      fileName: `dashboard-charts.${lang}.json.gz`,
    };
  });
  return JSON.parse(gunzipSync(file.body).toString("utf8")) as DashboardCharts;
}
