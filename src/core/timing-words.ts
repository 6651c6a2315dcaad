/**
 * The words of fuzzy timings in English, Spanish and Portuguese, folded (lowercase, no
 * accents, º/° read as "o"), as timing.ts matches them.
 */
import { foldText } from "./fold.ts";
import type { Language } from "./plan.ts";

export const MONTH_NAMES: Record<Language, readonly string[]> = {
  en: [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
  ],
  es: [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
  ],
  pt: [
    "janeiro",
    "fevereiro",
    "março",
    "abril",
    "maio",
    "junho",
    "julho",
    "agosto",
    "setembro",
    "outubro",
    "novembro",
    "dezembro",
  ],
};

/** Abbreviations and variant spellings, by month (1..12). */
const MONTH_VARIANTS: readonly string[][] = [
  ["jan", "ene"],
  ["feb", "fev"],
  ["mar"],
  ["apr", "abr"],
  ["mai"],
  ["jun"],
  ["jul"],
  ["aug", "ago"],
  ["sep", "sept", "set", "setiembre"],
  ["oct", "out"],
  ["nov"],
  ["dec", "dic", "dez"],
];

/** Folded month word -> 1..12. */
export const MONTH_WORDS: ReadonlyMap<string, number> = (() => {
  const words = new Map<string, number>();
  for (const names of Object.values(MONTH_NAMES)) {
    names.forEach((name, i) => {
      words.set(foldText(name), i + 1);
    });
  }
  MONTH_VARIANTS.forEach((variants, i) => {
    for (const v of variants) words.set(v, i + 1);
  });
  return words;
})();

/** Ordinal words for quarters and semesters. */
export const ORDINAL_WORDS: ReadonlyMap<string, number> = new Map([
  ["first", 1],
  ["second", 2],
  ["third", 3],
  ["fourth", 4],
  ["primer", 1],
  ["primero", 1],
  ["segundo", 2],
  ["tercer", 3],
  ["tercero", 3],
  ["cuarto", 4],
  ["primeiro", 1],
  ["terceiro", 3],
  ["quarto", 4],
]);

/** Cardinal words for "twice a year", "dos veces al año", "duas vezes por ano". */
export const NUMBER_WORDS: ReadonlyMap<string, number> = new Map([
  ["one", 1],
  ["once", 1], // "once veces" (Spanish eleven) is handled where it is read
  ["twice", 2],
  ["two", 2],
  ["three", 3],
  ["thrice", 3],
  ["four", 4],
  ["five", 5],
  ["six", 6],
  ["twelve", 12],
  ["un", 1],
  ["una", 1],
  ["uno", 1],
  ["dos", 2],
  ["tres", 3],
  ["cuatro", 4],
  ["cinco", 5],
  ["seis", 6],
  ["doce", 12],
  ["um", 1],
  ["uma", 1],
  ["dois", 2],
  ["duas", 2],
  ["quatro", 4],
  ["doze", 12],
]);

export const UNSPECIFIED_PHRASES: ReadonlySet<string> = new Set([
  "",
  "tbd",
  "tbc",
  "tba",
  "to be defined",
  "to be confirmed",
  "to be determined",
  "to be announced",
  "a definir",
  "por definir",
  "a confirmar",
  "por confirmar",
  "a determinar",
  "por determinar",
  "a ser definido",
  "a ser definida",
  "a ser confirmado",
  "a ser confirmada",
  "to be scheduled",
  "date to be defined",
  "date to be confirmed",
  "date tbd",
  "fecha por definir",
  "fecha a definir",
  "fecha por confirmar",
  "fecha a confirmar",
  "por programar",
  "a programar",
  "data a definir",
  "data por definir",
  "data a confirmar",
  "data a ser definida",
  "a agendar",
]);

export const YEAR_PHRASES: ReadonlySet<string> = new Set([
  "annual",
  "annually",
  "yearly",
  "throughout the year",
  "during the year",
  "all year",
  "all year round",
  "all year long",
  "all the year",
  "the whole year",
  "whole year",
  "full year",
  "anual",
  "anualmente",
  "todo el ano",
  "durante el ano",
  "durante todo el ano",
  "a lo largo del ano",
  "todo o ano",
  "o ano todo",
  "ao longo do ano",
  "durante o ano",
  "durante todo o ano",
]);

/** Frequencies written as one word or a fixed phrase, with their count a year. */
export const FREQUENCY_PHRASES: ReadonlyMap<string, number> = new Map([
  ["quarterly", 4],
  ["every quarter", 4],
  ["trimestral", 4],
  ["trimestralmente", 4],
  ["cada trimestre", 4],
  ["a cada trimestre", 4],
  ["monthly", 12],
  ["every month", 12],
  ["mensual", 12],
  ["mensualmente", 12],
  ["cada mes", 12],
  ["todos los meses", 12],
  ["mensal", 12],
  ["mensalmente", 12],
  ["todos os meses", 12],
  ["todo mes", 12],
  ["todo o mes", 12],
  ["semiannual", 2],
  ["half-yearly", 2],
  ["half yearly", 2],
  ["twice yearly", 2],
  ["twice-yearly", 2],
  ["every semester", 2],
  ["cada semestre", 2],
  ["a cada semestre", 2],
  ["semi-annual", 2],
  ["semiannually", 2],
  ["semi-annually", 2],
  ["biannual", 2],
  ["biannually", 2],
  ["semestral", 2],
  ["semestralmente", 2],
  ["bianual", 2],
  ["bimonthly", 6],
  ["bi-monthly", 6],
  ["bimestral", 6],
  ["bimestralmente", 6],
  ["weekly", 52],
  ["semanal", 52],
  ["semanalmente", 52],
]);

/** Words before the first month of a range of months ("from March to May", "de marzo a mayo"). */
export const MONTH_RANGE_FROM = ["from", "de", "desde", "del", "do", "dos"] as const;
/** Words between the months of a range ("March to May", "marzo a mayo", "março até maio"). */
export const MONTH_RANGE_TO = [
  "to",
  "through",
  "thru",
  "until",
  "till",
  "a",
  "al",
  "hasta",
  "ate",
  "ao",
] as const;

export const WEEKDAYS = [
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
  "lunes",
  "martes",
  "miercoles",
  "jueves",
  "viernes",
  "sabado",
  "domingo",
  "segunda-feira",
  "terca-feira",
  "quarta-feira",
  "quinta-feira",
  "sexta-feira",
] as const;
