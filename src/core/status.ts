/**
 * The status codelist and status lines ("Executed (May [^6], June [^7]).", "A realizarse el
 * 20 de noviembre[^3].") read and written in en/es/pt.
 */
import { citedIds, marker } from "./citations.ts";
import { foldKeepingLength, foldText } from "./fold.ts";
import type { Activity, Language, Occurrence, Status, StatusCode, Timing } from "./plan.ts";
import { SENTENCE_ORDER, type Shape, STATUS_TABLE, THROUGH_WORDS } from "./status-table.ts";
import { formatTiming, MAX_TIMING_LENGTH, parseTiming } from "./timing.ts";

/** The label of each status code in each language (also read back by parseStatusLine). */
export const STATUS_LABELS: Record<
  StatusCode,
  Readonly<Record<Language, string>>
> = Object.fromEntries(
  Object.entries(STATUS_TABLE).map(([code, e]) => [code, e.label] as const),
) as Record<StatusCode, Readonly<Record<Language, string>>>;

/** The label of a status code in `lang`. */
export function statusLabel(code: StatusCode, lang: Language): string {
  return STATUS_TABLE[code].label[lang];
}

export type ParsedStatusLine = {
  status: Status;
  occurrences: Occurrence[];
  /** False when no known wording matched: the line is kept as the note of an `unclassified` status. */
  recognised: boolean;
};

/** How many times a recurring activity was held against how many times it was planned. */
export function occurrenceProgress(activity: Pick<Activity, "planned" | "occurrences">): {
  held: number;
  target: number | null;
} {
  const { planned, occurrences } = activity;
  return {
    held: occurrences.length,
    target: planned.kind === "frequency" ? planned.count : null,
  };
}

// ---------------------------------------------------------------- reading

const words = (list: Iterable<string>) =>
  [...list]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "\\s+"))
    .join("|");
/** Where a word ends: not followed by a letter, digit or hyphen. */
const END = "(?![\\p{L}\\p{N}-])";

/** Every wording of a row of shapes, in all languages. */
export const shapeWords = <T>(shape: Shape<T>): T[] => [...shape.en, ...shape.es, ...shape.pt];

/** Which code each leading word means (the table keeps each word to one code). */
export const CODE_OF_WORD: ReadonlyMap<string, StatusCode> = new Map(
  (Object.keys(STATUS_TABLE) as StatusCode[]).flatMap((code) =>
    STATUS_TABLE[code].leading.flatMap(shapeWords).map((w) => [w, code] as const),
  ),
);
const LEADING = new RegExp(`^(?:${words(CODE_OF_WORD.keys())})${END}`, "u");
const THROUGH = new RegExp(
  `^(?:\\s*\\[\\^\\d+\\])*\\s+(?:${words(shapeWords(THROUGH_WORDS))})${END}`,
  "u",
);
const SENTENCES = SENTENCE_ORDER.map(
  (code) =>
    [
      code,
      new RegExp(
        `(?<![\\p{L}])(?:${STATUS_TABLE[code].sentences.flatMap(shapeWords).join("|")})${END}`,
        "u",
      ),
    ] as const,
);
const PREFIX = /^(?:status|estado|situacao|situacion)\s*:\s*/;
const MARKERS = /^(?:\s*\[\^\d+\])+/;
const TRAILING_NOISE = /(?:\[\^\d+\]|[\s.])+$/;
/** Words before a timing that are not part of its wording ("on", "en el", "no"). */
const PREPOSITION =
  /^(?:on|in|at|during|from|el|en|em|no|na|durante|dia)\s+(?:(?:the|el|la|o|a)\s+)?/i;

type Rest = { when: Timing | null; note: string | null; occurrences: Occurrence[] };

/** Reads a status line as written (citation markers as `[^N]`). */
export function parseStatusLine(text: string, ctx: { year: number }): ParsedStatusLine {
  const sources = citedIds(text);
  const result = (code: StatusCode, rest: Partial<Rest>, recognised = true): ParsedStatusLine => ({
    status: { code, when: rest.when ?? null, note: rest.note ?? null, text, sources },
    occurrences: rest.occurrences ?? [],
    recognised,
  });

  const trimmed = text.trim();
  const prefix = PREFIX.exec(foldKeepingLength(trimmed));
  const body = prefix ? trimmed.slice(prefix[0].length) : trimmed;
  // No line at all: nothing was reported, so the activity is as planned.
  if (body === "") return result("planned", {}, false);
  const folded = foldKeepingLength(body);

  const lead = LEADING.exec(folded);
  if (lead) {
    const code = CODE_OF_WORD.get(lead[0].replace(/\s+/g, " ")) ?? "unclassified";
    const after = body.slice(lead[0].length);
    if (code === "executed" && THROUGH.test(foldKeepingLength(after))) {
      return result("executed_otherwise", { note: body });
    }
    return result(code, readRest(after, ctx) ?? { note: body });
  }
  for (const [code, re] of SENTENCES) {
    if (re.test(folded)) return result(code, { note: body });
  }
  return result("unclassified", { note: body }, false);
}

/**
 * What follows the status word: markers, a when, a list of occurrences, a note. Null when
 * the status word is part of a sentence ("It was executed with special attention ...").
 */
function readRest(after: string, ctx: { year: number }): Rest | null {
  const out: Rest = { when: null, note: null, occurrences: [] };
  let r = after.replace(MARKERS, "");
  if (/^\s*\.?\s*$/.test(r)) return out;
  const colon = /^\s*:\s*|^\s*\.\s+(?=\S)/.exec(r);
  if (colon) return { ...out, note: nonEmpty(r.slice(colon[0].length)) };

  if (!/^\s*\(/.test(r)) {
    const sep = /^\s*[,;]\s*|^\s+[-–—]\s+|^\s+/.exec(r);
    if (!sep) return null;
    const c = r.slice(sep[0].length);
    const head = readWhenHead(c, ctx);
    if (!head) return sep[0].trim() === "" ? null : { ...out, note: nonEmpty(c) };
    out.when = head.when;
    r = c.slice(head.length);
  }

  const open = /^\s*\(/.exec(r);
  if (open) {
    const close = r.indexOf(")", open[0].length);
    const list = close < 0 ? null : readOccurrences(r.slice(open[0].length, close), ctx);
    if (!list) return { ...out, note: nonEmpty(r) };
    out.occurrences = list;
    r = r.slice(close + 1).replace(MARKERS, "");
  }
  if (/^\s*\.?\s*$/.test(r)) return out;
  const sep = /^\s*[:,;]\s*|^\s*\.\s+|^\s+/.exec(r);
  return { ...out, note: nonEmpty(sep ? r.slice(sep[0].length) : r) };
}

const nonEmpty = (s: string) => s.trim() || null;

/** A timing at the start of `c`, up to a "(", ":", "," or ". " (the longest that reads). */
function readWhenHead(c: string, ctx: { year: number }) {
  const paren = c.indexOf("(");
  const limit = paren < 0 ? c.length : paren;
  const cuts = [limit];
  for (let i = limit - 1; i > 0; i--) {
    const ch = c[i] ?? "";
    if (/[:,;]/.test(ch) || (ch === "." && /\s/.test(c[i + 1] ?? ""))) cuts.push(i);
  }
  for (const length of cuts) {
    const when = readTiming(c.slice(0, length), ctx);
    if (when) return { when, length };
  }
  return null;
}

/** A timing written alone, with markers, a final period or a leading "on"/"el"/"em" around it. */
function readTiming(s: string, ctx: { year: number }): Timing | null {
  if (s.length > MAX_TIMING_LENGTH + 40) return null; // room for markers around it
  const clean = s.replace(TRAILING_NOISE, "").trim();
  if (clean === "" || clean.includes("[^")) return null;
  const bare = clean.replace(PREPOSITION, "");
  return (bare !== clean ? parseTiming(bare, ctx) : null) ?? parseTiming(clean, ctx);
}

/** "May [^6], June [^7] and July [^8]": one occurrence per item, or null if one is not a time. */
function readOccurrences(inner: string, ctx: { year: number }): Occurrence[] | null {
  const pieces: string[] = [];
  for (const piece of inner.split(/\s*[,;]\s*/)) {
    const prev = pieces.length - 1;
    // "September 19, 2023": a year alone belongs to the item before it
    if (prev >= 0 && /^\d{4}(?:\s*\[\^\d+\])*$/.test(piece.trim())) pieces[prev] += `, ${piece}`;
    else pieces.push(piece);
  }
  const out: Occurrence[] = [];
  for (const piece of pieces) {
    const one = readOccurrence(piece, ctx);
    if (one) {
      out.push(one);
      continue;
    }
    const parts = piece.split(/\s+(?:and|y|e)\s+/i).map((p) => readOccurrence(p, ctx));
    if (parts.length < 2 || parts.some((p) => p === null)) return null;
    out.push(...(parts as Occurrence[]));
  }
  return out.length > 0 ? out : null;
}

function readOccurrence(piece: string, ctx: { year: number }): Occurrence | null {
  const when = readTiming(piece.replace(/\[\^\d+\]/g, " "), ctx);
  return when ? { when, sources: citedIds(piece) } : null;
}

// ---------------------------------------------------------------- writing

/** How a status's words lead into each kind of timing ("To be held" + "on November 20"). */
const LEAD_IN: Record<Language, Partial<Record<Timing["kind"], string>>> = {
  en: { date: "on ", range: "from ", month: "in ", quarter: "in the ", semester: "in the " },
  es: { date: "el ", range: "", month: "en ", quarter: "en el ", semester: "en el " },
  pt: { date: "em ", range: "", month: "em ", quarter: "no ", semester: "no " },
};

/**
 * Whether a note continues the status words ("Executed: the study was supported") rather
 * than standing as a sentence of its own ("Executed. The workshop gathered 40 people."):
 * a note that starts with a capital letter is a sentence, and nothing is glued before it.
 */
function continuesStatus(note: string): boolean {
  return !/^\p{Lu}/u.test(note);
}

/**
 * Writes a status sentence in `lang` from the structured status and occurrences: the
 * table's words for its code and date, its evidence markers and occurrences, then the
 * note as written. An unclassified status writes only its note (the sentence as found).
 */
export function formatStatusLine(
  a: { status: Status; occurrences: Occurrence[] },
  lang: Language,
): string {
  const { status, occurrences } = a;
  const entry = STATUS_TABLE[status.code];
  const note = status.note?.trim() || null;
  if (status.code === "unclassified") return note ?? `${entry.label[lang]}.`;
  const elsewhere = new Set([...citedIds(note ?? ""), ...occurrences.flatMap((o) => o.sources)]);
  const markers = status.sources
    .filter((id) => !elsewhere.has(id))
    .map(marker)
    .join("");

  let line = entry.label[lang];
  const when = status.when;
  if (when) {
    const leadIn = entry.whenWords ? LEAD_IN[lang][when.kind] : undefined;
    line =
      leadIn === undefined || !entry.whenWords
        ? `${line}, ${formatTiming(when, lang)}`
        : `${entry.whenWords[lang]} ${leadIn}${formatTiming(when, lang)}`;
  }
  line += markers;
  if (occurrences.length > 0) {
    const items = occurrences.map((o) => {
      const refs = o.sources.map(marker).join("");
      return refs ? `${formatTiming(o.when, lang)} ${refs}` : formatTiming(o.when, lang);
    });
    line += ` (${items.join(", ")})`;
  }
  // The note is kept verbatim and last, so it reads back unchanged.
  if (!note) return `${line}.`;
  return continuesStatus(note) ? `${line}: ${note}` : `${line}. ${note}`;
}

/**
 * Whether a status's sentence as written may no longer say what its structure says: read
 * again, it gives another code, date or list of occurrences (the structure was changed
 * after the sentence was imported or written). False when there is no sentence.
 */
export function statusSentenceStale(
  a: { status: Status; occurrences: Occurrence[] },
  ctx: { year: number },
): boolean {
  const { text } = a.status;
  if (text.trim() === "") return false;
  const read = parseStatusLine(text, ctx);
  const win = (t: Timing | null) => (t ? `${t.start}/${t.end}` : "-");
  return (
    read.status.code !== a.status.code ||
    win(read.status.when) !== win(a.status.when) ||
    read.occurrences.map((o) => win(o.when)).join(" ") !==
      a.occurrences.map((o) => win(o.when)).join(" ")
  );
}

// ---------------------------------------------------------------- status codes as written

const fold = (s: string) =>
  foldText(s)
    .trim()
    .replace(/[\s_]+/g, " ");

/** Each code's name, labels and leading words, folded: one code per word by the table's design. */
const CODE_OF_LABEL: ReadonlyMap<string, StatusCode> = new Map(
  (Object.keys(STATUS_TABLE) as StatusCode[]).flatMap((code) => [
    [fold(code), code] as const,
    ...Object.values(STATUS_TABLE[code].label).map((l) => [fold(l), code] as const),
    ...[...CODE_OF_WORD].filter(([, c]) => c === code).map(([w]) => [fold(w), code] as const),
  ]),
);
/** The date-line labels ("Held", "Previsto para", "Date"): several codes share some. */
const CODES_OF_DATE_LINE: ReadonlyMap<string, readonly StatusCode[]> = (() => {
  const m = new Map<string, StatusCode[]>();
  for (const code of Object.keys(STATUS_TABLE) as StatusCode[]) {
    for (const l of Object.values(STATUS_TABLE[code].dateLine)) {
      const codes = m.get(fold(l)) ?? [];
      if (!codes.includes(code)) codes.push(code);
      m.set(fold(l), codes);
    }
  }
  return m;
})();

/** Every code with its labels in en/es/pt, as a refusal lists what is accepted. */
export const STATUS_CODES_ACCEPTED: readonly string[] = (
  Object.keys(STATUS_TABLE) as StatusCode[]
).map((code) => `${code} (${Object.values(STATUS_TABLE[code].label).join(", ")})`);

/**
 * The status code a writer means by `word`: a code, or a label or leading word of the
 * status table in en/es/pt, case, accent and spacing aside ("executed", "Ejecutada",
 * "en curso"); else a date-line label naming one code. `candidates` when it names several.
 */
export function statusCodeOf(
  word: string,
): { code: StatusCode } | { candidates: readonly StatusCode[] } | null {
  const key = fold(word).replace(/[.:]+$/, "");
  const code = CODE_OF_LABEL.get(key);
  if (code) return { code };
  const codes = CODES_OF_DATE_LINE.get(key) ?? [];
  if (codes.length === 1 && codes[0]) return { code: codes[0] };
  return codes.length > 1 ? { candidates: codes } : null;
}
