/**
 * Who governed the plan and where it was approved, read from the background paragraphs of
 * a report ("The 2022 Executive Committee, consisting of ... (under the presidency of
 * Ecuador), supported by the OAS in the role of Technical Secretariat, ...", "O Conselho
 * Diretor 2024, composto por ... (presidido por Cabo Verde), com a ALRP como Secretaria
 * Executiva ...") and from its header. English, Spanish and Portuguese; the words are the
 * tables of network-words.ts.
 */
import { stripCitations } from "../core/citations.ts";
import { foldKeepingLength, foldText } from "../core/fold.ts";
import { countryCode, parseLocation } from "../core/places.ts";
import type { Assembly, Governance } from "../core/plan.ts";
import { parseMonthName } from "../core/timing.ts";
import {
  alternatives,
  type MeetingMention,
  meetingKind,
  meetingMentions,
  parseMeetingHeading,
  romanToInt,
} from "./meetings.ts";
import {
  BODY_WORDS,
  CHAIR_WORDS,
  MEMBERS_WORDS,
  PROMOTER_WORDS,
  SECRETARIAT_WORDS,
} from "./network-words.ts";

export { romanToInt };
export type GovernanceWarning = { paragraph: number; message: string };

export type FoundDate = { iso: string; index: number; length: number };

const pad = (n: number) => String(n).padStart(2, "0");
const MONTH_DAY_YEAR = /\b(\p{L}+)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/gu;
const DAY_MONTH_YEAR =
  /\b(\d{1,2})(?:º|°|st|nd|rd|th)?\s+(?:de\s+|of\s+)?(\p{L}+)\s+(?:de\s+|del\s+)?(\d{4})\b/gu;

function isoOf(y: number, m: number, d: number): string | null {
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** The first full date written in the text ("November 11, 2022", "11 de noviembre de 2022"). */
export function findFullDate(text: string): FoundDate | null {
  const found: FoundDate[] = [];
  for (const m of text.matchAll(MONTH_DAY_YEAR)) {
    const month = parseMonthName(m[1] as string);
    const iso = month ? isoOf(Number(m[3]), month, Number(m[2])) : null;
    if (iso) found.push({ iso, index: m.index ?? 0, length: m[0].length });
  }
  for (const m of text.matchAll(DAY_MONTH_YEAR)) {
    const month = parseMonthName(m[2] as string);
    const iso = month ? isoOf(Number(m[3]), month, Number(m[1])) : null;
    if (iso) found.push({ iso, index: m.index ?? 0, length: m[0].length });
  }
  found.sort((a, b) => a.index - b.index);
  return found[0] ?? null;
}

/** A slug from a network name: its acronym ("GEALC Network" -> "gealc"), else its words. */
export function networkSlug(name: string): string {
  const acronym = /\b[A-Z][A-Z0-9]{1,}\b/.exec(name);
  const base = acronym ? acronym[0] : name;
  return foldText(base)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** "XVII GEALC Network Annual Assembly" -> { ordinal: 17, network: "GEALC Network" }. */
export function parseAssemblyHeading(line: string): { ordinal: number; network: string } | null {
  const h = parseMeetingHeading(line);
  return h?.network ? { ordinal: h.ordinal, network: h.network } : null;
}

const BODY = `(${alternatives(Object.values(BODY_WORDS).flat())})`;
const YEAR = "(\\d{4})";
// On folded text: "the 2022 executive committee, consisting of a, b and c (under the
// presidency of a)", "comite ejecutivo 2023, integrado por ... (bajo la presidencia de ...)".
const COMMITTEE = new RegExp(
  `(?:${YEAR}\\s+${BODY}|${BODY}\\s+(?:(?:of|for|de|do|del)\\s+)?${YEAR})(?![\\p{L}\\p{N}])[^(]*?(?<![\\p{L}])(?:${alternatives(MEMBERS_WORDS)})\\s+([^(]+?)\\s*\\((?:${alternatives(CHAIR_WORDS)})\\s+([^)]+)\\)`,
  "dgu",
);
/** A body next to a year: a committee the reader should have read. */
const BODY_OF_YEAR = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${YEAR}\\s+${BODY}|${BODY}\\s+(?:(?:of|for|de|do|del)\\s+)?${YEAR})(?![\\p{L}\\p{N}])`,
  "du",
);
const ACRONYM = /\b[A-Z][A-Za-z]*[A-Z]\b/g;
const role = (words: readonly string[]) =>
  new RegExp(`(?<![\\p{L}])(?:${alternatives(words)})(?![\\p{L}])`, "gu");
const SECRETARIAT = role(SECRETARIAT_WORDS);
const PROMOTER = role(PROMOTER_WORDS);

/**
 * The organisation (an acronym) holding a role in a sentence: the nearest acronym before
 * the role in its clause ("the OAS in the role of Technical Secretariat"), else the first
 * after it ("the Executive Secretariat held by ALRP", "Secretaría Técnica (OEA)").
 */
function roleHolder(sentence: string, words: RegExp): string | null {
  const folded = foldKeepingLength(sentence);
  for (const m of folded.matchAll(words)) {
    const at = m.index ?? 0;
    const before = sentence.slice(0, at).split(/[,;]/).pop() ?? "";
    const last = [...before.matchAll(ACRONYM)].pop();
    if (last) return last[0];
    const after = sentence.slice(at + m[0].length).split(/[,;]/)[0] ?? "";
    const first = after.match(ACRONYM)?.[0];
    if (first) return first;
  }
  return null;
}

const CONJUNCTION = /\s+(?:and|y|e|&)\s+/g;

/** Country names from "A, B, C and D" (a name may itself hold "y": "Trinidad y Tobago"). */
function splitMembers(list: string): { codes: string[]; unknown: string[] } {
  const codes: string[] = [];
  const unknown: string[] = [];
  for (const raw of list.split(",")) {
    const chunk = raw.trim().replace(/^(?:and|y|e)\s+/, "");
    if (!chunk) continue;
    // Cut at every conjunction, then take the longest run of pieces that names a country.
    const pieces: string[] = [];
    const seps: string[] = [];
    let last = 0;
    for (const m of chunk.matchAll(CONJUNCTION)) {
      pieces.push(chunk.slice(last, m.index));
      seps.push(m[0]);
      last = (m.index ?? 0) + m[0].length;
    }
    pieces.push(chunk.slice(last));
    let i = 0;
    while (i < pieces.length) {
      let found = false;
      for (let j = pieces.length - 1; j >= i; j--) {
        let name = pieces[i] as string;
        for (let k = i + 1; k <= j; k++) name += `${seps[k - 1]}${pieces[k]}`;
        const code = countryCode(name);
        if (code) {
          codes.push(code);
          i = j + 1;
          found = true;
          break;
        }
      }
      if (!found) unknown.push((pieces[i++] as string).trim());
    }
  }
  return { codes, unknown };
}

const HELD_IN =
  /(?<![\p{L}])(?:held in|took place in|in|celebrad[oa] en|realizad[oa] en|realizad[oa] em|en|em|at)\s+/gu;

function assemblyFrom(ordinal: number, details: string, parenthesized: boolean): Assembly {
  const date = findFullDate(details);
  if (parenthesized) {
    const placeText = (date ? details.slice(0, date.index) : details)
      .replace(/[\s,;]+$/, "")
      .trim();
    return { ordinal, date: date?.iso ?? null, place: placeText ? parseLocation(placeText) : null };
  }
  // "held in Bridgetown, Barbados, on November 9, 2023": the place runs from the last "in"
  // before the date to the date.
  if (!date) return { ordinal, date: null, place: null };
  const before = details.slice(0, date.index);
  const lead = [...foldKeepingLength(before).matchAll(HELD_IN)].pop();
  const placeText = lead
    ? before
        .slice((lead.index ?? 0) + lead[0].length)
        .replace(/[\s,;]*(?:(?:on|el|em|the|o dia|el dia)[\s,;]*)?$/i, "")
        .trim()
    : "";
  return { ordinal, date: date.iso, place: placeText ? parseLocation(placeText) : null };
}

/**
 * Governing bodies and the network's numbered meetings mentioned in background paragraphs;
 * `meeting` is the header's word for the meeting ("Annual Assembly", "Plenária").
 */
export function readGovernance(
  paragraphs: readonly string[],
  opts: { meeting?: string | null } = {},
): {
  governance: Governance[];
  assemblies: Assembly[];
  warnings: GovernanceWarning[];
} {
  const governance: Governance[] = [];
  const assemblies: Assembly[] = [];
  const warnings: GovernanceWarning[] = [];
  const mentions: MeetingMention[] = [];
  paragraphs.forEach((raw, paragraph) => {
    const text = stripCitations(raw);
    const folded = foldKeepingLength(text);
    const span = (m: RegExpExecArray | RegExpMatchArray, g: number) => {
      const at = m.indices?.[g];
      return at ? text.slice(at[0], at[1]) : "";
    };
    let read = 0;
    for (const m of folded.matchAll(COMMITTEE)) {
      read++;
      const year = Number(m[1] ?? m[4]);
      const body = span(m, m[1] ? 2 : 3);
      const { codes, unknown } = splitMembers(span(m, 5));
      for (const name of unknown) {
        warnings.push({ paragraph, message: `${body} ${year}: unknown country "${name}"` });
      }
      const presidencyName = span(m, 6).trim();
      const presidency = countryCode(presidencyName);
      if (!presidency) {
        warnings.push({
          paragraph,
          message: `${body} ${year}: unknown presidency "${presidencyName}"`,
        });
      }
      // The roles are named in the same sentence, after the committee.
      const after = text.slice((m.index ?? 0) + m[0].length);
      const sentence = after.split(/\.(?:\s|$)/)[0] ?? "";
      governance.push({
        year,
        committee: codes,
        presidency,
        technicalSecretariat: roleHolder(sentence, SECRETARIAT),
        promotingBody: roleHolder(sentence, PROMOTER),
      });
    }
    const named = read === 0 ? BODY_OF_YEAR.exec(folded) : null;
    if (named) {
      warnings.push({
        paragraph,
        message: `"${span(named, 0)}" is named but its members and chair were not read (expected e.g. "The 2024 Steering Committee, consisting of Chile, Peru and Uruguay (chaired by Peru)")`,
      });
    }
    mentions.push(...meetingMentions(text));
  });
  const own = ownKind(mentions, opts.meeting ? meetingKind(opts.meeting) : null);
  for (const m of mentions) {
    if (m.kind === own) assemblies.push(assemblyFrom(m.ordinal, m.details, m.parenthesized));
  }
  return { governance, assemblies, warnings };
}

/**
 * The kind of meeting that is the network's own: the header's, when the background speaks
 * of it; else (a header in other words than its background, as a translation or our own
 * writer gives, or no header meeting) the kind the background mentions most. Ministerial
 * meetings are never the network's own.
 */
function ownKind(mentions: readonly MeetingMention[], header: string | null): string | null {
  if (header && mentions.some((m) => m.kind === header)) return header;
  const counts = new Map<string, number>();
  for (const m of mentions) {
    if (m.kind !== "ministerial") counts.set(m.kind, (counts.get(m.kind) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [k, n] of counts) if (best === null || n > (counts.get(best) ?? 0)) best = k;
  return best;
}

/** Assemblies merged by ordinal (known fields win over nulls), sorted by ordinal. */
export function mergeAssemblies(list: readonly Assembly[]): Assembly[] {
  const byOrdinal = new Map<number, Assembly>();
  for (const a of list) {
    const had = byOrdinal.get(a.ordinal);
    byOrdinal.set(
      a.ordinal,
      had ? { ordinal: a.ordinal, date: had.date ?? a.date, place: had.place ?? a.place } : a,
    );
  }
  return [...byOrdinal.values()].sort((a, b) => a.ordinal - b.ordinal);
}
