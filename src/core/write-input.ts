/**
 * What a write may give in place of a full core value: a timing with only its kind and
 * the dates or count that kind needs (`{"kind":"date","start":"2023-11-10"}`, completed by
 * `completeTiming`: the window the kind implies, the count, the wording in the writer's
 * language), and a status code given by one of its labels in en/es/pt.
 */
import { z } from "zod";
import {
  TimingKind as Kind,
  type Language,
  type StatusCode,
  TIMING_KINDS,
  type Timing,
  type TimingKind,
} from "./plan.ts";
import { STATUS_CODES_ACCEPTED, statusCodeOf } from "./status.ts";
import { formatTiming, yearWindow } from "./timing.ts";

const isoDate = z.iso.date();

/** What each kind needs, said once: the refusals list it and the API documents it. */
export const TIMING_REQUIREMENTS: Readonly<Record<TimingKind, string>> = {
  date: "start (end defaults to start)",
  range: "start and end",
  month: "start, any day of the month (end defaults to the month's last day)",
  quarter: "start, any day of the quarter (end defaults to the quarter's last day)",
  semester: "start, any day of the semester (end defaults to the semester's last day)",
  year: "nothing (start and end default to the plan year)",
  frequency: "count, times a year (start and end default to the plan year)",
  unspecified: "nothing (start and end default to the plan year)",
};

/** "date: start (end defaults to start)", one per kind: what a timing refusal accepts. */
export const TIMING_ACCEPTED: readonly string[] = TIMING_KINDS.map(
  (k) => `${k}: ${TIMING_REQUIREMENTS[k]}`,
);

const NEEDS_START: ReadonlySet<TimingKind> = new Set([
  "date",
  "range",
  "month",
  "quarter",
  "semester",
]);

/**
 * A timing in a write: only `kind` is always needed, then what TIMING_REQUIREMENTS says;
 * `text` (the wording) is kept verbatim when given, else written by completeTiming. A
 * complete Timing is a valid TimingInput, so clients that send every field still may.
 */
export const TimingInput = z
  .object({
    kind: Kind,
    start: isoDate.nullable().optional(),
    end: isoDate.nullable().optional(),
    count: z.number().int().positive().max(366).nullable().optional(),
    text: z
      .string()
      .max(2000)
      .nullable()
      .optional()
      .describe("The wording as written; absent: written from the structure in the request's lang"),
  })
  .superRefine((t, ctx) => {
    const refuse = (path: string, message: string) =>
      ctx.addIssue({
        code: "custom",
        path: [path],
        message,
        params: { accepted: TIMING_ACCEPTED },
      });
    if (NEEDS_START.has(t.kind) && !t.start)
      refuse("start", `a ${t.kind} timing needs ${TIMING_REQUIREMENTS[t.kind]}`);
    if (t.kind === "range" && !t.end)
      refuse("end", `a range timing needs ${TIMING_REQUIREMENTS.range}`);
    if (t.kind === "frequency" && !t.count)
      refuse("count", `a frequency timing needs ${TIMING_REQUIREMENTS.frequency}`);
    if (t.kind !== "frequency" && t.count != null)
      refuse("count", `only a frequency has a count, not a ${t.kind}`);
    if (t.start && t.end && t.start > t.end)
      refuse("end", `ends (${t.end}) before it starts (${t.start})`);
  });
export type TimingInput = z.infer<typeof TimingInput>;

const pad = (n: number) => String(n).padStart(2, "0");
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
/** The last day of the `months`-month block (1, 3 or 6) holding `start`. */
function endOfBlock(start: string, months: number): string {
  const y = Number(start.slice(0, 4));
  const m = Number(start.slice(5, 7));
  const last = Math.ceil(m / months) * months;
  return `${y}-${pad(last)}-${pad(lastDay(y, last))}`;
}
const firstOfBlock = (start: string, months: number) => {
  const m = Number(start.slice(5, 7));
  return `${start.slice(0, 4)}-${pad(Math.floor((m - 1) / months) * months + 1)}-01`;
};
const BLOCK: Partial<Record<TimingKind, number>> = { month: 1, quarter: 3, semester: 6 };

/**
 * The full timing a parsed TimingInput stands for in a plan of `year`: the window its kind
 * implies, a count only for a frequency, and its wording in `lang` unless one was given.
 */
export function completeTiming(t: TimingInput, lang: Language, year: number): Timing {
  const block = BLOCK[t.kind];
  const plan = yearWindow(year);
  let start: string | null;
  let end: string | null;
  if (block && t.start) {
    // A month, quarter or semester given by any day inside it: its whole window.
    start = t.end ? t.start : firstOfBlock(t.start, block);
    end = t.end ?? endOfBlock(t.start, block);
  } else if (t.kind === "date") {
    start = t.start ?? null;
    end = t.end ?? start;
  } else if (t.kind === "unspecified" && (t.start === null || t.end === null)) {
    // An open window said so explicitly stays open.
    start = t.start ?? null;
    end = t.end ?? null;
  } else {
    start = t.start ?? plan.start;
    end = t.end ?? (t.start ? yearWindow(Number(t.start.slice(0, 4))).end : plan.end);
  }
  const count = t.kind === "frequency" ? (t.count ?? null) : null;
  const bare: Timing = { kind: t.kind, start, end, count, text: "" };
  return { ...bare, text: t.text ?? formatTiming(bare, lang) };
}

/**
 * A status code in a write: a code ("executed") or a label of the status table in en/es/pt
 * ("Ejecutada", "realizada", "en curso"); becomes the code. A word naming several codes is
 * refused with them listed, any other with every code and its labels.
 */
export const StatusCodeInput = z
  .string()
  .max(100)
  .transform((word, ctx): StatusCode => {
    const found = statusCodeOf(word);
    if (found && "code" in found) return found.code;
    const candidates = found ? found.candidates : null;
    ctx.addIssue({
      code: "custom",
      message: candidates
        ? `"${word}" names several statuses: ${candidates.join(", ")}; give the code`
        : `"${word}" is no status code or label`,
      params: { accepted: candidates ?? STATUS_CODES_ACCEPTED },
    });
    return z.NEVER;
  });
