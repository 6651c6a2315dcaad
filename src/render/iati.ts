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
import { textLanguage } from "../core/language.ts";
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
  /** The language asked for (each activity's xml:lang); default: the document's. */
  lang?: Language;
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

/** A text and the language it is in (core/language.ts: the asked one, or a fallback). */
type Part = { text: string; lang: Language };

/**
 * The narratives of an element made of several texts: one per language, in order of first
 * appearance, each holding the texts in its language (IATI gives an element one narrative
 * per language, each with its xml:lang).
 */
function narratives(
  parts: readonly Part[],
  indent: string,
  join: (texts: string[]) => string,
): string[] {
  const byLang = new Map<Language, string[]>();
  for (const p of parts) {
    if (p.text === "") continue;
    byLang.set(p.lang, [...(byLang.get(p.lang) ?? []), p.text]);
  }
  return [...byLang].map(([lang, texts]) => narrative(join(texts), lang, indent));
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

function documentTitle(a: Activity, s: Source, langs: { title: Language; label: Language }): Part {
  const occ = a.occurrences.find((o) => o.sources.includes(s.id));
  const title = clean(a.title);
  if (occ) return { text: `${title} (${occ.when.text})`, lang: langs.title };
  return s.label ? { text: clean(s.label), lang: langs.label } : { text: title, lang: langs.title };
}

/** The language of the reporting organisation's name: the network's own, when it is the network. */
function reportingOrgLang(plan: PlanDocument, opts: IatiOptions, lang: Language): Language {
  return opts.reportingOrg.name === plan.network.name ? textLanguage(plan, "/network/name") : lang;
}

function activityXml(
  plan: PlanDocument,
  at: { area: Area; a: Activity; pointer: string },
  opts: IatiOptions,
): string {
  const { area, a } = at;
  // The activity's default language is the one asked; each narrative names its own.
  const lang = opts.lang ?? plan.language;
  const textLang = (pointer: string) => textLanguage(plan, pointer);
  const areaPointer = at.pointer.replace(/\/activities\/\d+$/, "");
  const titleLang = textLang(`${at.pointer}/title`);
  const govIndex = Math.max(
    0,
    plan.governance.findIndex((g) => g.year === plan.year),
  );
  const gov = plan.governance[govIndex];
  const prefix = `${opts.reportingOrg.ref}-${plan.network.slug}-${plan.year}`;
  const L: string[] = [];
  const push = (s: string) => L.push(s);

  push(
    `  <iati-activity${attrs({ "xml:lang": lang, "last-updated-datetime": opts.generatedAt?.toISOString().replace(/\.\d{3}Z$/, "Z") })}>`,
  );
  push(`    <iati-identifier>${escapeXml(`${prefix}-${a.code}`)}</iati-identifier>`);
  push(`    <reporting-org${attrs({ ref: opts.reportingOrg.ref, type: opts.reportingOrg.type })}>`);
  push(narrative(opts.reportingOrg.name, reportingOrgLang(plan, opts, lang), "      "));
  push("    </reporting-org>");
  push("    <title>");
  push(narrative(`${a.code} ${clean(a.title)}`, titleLang, "      "));
  push("    </title>");
  const general: Part[] = [
    { text: `${clean(a.title)}.`, lang: titleLang },
    {
      text: a.location.text ? `${clean(a.location.text)}.` : "",
      lang: textLang(`${at.pointer}/location/text`),
    },
    {
      text: a.planned.text ? `${a.planned.text}.` : "",
      lang: textLang(`${at.pointer}/planned/text`),
    },
    { text: clean(a.status.text), lang: textLang(`${at.pointer}/status/text`) },
  ];
  push(`    <description type="1">`);
  for (const n of narratives(general, "      ", (t) => t.join(" ").replace(/\.\./g, "."))) push(n);
  push("    </description>");
  if (area.objective) {
    push(`    <description type="2">`);
    const objective: Part[] = [
      { text: `${area.code} ${clean(area.title)}:`, lang: textLang(`${areaPointer}/title`) },
      { text: clean(area.objective), lang: textLang(`${areaPointer}/objective`) },
    ];
    for (const n of narratives(objective, "      ", (t) => t.join(" "))) push(n);
    push("    </description>");
  }

  const orgs: { name: string; role: string; lang: Language }[] = [];
  const govLang = (field: string) => textLang(`/governance/${govIndex}/${field}`);
  if (gov?.technicalSecretariat)
    orgs.push({ name: gov.technicalSecretariat, role: "4", lang: govLang("technicalSecretariat") });
  if (gov?.promotingBody)
    orgs.push({ name: gov.promotingBody, role: "1", lang: govLang("promotingBody") });
  if (orgs.length === 0)
    orgs.push({
      name: opts.reportingOrg.name,
      role: "4",
      lang: reportingOrgLang(plan, opts, lang),
    });
  for (const o of orgs) {
    push(`    <participating-org${attrs({ ref: opts.orgRefs?.[o.name], role: o.role })}>`);
    push(narrative(o.name, o.lang, "      "));
    push("    </participating-org>");
  }
  push(`    <activity-status code="${STATUS_TO_IATI[a.status.code]}"/>`);
  for (const d of dates(a, plan)) push(`    <activity-date type="${d.type}" iso-date="${d.iso}"/>`);
  push(`    <activity-scope code="2"/>`);

  const links: { url: string; format: string; title: Part; category: string }[] = [];
  for (const id of a.sources) {
    const i = plan.sources.findIndex((x) => x.id === id);
    const s = plan.sources[i];
    if (!s?.url || links.some((l) => l.url === s.url)) continue;
    const pdf = /\.pdf(?:[?#].*)?$/i.test(s.url);
    links.push({
      url: s.url,
      format: pdf ? "application/pdf" : "text/html",
      title: documentTitle(a, s, {
        title: titleLang,
        label: textLang(`/sources/${i}/label`),
      }),
      category: "A08",
    });
  }
  links.push({
    url: activityUrl(opts.baseUrl, plan, a.code),
    format: "text/html",
    title: { text: `${a.code} ${clean(a.title)}`, lang: titleLang },
    category: "A12",
  });
  for (const l of links) {
    push(`    <document-link${attrs({ url: l.url, format: l.format })}>`);
    push("      <title>");
    push(narrative(l.title.text, l.title.lang, "        "));
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
  const body = plan.areas.flatMap((area, i) =>
    area.activities.map((a, j) =>
      activityXml(plan, { area, a, pointer: `/areas/${i}/activities/${j}` }, opts),
    ),
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
