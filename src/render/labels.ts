/**
 * The words a report adds around the plan's own texts, in en/es/pt. Content (titles,
 * objectives, notes, background, places) is never translated here: only labels and
 * the few wordings the system can generate from structured fields.
 */
import { languageName } from "../core/language.ts";
import type { Language } from "../core/plan.ts";
import { monthName } from "../core/timing.ts";

export type Labels = {
  background: string;
  purpose: string;
  workAreas: string;
  objective: string;
  location: string;
  date: string;
  status: string;
  annex: string;
  notes: string;
  backToText: string;
  permalink: string;
  missingSource: string;
  /** The two lines of the draft distribution note. */
  distribution: readonly [string, string];
  original: (lang: Language) => string;
  /** The mark of a text shown in `lang` because it has no translation: "(in English)". */
  inLanguage: (lang: Language) => string;
  /** The first page's note of a translation with texts shown in another language. */
  incomplete: (missing: number, total: number, shownIn: Language) => string;
  assembly: (roman: string, network: string) => string;
  title: (year: number) => string;
  longDate: (iso: string) => string;
};

/** [year, month 1-12, day] of an ISO date, read as written (no time zone involved). */
function dateParts(iso: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`not an ISO date: ${iso}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

const LABELS: Record<Language, Labels> = {
  en: {
    background: "Background",
    purpose: "Purpose",
    workAreas: "Work areas",
    objective: "Objective",
    location: "Location",
    date: "Date",
    status: "Status",
    annex: "Annex",
    notes: "Notes",
    backToText: "Back to text",
    permalink: "Link to this section",
    missingSource: "Source not found.",
    distribution: ["For PUBLIC distribution", "(once approved)"],
    original: (lang) => `ORIGINAL: ${languageName(lang, "en").toUpperCase()}`,
    inLanguage: (lang) => `(in ${languageName(lang, "en")})`,
    incomplete: (missing, total, shownIn) =>
      `This translation is incomplete: ${missing} of ${total} texts are shown in ${languageName(shownIn, "en")}`,
    assembly: (roman, network) => `${roman} ${network} Annual Assembly`,
    title: (year) => `${year} WORK PLAN Report`,
    longDate: (iso) => {
      const [y, m, d] = dateParts(iso);
      return `${monthName(m, "en")} ${d}, ${y}`;
    },
  },
  es: {
    background: "Antecedentes",
    purpose: "Propósito",
    workAreas: "Áreas de trabajo",
    objective: "Objetivo",
    location: "Lugar",
    date: "Fecha",
    status: "Estado",
    annex: "Anexo",
    notes: "Notas",
    backToText: "Volver al texto",
    permalink: "Enlace a esta sección",
    missingSource: "Fuente no encontrada.",
    distribution: ["Para distribución PÚBLICA", "(una vez aprobado)"],
    original: (lang) => `ORIGINAL: ${languageName(lang, "es").toUpperCase()}`,
    inLanguage: (lang) => `(en ${languageName(lang, "es").toLowerCase()})`,
    incomplete: (missing, total, shownIn) =>
      `Esta traducción está incompleta: ${missing} de ${total} textos se muestran en ${languageName(shownIn, "es").toLowerCase()}`,
    assembly: (roman, network) => `${roman} Asamblea Anual de la ${network}`,
    title: (year) => `Informe del PLAN DE TRABAJO ${year}`,
    longDate: (iso) => {
      const [y, m, d] = dateParts(iso);
      return `${d} de ${monthName(m, "es")} de ${y}`;
    },
  },
  pt: {
    background: "Antecedentes",
    purpose: "Propósito",
    workAreas: "Áreas de trabalho",
    objective: "Objetivo",
    location: "Local",
    date: "Data",
    status: "Situação",
    annex: "Anexo",
    notes: "Notas",
    backToText: "Voltar ao texto",
    permalink: "Link para esta seção",
    missingSource: "Fonte não encontrada.",
    distribution: ["Para distribuição PÚBLICA", "(uma vez aprovado)"],
    original: (lang) => `ORIGINAL: ${languageName(lang, "pt").toUpperCase()}`,
    inLanguage: (lang) => `(em ${languageName(lang, "pt").toLowerCase()})`,
    incomplete: (missing, total, shownIn) =>
      `Esta tradução está incompleta: ${missing} de ${total} textos são exibidos em ${languageName(shownIn, "pt").toLowerCase()}`,
    assembly: (roman, network) => `${roman} Assembleia Anual da ${network}`,
    title: (year) => `Relatório do PLANO DE TRABALHO ${year}`,
    longDate: (iso) => {
      const [y, m, d] = dateParts(iso);
      return `${d} de ${monthName(m, "pt")} de ${y}`;
    },
  },
};

/** The report labels in `lang`. */
export function labels(lang: Language): Labels {
  return LABELS[lang];
}

const ROMAN: ReadonlyArray<[number, string]> = [
  [1000, "M"],
  [900, "CM"],
  [500, "D"],
  [400, "CD"],
  [100, "C"],
  [90, "XC"],
  [50, "L"],
  [40, "XL"],
  [10, "X"],
  [9, "IX"],
  [5, "V"],
  [4, "IV"],
  [1, "I"],
];

/** 17 -> "XVII" (for 1..3999; assemblies are numbered from 1). */
export function toRoman(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 3999) throw new RangeError(`no roman numeral for ${n}`);
  let rest = n;
  let out = "";
  for (const [value, letters] of ROMAN) {
    while (rest >= value) {
      out += letters;
      rest -= value;
    }
  }
  return out;
}
