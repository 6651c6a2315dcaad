/**
 * What one line of a text report is: a heading (section, area, activity), a field
 * ("Location:", "Fecha:", "Objective:"), a footnote definition, or plain text; and which
 * language its labels speak. English, Spanish and Portuguese wordings.
 */
import { foldText } from "../core/fold.ts";
import type { Language } from "../core/plan.ts";
import { footnoteDefinition } from "./footnotes.ts";

export type FieldName = "location" | "date" | "objective";
export type SectionKind = "background" | "purpose" | "areas" | "annex" | "other";

export type ReportLine =
  | { kind: "footnote"; id: number; text: string }
  | { kind: "section"; number: number; title: string; section: SectionKind }
  | { kind: "area"; code: string; title: string; annex: boolean }
  | { kind: "activity"; code: string; title: string }
  | { kind: "field"; field: FieldName; value: string }
  | { kind: "text"; text: string };

/** Lowercase without accents, for matching labels. */
export const fold = foldText;

const FIELDS: Record<string, { field: FieldName; lang: Language | null }> = {
  location: { field: "location", lang: "en" },
  place: { field: "location", lang: "en" },
  venue: { field: "location", lang: "en" },
  lugar: { field: "location", lang: "es" },
  sede: { field: "location", lang: null },
  local: { field: "location", lang: "pt" },
  where: { field: "location", lang: "en" },
  city: { field: "location", lang: "en" },
  ciudad: { field: "location", lang: "es" },
  cidade: { field: "location", lang: "pt" },
  date: { field: "date", lang: "en" },
  dates: { field: "date", lang: "en" },
  when: { field: "date", lang: "en" },
  timing: { field: "date", lang: "en" },
  timeline: { field: "date", lang: "en" },
  timeframe: { field: "date", lang: "en" },
  period: { field: "date", lang: "en" },
  schedule: { field: "date", lang: "en" },
  fecha: { field: "date", lang: "es" },
  fechas: { field: "date", lang: "es" },
  plazo: { field: "date", lang: "es" },
  periodo: { field: "date", lang: null },
  cronograma: { field: "date", lang: null },
  data: { field: "date", lang: "pt" },
  datas: { field: "date", lang: "pt" },
  prazo: { field: "date", lang: "pt" },
  calendario: { field: "date", lang: null },
  objective: { field: "objective", lang: "en" },
  objectives: { field: "objective", lang: "en" },
  objetivo: { field: "objective", lang: null },
  objetivos: { field: "objective", lang: null },
};
const FIELD = /^(\p{L}+)\s*:\s*(.*)$/u;
const EMPHASIS = /^(\*\*|__|\*|_)(\p{L}+\s*:?)\1/u;

const SECTIONS: [RegExp, SectionKind, Language | null][] = [
  [/^(?:background|context|introduction)\b/, "background", "en"],
  [/^antecedentes\b/, "background", null],
  [/^contexto\b/, "background", null],
  [/^introduccion\b/, "background", "es"],
  [/^introducao\b/, "background", "pt"],
  [/^(?:purpose|mission|aim)\b/, "purpose", "en"],
  [/^proposito\b/, "purpose", null],
  [/^mision\b/, "purpose", "es"],
  [/^missao\b/, "purpose", "pt"],
  [
    /^(?:work areas|areas of work|lines of (?:action|work)|work lines|thematic (?:axes|areas))\b/,
    "areas",
    "en",
  ],
  [/^(?:areas de trabajo|lineas de (?:accion|trabajo)|ejes tematicos)\b/, "areas", "es"],
  [/^(?:areas de trabalho|linhas de (?:acao|trabalho)|eixos tematicos)\b/, "areas", "pt"],
  [/^(?:annex|appendix|unplanned activities|other activities)\b/, "annex", "en"],
  [/^anexo\b/, "annex", null],
  [/^(?:actividades no previstas|otras actividades)\b/, "annex", "es"],
  [/^(?:atividades nao previstas|outras atividades)\b/, "annex", "pt"],
];
const BY_NUMBER: Record<number, SectionKind> = { 1: "background", 2: "purpose", 3: "areas" };

// First words of status lines that give the language away.
const STATUS_WORDS: [RegExp, Language][] = [
  [
    /^(?:executed|to be held|in progress|ongoing|carried out|postponed|cancell?ed|completed|underway|scheduled|deferred)\b/,
    "en",
  ],
  [
    /^(?:ejecutad[oa]|a realizarse|en curso|en proceso|realizad[oa]|pospuest[oa]|aplazad[oa]|postergad[oa]|programad[oa])\b/,
    "es",
  ],
  [
    /^(?:executad[oa]|a realizar-se|em andamento|em curso|em execucao|adiad[oa]|cancelad[oa]|concluid[oa]|agendad[oa])\b/,
    "pt",
  ],
];

const SEP = String.raw`(?:\.?\)|\.)`;
const ACTIVITY = new RegExp(String.raw`^(\d+\.\d+\.\d+)${SEP}\s+(\S.*)$`);
const AREA = new RegExp(String.raw`^(\d+\.\d+)${SEP}\s+(\S.*)$`);
const SECTION = new RegExp(String.raw`^(\d{1,2})${SEP}\s+(\S.*)$`);
// In a Markdown heading the code may stand alone: "### 3.1.1 Title".
const ACTIVITY_MD = /^(\d+\.\d+\.\d+)(?:\.?\)|\.)?\s+(\S.*)$/;
const AREA_MD = /^(\d+\.\d+)(?:\.?\)|\.)?\s+(\S.*)$/;
const SECTION_MD = /^(\d{1,2})(?:\.?\)|\.)?\s+(\S.*)$/;
const MD_HEADING = /^#{1,6}\s+/;

function sectionKind(title: string): { section: SectionKind; lang: Language | null } | null {
  const f = fold(title);
  for (const [re, section, lang] of SECTIONS) if (re.test(f)) return { section, lang };
  return null;
}

/** Reads one non-blank line (already trimmed and with markers as `[^N]`). */
export function classifyLine(trimmed: string): { line: ReportLine; lang: Language | null } {
  const footnote = footnoteDefinition(trimmed);
  if (footnote) return { line: { kind: "footnote", ...footnote }, lang: null };
  const heading = MD_HEADING.test(trimmed);
  const t = heading ? trimmed.replace(MD_HEADING, "").replace(/\s+#+$/, "") : trimmed;

  const act = (heading ? ACTIVITY_MD : ACTIVITY).exec(t);
  if (act)
    return {
      line: { kind: "activity", code: act[1] as string, title: act[2] as string },
      lang: null,
    };
  const area = (heading ? AREA_MD : AREA).exec(t);
  if (area) {
    const title = area[2] as string;
    const known = sectionKind(title);
    return {
      line: { kind: "area", code: area[1] as string, title, annex: known?.section === "annex" },
      lang: known?.section === "annex" ? known.lang : null,
    };
  }
  const sec = (heading ? SECTION_MD : SECTION).exec(t);
  if (sec) {
    const title = sec[2] as string;
    const known = sectionKind(title);
    // A numbered line that is not a known heading must look like one: short, no final stop.
    if (known || heading || (title.length <= 60 && !/[.:;,]$/.test(title))) {
      const number = Number(sec[1]);
      const section = known?.section ?? BY_NUMBER[number] ?? "other";
      return { line: { kind: "section", number, title, section }, lang: known?.lang ?? null };
    }
  }
  // Markdown emphasis around a label: "**Location:** Brasilia", "**Fecha**: Anual".
  const field = FIELD.exec(t.replace(EMPHASIS, "$2"));
  const spec = field ? FIELDS[fold(field[1] as string)] : undefined;
  if (field && spec) {
    return {
      line: { kind: "field", field: spec.field, value: (field[2] as string).trim() },
      lang: spec.lang,
    };
  }
  const f = fold(t);
  const word = STATUS_WORDS.find(([re]) => re.test(f));
  return { line: { kind: "text", text: t }, lang: word ? word[1] : null };
}

/** The language with most votes; null when nothing voted. Ties go to the first seen. */
export function winningLanguage(votes: ReadonlyMap<Language, number>): Language | null {
  let best: Language | null = null;
  let most = 0;
  for (const [lang, n] of votes) {
    if (n > most) {
      best = lang;
      most = n;
    }
  }
  return best;
}

const MD_EXTENSION = /\.(?:md|markdown|mdown|mkd)$/i;

/** Markdown when the file says so by its name, or has `#` headings (backslash escapes). */
export function isMarkdown(fileName: string, lines: readonly string[]): boolean {
  return MD_EXTENSION.test(fileName) || lines.some((l) => MD_HEADING.test(l));
}

/** The line's content pieces passed through `unesc` (Markdown backslash escapes). */
export function unescapeLine(
  read: { line: ReportLine; lang: Language | null },
  unesc: (s: string) => string,
): { line: ReportLine; lang: Language | null } {
  const l = read.line;
  switch (l.kind) {
    case "footnote":
    case "text":
      return { ...read, line: { ...l, text: unesc(l.text) } };
    case "section":
    case "area":
    case "activity":
      return { ...read, line: { ...l, title: unesc(l.title) } };
    case "field":
      return { ...read, line: { ...l, value: unesc(l.value) } };
  }
}
