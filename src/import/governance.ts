/**
 * Who governed the plan and where it was approved, read from the background paragraphs of
 * a report ("The 2022 Executive Committee, consisting of ... (under the presidency of
 * Ecuador), supported by the OAS in the role of Technical Secretariat, ...") and from its
 * header ("XVII GEALC Network Annual Assembly"). English, Spanish and Portuguese.
 */
import { stripCitations } from "../core/citations.ts";
import { foldText } from "../core/fold.ts";
import { countryCode, parseLocation } from "../core/places.ts";
import type { Assembly, Governance } from "../core/plan.ts";
import { parseMonthName } from "../core/timing.ts";

export type GovernanceWarning = { paragraph: number; message: string };

const ROMAN: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };

/** XVII -> 17; null when the word is not a well-formed Roman numeral. */
export function romanToInt(word: string): number | null {
  const s = word.toUpperCase();
  if (!/^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$/.test(s) || s === "") return null;
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const v = ROMAN[s[i] as string] as number;
    const next = ROMAN[s[i + 1] ?? ""] ?? 0;
    total += v < next ? -v : v;
  }
  return total;
}

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

const ASSEMBLY_HEADINGS: RegExp[] = [
  /^([IVXLCDM]+)\s+Annual\s+(?:General\s+)?Assembly\s+of\s+(?:the\s+)?(.+?)\.?$/i,
  /^([IVXLCDM]+)\s+(.+?)\s+Annual\s+(?:General\s+)?Assembly\.?$/i,
  /^([IVXLCDM]+)\s+Asamblea\s+(?:General\s+)?Anual\s+de\s+(?:la\s+|el\s+)?(.+?)\.?$/i,
  /^([IVXLCDM]+)\s+Assembleia\s+(?:Geral\s+)?Anual\s+d[aoe]s?\s+(.+?)\.?$/i,
];

/** "XVII GEALC Network Annual Assembly" -> { ordinal: 17, network: "GEALC Network" }. */
export function parseAssemblyHeading(line: string): { ordinal: number; network: string } | null {
  const plain = stripCitations(line).trim();
  for (const re of ASSEMBLY_HEADINGS) {
    const m = re.exec(plain);
    const ordinal = m ? romanToInt(m[1] as string) : null;
    if (m && ordinal) return { ordinal, network: (m[2] as string).trim() };
  }
  return null;
}

const COMMITTEE =
  /(?:\b(\d{4})\s+Executive Committee|Executive Committee\s+(?:of\s+|for\s+)?(\d{4})|Comité Ejecutivo\s+(?:de\s+)?(\d{4})|Comitê Executivo\s+(?:de\s+)?(\d{4}))[^(]*?\b(?:consisting of|composed of|made up of|formed by|integrado por|integrado pel[oa]s?|compuesto por|conformado por|formado por|composto por|composto pel[oa]s?)\s+([^(]+?)\s*\((?:under the (?:presidency|chairmanship) of|chaired by|bajo la presidencia de|presidido por|sob a presidência d[eoa]s?|presidido pel[oa])\s+([^)]+)\)/giu;
const ACRONYM = String.raw`\b([A-Z][A-Za-z]*[A-Z])\b`;
const SECRETARIAT = new RegExp(
  `${ACRONYM}[^,;]*?\\b(?:Technical Secretariat|Secretaría Técnica|Secretaria Técnica)`,
  "u",
);
const PROMOTER = new RegExp(
  `${ACRONYM}\\s+(?:as\\s+(?:the\\s+)?promot(?:ing|er)\\s+(?:body|agency|organi[sz]ation)|como\\s+(?:el\\s+|o\\s+)?(?:organismo|órgano|órgão|entidad|entidade)\\s+promot(?:or|ora))`,
  "u",
);
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

const ASSEMBLY_MENTION =
  /\b([IVXLCDM]+)\s+(?:[^.(]{0,60}?\s)?(?:Annual\s+(?:General\s+)?Assembly|Asamblea\s+(?:General\s+)?Anual|Assembleia\s+(?:Geral\s+)?Anual)\b[^(.]*\(([^)]*)\)/gu;

function assemblyFrom(ordinal: number, inParens: string): Assembly {
  const date = findFullDate(inParens);
  const placeText = (date ? inParens.slice(0, date.index) : inParens)
    .replace(/[\s,;]+$/, "")
    .trim();
  return { ordinal, date: date?.iso ?? null, place: placeText ? parseLocation(placeText) : null };
}

/** Executive Committees and Annual Assemblies mentioned in background paragraphs. */
export function readGovernance(paragraphs: readonly string[]): {
  governance: Governance[];
  assemblies: Assembly[];
  warnings: GovernanceWarning[];
} {
  const governance: Governance[] = [];
  const assemblies: Assembly[] = [];
  const warnings: GovernanceWarning[] = [];
  paragraphs.forEach((raw, paragraph) => {
    const text = stripCitations(raw);
    for (const m of text.matchAll(COMMITTEE)) {
      const year = Number(m[1] ?? m[2] ?? m[3] ?? m[4]);
      const { codes, unknown } = splitMembers(m[5] as string);
      for (const name of unknown) {
        warnings.push({
          paragraph,
          message: `Executive Committee ${year}: unknown country "${name}"`,
        });
      }
      const presidencyName = (m[6] as string).trim();
      const presidency = countryCode(presidencyName);
      if (!presidency) {
        warnings.push({
          paragraph,
          message: `Executive Committee ${year}: unknown presidency "${presidencyName}"`,
        });
      }
      // The roles are named in the same sentence, after the committee.
      const after = text.slice((m.index ?? 0) + m[0].length);
      const sentence = after.split(/\.(?:\s|$)/)[0] ?? "";
      governance.push({
        year,
        committee: codes,
        presidency,
        technicalSecretariat: SECRETARIAT.exec(sentence)?.[1] ?? null,
        promotingBody: PROMOTER.exec(sentence)?.[1] ?? null,
      });
    }
    for (const m of text.matchAll(ASSEMBLY_MENTION)) {
      const ordinal = romanToInt(m[1] as string);
      if (ordinal) assemblies.push(assemblyFrom(ordinal, m[2] as string));
    }
  });
  return { governance, assemblies, warnings };
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
