/**
 * A network's numbered yearly meeting, as reports name it: in the header ("XVII GEALC
 * Network Annual Assembly", "12th Annual Meeting of the Caribbean Procurement Network",
 * "IX Plenária da Rede …") and in background sentences ("approved at the XVI Annual
 * Assembly of GEALC Network (Lima, Peru, November 11, 2022)"). The words come from
 * network-words.ts; ordinals are Roman ("XVII"), numbered ("12th", "12ª") or spelled out
 * ("Twelfth", "Décima Segunda").
 */
import { stripCitations } from "../core/citations.ts";
import { foldKeepingLength, foldText } from "../core/fold.ts";
import {
  MEETING_OF,
  MEETING_WORDS,
  ORDINAL_APOCOPES,
  ORDINAL_TENS,
  ORDINAL_UNITS,
  ORDINAL_WHOLE_EN,
  ORDINAL_WHOLE_IBERIAN,
} from "./network-words.ts";

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

const keys = (o: Record<string, number>) => Object.keys(o).join("|");
const EN_UNITS = keys(ORDINAL_UNITS.en);
const IB_UNITS = keys(ORDINAL_UNITS.iberian);
// Spelled-out ordinals, folded, as two compact patterns (a Spanish or Portuguese stem takes
// -o/-a, but for the apocopes "primer", "tercer"): "twenty-first", "decima segunda".
const EN_WORD = `(?:(${keys(ORDINAL_TENS.en)})[\\s-]?)?(${EN_UNITS})|(${keys(ORDINAL_WHOLE_EN)})`;
const IB_WORD = `(?:(${keys(ORDINAL_TENS.iberian)})[oa]\\s?)?(?:(${IB_UNITS})[oa]|(${keys(ORDINAL_APOCOPES)}))|(${keys(ORDINAL_TENS.iberian)}|${keys(ORDINAL_WHOLE_IBERIAN)})[oa]`;
const EN_WORD_RE = new RegExp(`^(?:${EN_WORD})$`);
const IB_WORD_RE = new RegExp(`^(?:${IB_WORD})$`);

/** The number a folded spelled-out ordinal denotes, or null. */
function ordinalWord(w: string): number | null {
  const en = EN_WORD_RE.exec(w);
  if (en) {
    if (en[3]) return ORDINAL_WHOLE_EN[en[3]] ?? null;
    return (en[1] ? (ORDINAL_TENS.en[en[1]] ?? 0) : 0) + (ORDINAL_UNITS.en[en[2] ?? ""] ?? 0);
  }
  const ib = IB_WORD_RE.exec(w);
  if (!ib) return null;
  if (ib[4]) return ORDINAL_TENS.iberian[ib[4]] ?? ORDINAL_WHOLE_IBERIAN[ib[4]] ?? null;
  const tens = ib[1] ? (ORDINAL_TENS.iberian[ib[1]] ?? 0) : 0;
  const unit = ib[2] ? ORDINAL_UNITS.iberian[ib[2]] : ORDINAL_APOCOPES[ib[3] ?? ""];
  return unit ? tens + unit : null;
}

const escapeWord = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "\\s+");
/** An alternation of words, longest first, each folded. */
export const alternatives = (words: Iterable<string>) =>
  [...new Set([...words].map((w) => foldText(w)))]
    .sort((a, b) => b.length - a.length)
    .map(escapeWord)
    .join("|");

const NUMBERED = String.raw`\d{1,3}(?:\.?(?:st|nd|rd|th|ª|º|°|er|era|ra|ro|da|do|ta|to|va|vo|na|no|ma|mo|a|o)(?![\p{L}]))?`;
/** An ordinal in folded text: Roman (checked upper case in the original), numbered, words. */
const ORDINAL = `([ivxlcdm]+|${NUMBERED}|${EN_WORD.replace(/\((?!\?)/g, "(?:")}|${IB_WORD.replace(/\((?!\?)/g, "(?:")})`;

/** The value of an ordinal as found: `original` is the same span of the unfolded text. */
function ordinalValue(folded: string, original: string): number | null {
  if (/^[ivxlcdm]+$/.test(folded))
    return /^[IVXLCDM]+$/.test(original) ? romanToInt(original) : null;
  const digits = /^\d+/.exec(folded);
  if (digits) return Number(digits[0]) || null;
  return ordinalWord(folded.replace(/\s+/g, " "));
}

const ALL_MEETINGS = Object.values(MEETING_WORDS).flat();
const KIND_OF = new Map<string, string>(
  Object.entries(MEETING_WORDS).flatMap(([k, words]) =>
    words.map((w) => [foldText(w), k] as const),
  ),
);
/** The kind of meeting a name denotes ("Asamblea Anual" -> "assembly"), or null. */
const kind = (meeting: string) =>
  KIND_OF.get(foldText(meeting).replace(/\s+/g, " ").trim()) ?? null;
const MEETING = `(${alternatives(ALL_MEETINGS)})`;
const OF = `(?:${alternatives(MEETING_OF)})`;
const END = "(?![\\p{L}\\p{N}])";

// Tried in order; every one runs on the folded line, with indices into the original.
const HEADINGS: { re: RegExp; ord: number; meeting: number; name: number | null }[] = [
  // "12th Annual Meeting of the Caribbean Procurement Network", "IX Plenária da Rede …"
  {
    re: new RegExp(`^${ORDINAL}\\s+${MEETING}\\s+${OF}\\s+(.+)$`, "du"),
    ord: 1,
    meeting: 2,
    name: 3,
  },
  // "The Caribbean Procurement Network's 12th Annual Meeting"
  {
    re: new RegExp(`^(?:the\\s+)?(.+?)['’]s\\s+${ORDINAL}\\s+${MEETING}$`, "du"),
    ord: 2,
    meeting: 3,
    name: 1,
  },
  // "XII Annual General Assembly": a meeting that names no network
  { re: new RegExp(`^${ORDINAL}\\s+${MEETING}$`, "du"), ord: 1, meeting: 2, name: null },
  // "XVII GEALC Network Annual Assembly"
  { re: new RegExp(`^${ORDINAL}\\s+(.+?)\\s+${MEETING}$`, "du"), ord: 1, meeting: 3, name: 2 },
];

export type MeetingHeading = {
  ordinal: number;
  /** The network's name as written, or null when the line names only the meeting. */
  network: string | null;
  /** The meeting's words as written ("Annual Assembly", "Plenária"). */
  meeting: string;
};

/** "XVII GEALC Network Annual Assembly" -> { ordinal: 17, network: "GEALC Network", … }. */
export function parseMeetingHeading(line: string): MeetingHeading | null {
  const plain = stripCitations(line).trim().replace(/[.:]$/, "").trim();
  const f = foldKeepingLength(plain);
  for (const h of HEADINGS) {
    const m = h.re.exec(f);
    const span = (g: number) => {
      const at = m?.indices?.[g];
      return at ? plain.slice(at[0], at[1]) : "";
    };
    if (!m) continue;
    const ordinal = ordinalValue(m[h.ord] as string, span(h.ord));
    const network = h.name === null ? null : span(h.name).trim();
    if (!ordinal || (network !== null && !/\p{L}/u.test(network))) continue;
    return { ordinal, network, meeting: span(h.meeting) };
  }
  return null;
}

export type MeetingMention = {
  ordinal: number;
  /** The kind of meeting ("assembly", "plenary": the rows of MEETING_WORDS). */
  kind: string;
  /** What the sentence says of it: its parenthesis, or else the rest of its clause. */
  details: string;
  parenthesized: boolean;
};

const MENTION = new RegExp(
  `(?<![\\p{L}\\p{N}])${ORDINAL}\\s+(?:[^.(]{0,60}?\\s)?(?:${alternatives(ALL_MEETINGS)})${END}`,
  "dgu",
);
/** The longest meeting's name ending a text: "Ministerial Meeting" rather than "Meeting". */
const ENDING_MEETING = new RegExp(`(?<![\\p{L}])(?:${alternatives(ALL_MEETINGS)})$`, "u");

/** The kind of meeting a heading's words denote ("Asamblea Anual" -> "assembly"), or null. */
export function meetingKind(meeting: string): string | null {
  return kind(meeting);
}

/**
 * Numbered meetings mentioned in a sentence, each with its kind (the longest meeting name
 * that ends it: "III Ministerial Meeting" is a ministerial meeting, not a "meeting") and
 * what is said of it: its parenthesis ("(Lima, Peru, November 11, 2022)") or the rest of
 * its clause ("held in Bridgetown, Barbados, on November 9, 2023").
 */
export function meetingMentions(text: string): MeetingMention[] {
  const f = foldKeepingLength(text);
  const out: MeetingMention[] = [];
  for (const m of f.matchAll(MENTION)) {
    const at = m.indices?.[1];
    if (!at) continue;
    const ordinal = ordinalValue(m[1] as string, text.slice(at[0], at[1]));
    const end = (m.index ?? 0) + m[0].length;
    const named = kind(ENDING_MEETING.exec(f.slice(0, end))?.[0] ?? "");
    if (!ordinal || !named) continue;
    const rest = text.slice(end);
    const paren = /^[^(.]*\(([^)]*)\)/.exec(rest);
    // Else the clause up to the end of the sentence ("." before a space or the end).
    const details = paren ? (paren[1] as string) : (rest.split(/\.(?:\s|$)/)[0] ?? "");
    out.push({ ordinal, kind: named, details, parenthesized: paren !== null });
  }
  return out;
}
