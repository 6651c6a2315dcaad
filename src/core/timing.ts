/**
 * Fuzzy timings ("2nd. semester", "del 20 al 22 de noviembre", "4 a year") read and
 * written in en/es/pt. A timing resolves to an inclusive window of ISO dates.
 */
import { foldText } from "./fold.ts";
import type { Language, Timing, TimingKind } from "./plan.ts";
import {
  FREQUENCY_PHRASES,
  MONTH_NAMES,
  MONTH_RANGE_FROM,
  MONTH_RANGE_TO,
  MONTH_WORDS,
  NUMBER_WORDS,
  ORDINAL_WORDS,
  UNSPECIFIED_PHRASES,
  WEEKDAYS,
  YEAR_PHRASES,
} from "./timing-words.ts";

export type TimingContext = { year: number };

type Window = { start: string; end: string };
/** A timing before its wording is attached. */
type Resolved = Omit<Timing, "text">;

const pad = (n: number) => String(n).padStart(2, "0");
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const validDay = (y: number, m: number, d: number) => d >= 1 && d <= daysInMonth(y, m);

/** The whole of `year` as an inclusive window. */
export function yearWindow(year: number): Window {
  return { start: iso(year, 1, 1), end: iso(year, 12, 31) };
}

/** Whether a timing's window, where it has one, lies inside `year` (1 January to 31 December). */
export function isWithinYear(t: Timing, year: number): boolean {
  const w = yearWindow(year);
  return (t.start === null || t.start >= w.start) && (t.end === null || t.end <= w.end);
}

/**
 * Where an actual time (an occurrence, a status date) lies against the plan `year`:
 * "before" or "after" it when its window leaves the year, else "within".
 */
export function placeInYear(t: Timing, year: number): "before" | "within" | "after" {
  const w = yearWindow(year);
  if (t.start !== null && t.start < w.start) return "before";
  if (t.end !== null && t.end > w.end) return "after";
  return "within";
}

const monthWindow = (y: number, from: number, to: number): Window => ({
  start: iso(y, from, 1),
  end: iso(y, to, daysInMonth(y, to)),
});

const resolved = (kind: TimingKind, w: Window, count: number | null = null): Resolved => ({
  kind,
  start: w.start,
  end: w.end,
  count,
});

/** The month's name in `lang`: "December", "diciembre", "dezembro". */
export function monthName(month: number, lang: Language): string {
  const name = MONTH_NAMES[lang][month - 1];
  if (name === undefined) throw new RangeError(`no month ${month}`);
  return name;
}

/** The month (1..12) a name or abbreviation denotes in en/es/pt ("Sept.", "setiembre"), or null. */
export function parseMonthName(word: string): number | null {
  return MONTH_WORDS.get(foldText(word).trim().replace(/\.$/, "")) ?? null;
}

/** A timing with no known time: the whole plan year, keeping `text` as written. */
export function unspecifiedTiming(year: number, text = ""): Timing {
  return { ...resolved("unspecified", yearWindow(year)), text };
}

/** The one-day timing of an ISO date, worded in `lang`; throws RangeError on a bad date. */
export function timingOfDate(isoDate: string, lang: Language): Timing {
  const t = /^\d{4}-\d{2}-\d{2}$/.test(isoDate)
    ? day(Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)), Number(isoDate.slice(8)))
    : null;
  if (!t) throw new RangeError(`not a date: ${isoDate}`);
  return { ...t, text: formatTiming({ ...t, text: "" }, lang) };
}

/** The timing of a whole month (1..12) of `year`, worded in `lang`. */
export function timingOfMonth(year: number, month: number, lang: Language): Timing {
  if (!Number.isInteger(month) || month < 1 || month > 12)
    throw new RangeError(`no month ${month}`);
  return { ...resolved("month", monthWindow(year, month, month)), text: monthName(month, lang) };
}

/** Orders timings by start then end (ISO strings sort as dates); missing dates last. */
export function compareTimings(a: Timing, b: Timing): number {
  const cmp = (x: string | null, y: string | null) =>
    x === y ? 0 : x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
  return cmp(a.start, b.start) || cmp(a.end, b.end);
}

// ---------------------------------------------------------------- reading

const alternatives = (words: Iterable<string>) =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&"))
    .join("|");

const MON = `(${alternatives(MONTH_WORDS.keys())})\\.?`;
const DAY = "(\\d{1,2})(?:st|nd|rd|th|o)?";
const WEEKDAY = `(?:(?:${alternatives(WEEKDAYS)}),? )?`;
const RANGE_SEP =
  "(?:-| to | through | thru | until | till | and | al | a | ao | y | e | hasta el | hasta | ate o | ate )";

const DATE_MD = new RegExp(`^${WEEKDAY}${MON} ${DAY}$`);
const DATE_DM = new RegExp(`^${WEEKDAY}(?:the )?${DAY} (?:de |of )?${MON}$`);
const RANGE_MD = new RegExp(`^(?:from |between )?${MON} ${DAY}${RANGE_SEP}(?:${MON} )?${DAY}$`);
const RANGE_DM = new RegExp(
  `^(?:from |between |del |de |desde el |desde |entre el |entre os |entre o |entre |do |dos )?(?:the )?${DAY}(?: (?:de |of )?${MON})?${RANGE_SEP}(?:el |o |the )?${DAY} (?:de |of )?${MON}$`,
);
const MONTH = new RegExp(`^(?:(?:month of|mes de) )?${MON}$`);
// "March–May", "from March to May", "de marzo a mayo", "entre março e maio": "and"/"y"/"e"
// join a range only after "between"/"entre" ("May and June" alone is two months).
const MONTH_RANGE = new RegExp(
  `^(?:(?:${alternatives(MONTH_RANGE_FROM)}) )?${MON}(?:-| (?:${alternatives(MONTH_RANGE_TO)}) )${MON}$|^(?:between|entre) ${MON} (?:and|y|e) ${MON}$`,
);
const ORD_NUM = "(\\d)\\.?(?:st|nd|rd|th|er|ro|do|to|o|a)?\\.?";
const ORD_WORD = `(${alternatives(ORDINAL_WORDS.keys())})`;
const QUARTER = "(?:quarter|trimestre)";
const SEMESTER = "(?:semester|semestre|half|half-year)";
/** "third quarter of the year", "tercer trimestre del año", "3º trimestre do ano". */
const OF_THE_YEAR = / (?:of the year|del ano|de el ano|do ano|of the plan year)$/;
const PREFIX =
  /^(?:(?:in|during|on|at|for|the|throughout|en|el|la|durante|em|no|na|o|dia)\s+)+(?:(?:month of|mes de)\s+)?/;
const TRAILING_YEAR = /^(.*?)(?:,|\s+(?:de|del|of|do))?\s+(\d{4})$/;
const COUNT = `(\\d+|${alternatives(NUMBER_WORDS.keys())})`;
const TIMES = "(?:(times?|veces|vez|vezes) )?";
const PER = "(?:(?:a|per|each|every|al|por|cada|ao|a cada|en el|in the|in a|no|por el) )?";
const FREQUENCY = new RegExp(`^${COUNT} ${TIMES}${PER}(year|ano|month|mes)$`);
/** "every six months", "cada dos meses", "a cada três meses": 12 / n times a year. */
const EVERY_N_MONTHS = new RegExp(
  `^(?:every|cada|a cada) ${COUNT} (?:months|meses)$|^de ${COUNT} em ${COUNT} meses$`,
);

/** Longer text is a sentence, not a timing; the cap also keeps matching time linear. */
export const MAX_TIMING_LENGTH = 160;

/** The form timing words are matched in: folded, one space, one kind of dash. */
function normalize(s: string): string {
  return foldText(s)
    .replace(/[º°]/g, "o")
    .replace(/ª/g, "a")
    .replace(/[‐-―]/g, "-")
    .replace(/\s+/g, " ")
    .replace(/ ?- ?/g, "-")
    .replace(/ ?, ?/g, ", ")
    .replace(/[\s,.]+$/, "")
    .trim();
}

/** The timing a wording denotes inside the plan year, or null when it is not one. */
export function parseTiming(text: string, ctx: TimingContext): Timing | null {
  const trimmed = text.trim();
  if (trimmed.length > MAX_TIMING_LENGTH) return null;
  const written = trimmed.replace(/(?:\s*\.)+$/, "");
  const t = readNormalized(normalize(written), ctx.year);
  return t ? { ...t, text: written } : null;
}

function readNormalized(s: string, year: number): Resolved | null {
  if (UNSPECIFIED_PHRASES.has(s)) return resolved("unspecified", yearWindow(year));

  const paren = /^(.*?) ?\(([^()]*)\)$/.exec(s);
  if (paren) return readWithParenthesis(paren[1] ?? "", paren[2] ?? "", year);

  const isoMatch = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (isoMatch) return day(Number(isoMatch[1]), Number(isoMatch[2]), Number(isoMatch[3]));

  if (/^\d{4}$/.test(s)) return resolved("year", yearWindow(Number(s)));
  const written = TRAILING_YEAR.exec(s);
  if (written && /\D/.test(written[1] ?? ""))
    return readInYear(written[1] ?? "", Number(written[2]));
  return readInYear(s, year);
}

/** "Quarterly (4 a year)": a count in the parenthesis wins; any other remark is ignored. */
function readWithParenthesis(main: string, inner: string, year: number): Resolved | null {
  const t = readNormalized(main, year);
  const inside = /^\d+$/.test(inner) ? null : readNormalized(inner, year);
  const count = inside ? (inside.kind === "frequency" ? inside.count : null) : Number(inner);
  if (t && count && ["frequency", "year", "unspecified"].includes(t.kind)) {
    return resolved("frequency", { start: t.start ?? "", end: t.end ?? "" }, count);
  }
  return t;
}

function readInYear(s: string, year: number): Resolved | null {
  if (YEAR_PHRASES.has(s)) return resolved("year", yearWindow(year));
  const phrase = FREQUENCY_PHRASES.get(s);
  if (phrase) return resolved("frequency", yearWindow(year), phrase);
  const f = s.replace(/-/g, " "); // "twice-a-year", "once-a-month"
  const freq = FREQUENCY.exec(f);
  if (freq) {
    const word = freq[1] ?? "";
    const n =
      word === "once" && freq[2] === "veces" ? 11 : (NUMBER_WORDS.get(word) ?? Number(word));
    const perMonth = freq[3] === "month" || freq[3] === "mes";
    return n > 0 ? resolved("frequency", yearWindow(year), perMonth ? n * 12 : n) : null;
  }
  const every = EVERY_N_MONTHS.exec(f);
  if (every) {
    const num = (w: string) => NUMBER_WORDS.get(w) ?? Number(w);
    const n = num(every[1] ?? every[2] ?? "");
    // "de seis em seis meses" says the number twice; both must agree.
    const again = every[3] === undefined ? n : num(every[3]);
    if (n > 0 && n === again && 12 % n === 0)
      return resolved("frequency", yearWindow(year), 12 / n);
    return null;
  }
  const r = s.replace(PREFIX, "");
  if (r === "") return null;
  return readDay(r, year) ?? readRange(r, year) ?? readPart(r, year);
}

function day(y: number, m: number, d: number): Resolved | null {
  if (m < 1 || m > 12 || !validDay(y, m, d)) return null;
  return resolved("date", { start: iso(y, m, d), end: iso(y, m, d) });
}

const month = (word: string | undefined) => (word ? (MONTH_WORDS.get(word) ?? 0) : 0);

function readDay(r: string, y: number): Resolved | null {
  const md = DATE_MD.exec(r);
  if (md) return day(y, month(md[1]), Number(md[2]));
  const dm = DATE_DM.exec(r);
  if (dm) return day(y, month(dm[2]), Number(dm[1]));
  return null;
}

function readRange(r: string, y: number): Resolved | null {
  let from: [number, number];
  let to: [number, number];
  const md = RANGE_MD.exec(r);
  const dm = md ? null : RANGE_DM.exec(r);
  if (md) {
    const m1 = month(md[1]);
    from = [m1, Number(md[2])];
    to = [md[3] ? month(md[3]) : m1, Number(md[4])];
  } else if (dm) {
    const m2 = month(dm[4]);
    from = [dm[2] ? month(dm[2]) : m2, Number(dm[1])];
    to = [m2, Number(dm[3])];
  } else {
    return null;
  }
  const start = day(y, from[0], from[1]);
  const end = day(y, to[0], to[1]);
  if (!start?.start || !end?.end || start.start > end.end) return null;
  return resolved("range", { start: start.start, end: end.end });
}

/** Months, ranges of months, quarters and semesters. */
function readPart(whole: string, y: number): Resolved | null {
  const m = MONTH.exec(whole);
  if (m) return resolved("month", monthWindow(y, month(m[1]), month(m[1])));
  const mr = MONTH_RANGE.exec(whole);
  if (mr) {
    const [from, to] = (mr[1] ? [mr[1], mr[2]] : [mr[3], mr[4]]).map(month) as [number, number];
    if (from > to) return null;
    return resolved(from === to ? "month" : "range", monthWindow(y, from, to));
  }
  const r = whole.replace(OF_THE_YEAR, "");
  const q =
    new RegExp(`^q([1-4])$|^(?:${QUARTER}) ([1-4])$|^${ORD_NUM} ?${QUARTER}$`).exec(r) ??
    new RegExp(`^${ORD_WORD} ${QUARTER}$`).exec(r);
  const qn = q ? ordinal(q.slice(1).find((g) => g !== undefined)) : 0;
  if (qn >= 1 && qn <= 4) return resolved("quarter", monthWindow(y, qn * 3 - 2, qn * 3));
  const s =
    new RegExp(`^[hs]([12])$|^(?:${SEMESTER}) ([12])$|^${ORD_NUM} ?${SEMESTER}$`).exec(r) ??
    new RegExp(`^${ORD_WORD} ${SEMESTER}$`).exec(r);
  const sn = s ? ordinal(s.slice(1).find((g) => g !== undefined)) : 0;
  if (sn >= 1 && sn <= 2) return resolved("semester", monthWindow(y, sn * 6 - 5, sn * 6));
  return null;
}

const ordinal = (g: string | undefined) => (g ? (ORDINAL_WORDS.get(g) ?? Number(g)) : 0);

// ---------------------------------------------------------------- writing

const UNSPECIFIED: Record<Language, string> = {
  en: "To be defined",
  es: "A definir",
  pt: "A definir",
};
const ANNUAL: Record<Language, string> = { en: "Annual", es: "Anual", pt: "Anual" };
const MONTHLY: Record<Language, string> = { en: "Monthly", es: "Mensual", pt: "Mensal" };
const PER_YEAR: Record<Language, string> = { en: "a year", es: "al año", pt: "por ano" };
const EN_ORD = ["1st", "2nd", "3rd", "4th"];
const ES_ORD = ["1er", "2do", "3er", "4to"];

const dateParts = (d: string | null) =>
  d && /^\d{4}-\d{2}-\d{2}$/.test(d)
    ? { m: Number(d.slice(5, 7)), d: Number(d.slice(8, 10)) }
    : null;

/** A day number as written: Portuguese writes the first of the month "1º". */
const dayWord = (d: number, lang: Language) => (lang === "pt" && d === 1 ? "1º" : String(d));

function dayMonth(p: { m: number; d: number }, lang: Language): string {
  return lang === "en"
    ? `${monthName(p.m, lang)} ${p.d}`
    : `${dayWord(p.d, lang)} de ${monthName(p.m, lang)}`;
}

/** The timing written in `lang` ("2nd semester", "2do. semestre", "2º semestre"). */
export function formatTiming(t: Timing, lang: Language): string {
  const start = dateParts(t.start);
  const end = dateParts(t.end);
  // A wording that only says "not yet known" is said anew; any other is kept as written.
  const text = t.text.trim();
  // Only when the structure cannot say it (normalizing is most of a timing's cost).
  const fallback = () =>
    text === "" || UNSPECIFIED_PHRASES.has(normalize(text)) ? UNSPECIFIED[lang] : text;
  switch (t.kind) {
    case "date":
      return start ? dayMonth(start, lang) : fallback();
    case "range":
      return start && end ? formatRange(start, end, lang, Number(t.end?.slice(0, 4))) : fallback();
    case "month":
      return start ? monthName(start.m, lang) : fallback();
    case "quarter": {
      if (!start) return fallback();
      const n = Math.floor((start.m - 1) / 3) + 1;
      const o = {
        en: `${EN_ORD[n - 1]} quarter`,
        es: `${ES_ORD[n - 1]} trimestre`,
        pt: `${n}º trimestre`,
      };
      return o[lang];
    }
    case "semester": {
      if (!start) return fallback();
      const n = start.m <= 6 ? 1 : 2;
      const o = {
        en: `${EN_ORD[n - 1]} semester`,
        es: `${ES_ORD[n - 1]}. semestre`,
        pt: `${n}º semestre`,
      };
      return o[lang];
    }
    case "year":
      return ANNUAL[lang];
    case "frequency":
      if (t.count === null) return ANNUAL[lang];
      return t.count === 12 ? MONTHLY[lang] : `${t.count} ${PER_YEAR[lang]}`;
    case "unspecified":
      return fallback();
  }
}

/** "March to May", "de marzo a mayo", "de março a maio": whole months, first day to last. */
const MONTH_RANGE_WORDS: Record<Language, [string, string]> = {
  en: ["", " to "],
  es: ["de ", " a "],
  pt: ["de ", " a "],
};

function formatRange(
  a: { m: number; d: number },
  b: { m: number; d: number },
  lang: Language,
  year: number,
) {
  const same = a.m === b.m;
  if (!same && a.d === 1 && b.d === daysInMonth(year, b.m)) {
    const [from, to] = MONTH_RANGE_WORDS[lang];
    return `${from}${monthName(a.m, lang)}${to}${monthName(b.m, lang)}`;
  }
  if (lang === "en") return `${dayMonth(a, lang)} to ${same ? b.d : dayMonth(b, lang)}`;
  const [from, to] = lang === "es" ? ["del", "al"] : ["de", "a"];
  const first = same ? dayWord(a.d, lang) : dayMonth(a, lang);
  return `${from} ${first} ${to} ${dayMonth(b, lang)}`;
}
