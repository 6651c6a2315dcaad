/**
 * The lines of a text report before its first section: distribution, original language,
 * the numbered meeting it is presented to (and so the network: "XVII GEALC Network Annual
 * Assembly", "12th Annual Meeting of the …", "IX Plenária da Rede …"), that meeting's
 * date, the title and plan year.
 */
import { parseLanguageName } from "../core/language.ts";
import type { Language } from "../core/plan.ts";
import { findFullDate } from "./governance.ts";
import { parseMeetingHeading } from "./meetings.ts";
import { fold } from "./report-lines.ts";

export type HeaderLine = { line: number; text: string };
export type Header = {
  distribution: string | null;
  originalLanguage: Language | null;
  presentedAt: number | null;
  network: string | null;
  /** The meeting's words as the header writes them ("Annual Assembly", "Plenária"). */
  meeting: string | null;
  /** The line naming the meeting, for messages. */
  meetingLine: HeaderLine | null;
  assemblyDate: string | null;
  title: string | null;
  year: number | null;
  warnings: { line: number; message: string }[];
};

const DISTRIBUTION = /\b(?:distribution|distribucion|distribuicao)\b/;
const ORIGINAL = /^original\s*:\s*(.+?)\.?$/i;
const TITLE_WORDS =
  /\b(?:work\s*plan|plan de trabajo|plano de trabalho|report|informe|relatorio)\b/;
const YEAR = /\b(19\d{2}|2[01]\d{2})\b/;

/** Reads the header lines (non-blank, trimmed, markers as `[^N]`). */
export function readHeader(lines: readonly HeaderLine[]): Header {
  const h: Header = {
    distribution: null,
    originalLanguage: null,
    presentedAt: null,
    network: null,
    meeting: null,
    meetingLine: null,
    assemblyDate: null,
    title: null,
    year: null,
    warnings: [],
  };
  for (let i = 0; i < lines.length; i++) {
    const { line, text } = lines[i] as HeaderLine;
    const f = fold(text);
    if (h.distribution === null && DISTRIBUTION.test(f)) {
      h.distribution = text;
      // "(once approved)" on the next line belongs to it.
      const next = lines[i + 1];
      if (next && /^\(.*\)$/.test(next.text)) {
        h.distribution = `${text} ${next.text}`;
        i++;
      }
      continue;
    }
    const original = ORIGINAL.exec(text);
    if (original) {
      h.originalLanguage = parseLanguageName(original[1] as string);
      if (!h.originalLanguage) {
        h.warnings.push({ line, message: `unknown original language "${original[1]}"` });
      }
      continue;
    }
    const meeting = parseMeetingHeading(text);
    if (meeting && h.presentedAt === null) {
      h.presentedAt = meeting.ordinal;
      h.network = meeting.network;
      h.meeting = meeting.meeting;
      h.meetingLine = lines[i] as HeaderLine;
      continue;
    }
    const date = findFullDate(text);
    if (date && h.assemblyDate === null && date.length >= text.replace(/[.\s]+$/, "").length - 1) {
      h.assemblyDate = date.iso;
      continue;
    }
    const year = YEAR.exec(text);
    if (year && h.title === null && TITLE_WORDS.test(f)) {
      h.title = text;
      h.year = Number(year[1]);
      continue;
    }
    h.warnings.push({ line, message: `header line not understood: "${text}"` });
  }
  return h;
}
