/**
 * A plan -> IATI Activity Standard 2.03 XML (valid against the official XSD): one
 * `iati-activity` per activity of the plan.
 *
 * Mapping decisions (see STATUS_TO_IATI for the status codelist):
 * - iati-identifier: `<reporting-org ref>-<network>-<year>-<code>`, stable across exports.
 * - title: the activity title; description type 1 (general): title, place, planned time and
 *   status line as written; type 2 (objectives): the area's objective. Citation markers
 *   are taken out of every text.
 * - participating-org: the plan year's Technical Secretariat (OAS) as implementing (4),
 *   it runs the network's activities; its promoting body (IDB) as funding (1). Their IATI
 *   organisation identifiers are not in the plan: pass them in `orgRefs` to add `ref`s.
 * - activity-date: planned start/end (1/3) from the planned timing's window (the plan year
 *   when it has none); actual start (2) from the earliest held occurrence or status date of
 *   an activity under way or done; actual end (4) from the latest, only once it is done.
 *   Only times known to the day count: a meeting known by its month has no actual day, and
 *   none is invented (no 1st or 31st of the month).
 * - document-link: every evidence source with an http(s) url, format application/pdf for
 *   `.pdf` links and text/html otherwise, category A08 (results, outcomes and outputs: the
 *   pages show what was held); plus the activity's page in the portal as A12 (activity web page).
 * - related-activity: joint/related activities and the activity a carried-over one comes
 *   from, as siblings (3).
 */
import { stripCitations } from "../core/citations.ts";
import { AppError } from "../core/errors.ts";
import {
  type Activity,
  type Area,
  type Language,
  type PlanDocument,
  type Source,
  STATUS_CODES,
  type StatusCode,
} from "../core/plan.ts";
import { codesWhere, type StatusEntry, statusEntry } from "../core/status-table.ts";
import { activityUrl } from "./ics.ts";

export type IatiOrg = {
  /** The IATI organisation identifier, e.g. "XM-DAC-41301". */
  ref: string;
  /** OrganisationType code, e.g. "40" (multilateral). */
  type: string;
  name: string;
};

export type IatiOptions = {
  reportingOrg: IatiOrg;
  /** The portal's address, for the activity pages linked from each activity. */
  baseUrl: string;
  /** IATI identifiers of participating organisations, by the name the plan gives them ("OAS"). */
  orgRefs?: Readonly<Record<string, string>>;
  /** When the file was made (generated-datetime, last-updated-datetime); left out when not given. */
  generatedAt?: Date;
};

/**
 * Our status codes -> the IATI ActivityStatus codelist, from the status table.
 * 1 Pipeline/identification: planned, scheduled, unclassified (nothing known held yet);
 * 2 Implementation: in progress, ongoing; 4 Closed: executed, executed otherwise (the
 * activities have no finances to sign off, so there is no finalisation stage);
 * 5 Cancelled: cancelled, superseded (the planned activity will not be done as such);
 * 6 Suspended: postponed.
 */
export const STATUS_TO_IATI = Object.fromEntries(
  STATUS_CODES.map((c) => [c, statusEntry(c).iati] as const),
) as Record<StatusCode, StatusEntry["iati"]>;

const UNDER_WAY: ReadonlySet<StatusCode> = new Set(
  codesWhere((e) => e.held || e.group === "in_progress"),
);
const DONE: ReadonlySet<StatusCode> = new Set(codesWhere((e) => e.held));

/** XML text and attribute escaping; characters XML 1.0 cannot hold are dropped. */
export function escapeXml(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

const attrs = (a: Record<string, string | undefined>) =>
  Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(v as string)}"`)
    .join("");

const clean = (s: string) =>
  stripCitations(s)
    .replace(/\s+([.,;:)])/g, "$1")
    .replace(/\s+/g, " ")
    .trim();

function narrative(text: string, lang: Language, indent: string): string {
  return `${indent}<narrative xml:lang="${lang}">${escapeXml(text)}</narrative>`;
}

const min = (xs: string[]) =>
  xs.reduce<string | null>((m, x) => (m === null || x < m ? x : m), null);
const max = (xs: string[]) =>
  xs.reduce<string | null>((m, x) => (m === null || x > m ? x : m), null);

function dates(a: Activity, plan: PlanDocument): { type: string; iso: string }[] {
  const out: { type: string; iso: string }[] = [];
  out.push({ type: "1", iso: a.planned.start ?? `${plan.year}-01-01` });
  out.push({ type: "3", iso: a.planned.end ?? `${plan.year}-12-31` });
  if (UNDER_WAY.has(a.status.code)) {
    // Only times known to the day: a month-only meeting has no actual day to give.
    const whens = [
      ...a.occurrences.map((o) => o.when),
      ...(a.status.when ? [a.status.when] : []),
    ].filter((w) => w.kind === "date" || w.kind === "range");
    const start = min(whens.flatMap((w) => (w.start ? [w.start] : [])));
    const end = max(
      whens.flatMap((w) => ((w.end ?? w.start) ? [(w.end ?? w.start) as string] : [])),
    );
    if (start) out.push({ type: "2", iso: start });
    if (end && DONE.has(a.status.code)) out.push({ type: "4", iso: end });
  }
  return out.sort((x, y) => x.type.localeCompare(y.type));
}

function documentTitle(a: Activity, s: Source): string {
  const occ = a.occurrences.find((o) => o.sources.includes(s.id));
  const title = clean(a.title);
  if (occ) return `${title} (${occ.when.text})`;
  return s.label ? clean(s.label) : title;
}

function activityXml(plan: PlanDocument, area: Area, a: Activity, opts: IatiOptions): string {
  const lang = plan.language;
  const gov = plan.governance.find((g) => g.year === plan.year) ?? plan.governance[0];
  const prefix = `${opts.reportingOrg.ref}-${plan.network.slug}-${plan.year}`;
  const L: string[] = [];
  const push = (s: string) => L.push(s);

  push(
    `  <iati-activity${attrs({ "xml:lang": lang, "last-updated-datetime": opts.generatedAt?.toISOString().replace(/\.\d{3}Z$/, "Z") })}>`,
  );
  push(`    <iati-identifier>${escapeXml(`${prefix}-${a.code}`)}</iati-identifier>`);
  push(`    <reporting-org${attrs({ ref: opts.reportingOrg.ref, type: opts.reportingOrg.type })}>`);
  push(narrative(opts.reportingOrg.name, lang, "      "));
  push("    </reporting-org>");
  push("    <title>");
  push(narrative(`${a.code} ${clean(a.title)}`, lang, "      "));
  push("    </title>");
  const general = [
    `${clean(a.title)}.`,
    a.location.text ? `${clean(a.location.text)}.` : "",
    a.planned.text ? `${a.planned.text}.` : "",
    clean(a.status.text),
  ]
    .filter(Boolean)
    .join(" ")
    .replace(/\.\./g, ".");
  push(`    <description type="1">`);
  push(narrative(general, lang, "      "));
  push("    </description>");
  if (area.objective) {
    push(`    <description type="2">`);
    push(narrative(`${area.code} ${clean(area.title)}: ${clean(area.objective)}`, lang, "      "));
    push("    </description>");
  }

  const orgs: { name: string; role: string }[] = [];
  if (gov?.technicalSecretariat) orgs.push({ name: gov.technicalSecretariat, role: "4" });
  if (gov?.promotingBody) orgs.push({ name: gov.promotingBody, role: "1" });
  if (orgs.length === 0) orgs.push({ name: opts.reportingOrg.name, role: "4" });
  for (const o of orgs) {
    push(`    <participating-org${attrs({ ref: opts.orgRefs?.[o.name], role: o.role })}>`);
    push(narrative(o.name, lang, "      "));
    push("    </participating-org>");
  }
  push(`    <activity-status code="${STATUS_TO_IATI[a.status.code]}"/>`);
  for (const d of dates(a, plan)) push(`    <activity-date type="${d.type}" iso-date="${d.iso}"/>`);
  push(`    <activity-scope code="2"/>`);

  const links: { url: string; format: string; title: string; category: string }[] = [];
  for (const id of a.sources) {
    const s = plan.sources.find((x) => x.id === id);
    if (!s?.url || links.some((l) => l.url === s.url)) continue;
    const pdf = /\.pdf(?:[?#].*)?$/i.test(s.url);
    links.push({
      url: s.url,
      format: pdf ? "application/pdf" : "text/html",
      title: documentTitle(a, s),
      category: "A08",
    });
  }
  links.push({
    url: activityUrl(opts.baseUrl, plan, a.code),
    format: "text/html",
    title: `${a.code} ${clean(a.title)}`,
    category: "A12",
  });
  for (const l of links) {
    push(`    <document-link${attrs({ url: l.url, format: l.format })}>`);
    push("      <title>");
    push(narrative(l.title, lang, "        "));
    push("      </title>");
    push(`      <category code="${l.category}"/>`);
    push(`      <language code="${lang}"/>`);
    push("    </document-link>");
  }
  for (const r of a.relations) {
    const [year, code] = r.activity.includes(":")
      ? r.activity.split(":")
      : [String(plan.year), r.activity];
    push(
      `    <related-activity${attrs({ ref: `${opts.reportingOrg.ref}-${plan.network.slug}-${year}-${code}`, type: "3" })}/>`,
    );
  }
  push("  </iati-activity>");
  return L.join("\n");
}

/** A plan's activities as an IATI 2.03 `iati-activities` document. */
export function renderIati(plan: PlanDocument, opts: IatiOptions): string {
  const when = opts.generatedAt?.toISOString().replace(/\.\d{3}Z$/, "Z");
  const body = plan.areas.flatMap((area) =>
    area.activities.map((a) => activityXml(plan, area, a, opts)),
  );
  // The standard wants at least one activity in a file.
  if (body.length === 0)
    throw new AppError("invalid_input", "the plan has no activities to publish");
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<iati-activities${attrs({ version: "2.03", "generated-datetime": when })}>`,
    ...body,
    "</iati-activities>",
    "",
  ].join("\n");
}
