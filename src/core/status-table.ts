/**
 * The one table of status codes: for each code its label, the shapes of its status
 * sentences in en/es/pt (the words the importer reads are the words the writers print),
 * its date line, and how it counts in the execution rate. Every surface (portal, reports,
 * dashboard, calendars, open data, API) reads what it needs about a status from here.
 *
 * Shapes are written folded (lowercase, no accents), as status.ts matches them. Each row
 * of shapes is one meaning with its wordings in every language, so a meaning the importer
 * understands in English it understands in Spanish and Portuguese too.
 */
import type { Language, StatusCode } from "./plan.ts";

/** One meaning, worded in each language (several wordings allowed: genders, synonyms). */
export type Shape<T = string> = Readonly<Record<Language, readonly T[]>>;

/** Where a status counts in the execution rate: executed / (executed + still expected). */
export type RateRole = "numerator" | "denominator" | "apart";

/**
 * What a status means for progress: `done` closes it by doing it, `closed` closes it
 * without doing it (nothing more is expected), `continuous` has no deadline to miss,
 * `open` is still expected by its planned window.
 */
export type ProgressRole = "done" | "closed" | "continuous" | "open";

/** The reporting groups of the dashboard ("not started" holds planned, scheduled, postponed). */
export const STATUS_GROUPS = [
  "executed",
  "executed_otherwise",
  "superseded",
  "cancelled",
  "in_progress",
  "not_started",
  "unclassified",
] as const;
export type StatusGroup = (typeof STATUS_GROUPS)[number];

export type StatusEntry = {
  /** The badge and the first words of a written status line. */
  label: Readonly<Record<Language, string>>;
  /** Words a status line may start with ("Executed", "To be held"). */
  leading: readonly Shape[];
  /** Phrases (regular expressions) found anywhere in a sentence that starts otherwise. */
  sentences: readonly Shape[];
  /** How a written line leads into its date, when it has one ("To be held" + "on November 20"). */
  whenWords: Readonly<Record<Language, string>> | null;
  /** The label of the line showing the status's date on the portal ("Held", "To be held"). */
  dateLine: Readonly<Record<Language, string>>;
  /** True when the status says the activity was held: only then is its date a "Held" date. */
  held: boolean;
  rate: RateRole;
  progress: ProgressRole;
  group: StatusGroup;
  /** IATI ActivityStatus code. */
  iati: "1" | "2" | "3" | "4" | "5" | "6";
};

const DATE: Record<Language, string> = { en: "Date", es: "Fecha", pt: "Data" };
const HELD: Record<Language, string> = { en: "Held", es: "Realizado", pt: "Realizado" };

/** Every status code, in the order of STATUS_CODES. */
export const STATUS_TABLE: Readonly<Record<StatusCode, StatusEntry>> = {
  planned: {
    label: { en: "Planned", es: "Planificado", pt: "Planejado" },
    leading: [
      {
        en: ["planned"],
        es: ["planificado", "planificada", "planeado", "planeada"],
        pt: ["planejado", "planejada"],
      },
      { en: ["foreseen"], es: ["previsto", "prevista"], pt: ["previsto", "prevista"] },
      { en: ["pending"], es: ["pendiente"], pt: ["pendente"] },
      {
        en: ["not started"],
        es: ["no iniciado", "no iniciada"],
        pt: ["nao iniciado", "nao iniciada"],
      },
    ],
    sentences: [],
    whenWords: null,
    dateLine: { en: "Planned for", es: "Previsto para", pt: "Previsto para" },
    held: false,
    rate: "denominator",
    progress: "open",
    group: "not_started",
    iati: "1",
  },
  scheduled: {
    label: { en: "Scheduled", es: "Programado", pt: "Agendado" },
    leading: [
      {
        en: ["scheduled", "scheduled for"],
        es: ["programado", "programada", "programado para", "programada para"],
        pt: ["agendado", "agendada", "agendado para", "agendada para"],
      },
      { en: ["to be held"], es: ["a realizarse", "a celebrarse"], pt: ["a realizar-se"] },
      {
        en: ["will be held"],
        es: ["se realizara", "se celebrara", "se llevara a cabo"],
        pt: ["sera realizado", "sera realizada"],
      },
      {
        en: ["expected on", "expected in"],
        es: ["previsto para", "prevista para"],
        pt: ["prevista para", "previsto para"],
      },
    ],
    sentences: [
      {
        en: ["will be held|will take place"],
        es: ["se realizara|se llevara a cabo|tendra lugar"],
        pt: ["sera realizad[oa]|acontecera|tera lugar"],
      },
    ],
    whenWords: { en: "To be held", es: "A realizarse", pt: "A realizar-se" },
    dateLine: { en: "To be held", es: "A realizarse", pt: "A realizar-se" },
    held: false,
    rate: "denominator",
    progress: "open",
    group: "not_started",
    iati: "1",
  },
  in_progress: {
    label: { en: "In progress", es: "En proceso", pt: "Em andamento" },
    leading: [
      {
        en: ["in progress"],
        es: ["en proceso", "en progreso", "en curso"],
        pt: ["em andamento", "em progresso", "em processo", "em curso"],
      },
      { en: ["underway", "under way"], es: ["en ejecucion"], pt: ["em execucao"] },
    ],
    sentences: [
      {
        en: ["(?:is|are) (?:in progress|underway|under way)"],
        es: ["(?:esta|estan) en (?:proceso|curso|ejecucion)"],
        pt: ["(?:(?:esta|estao) )?em (?:andamento|curso|execucao)"],
      },
    ],
    whenWords: null,
    dateLine: DATE,
    held: false,
    rate: "denominator",
    progress: "open",
    group: "in_progress",
    iati: "2",
  },
  ongoing: {
    label: { en: "Ongoing", es: "Permanente", pt: "Contínuo" },
    leading: [
      { en: ["ongoing", "continuous"], es: ["continuo", "continua"], pt: ["continuo", "continua"] },
      { en: ["permanent"], es: ["permanente"], pt: ["permanente"] },
    ],
    sentences: [],
    whenWords: null,
    dateLine: DATE,
    held: false,
    rate: "denominator",
    progress: "continuous",
    group: "in_progress",
    iati: "2",
  },
  executed: {
    label: { en: "Executed", es: "Ejecutado", pt: "Executado" },
    leading: [
      { en: ["executed"], es: ["ejecutado", "ejecutada"], pt: ["executado", "executada"] },
      {
        en: ["held", "carried out"],
        es: ["realizado", "realizada", "llevado a cabo", "llevada a cabo"],
        pt: ["realizado", "realizada"],
      },
      {
        en: ["completed", "done"],
        es: ["completado", "completada", "finalizado", "finalizada"],
        pt: ["concluido", "concluida"],
      },
      {
        en: ["it was executed", "it was held", "it was carried out", "it was completed"],
        es: ["se realizo", "se ejecuto", "se llevo a cabo", "se completo"],
        pt: ["foi executado", "foi executada", "foi realizado", "foi realizada"],
      },
    ],
    sentences: [
      {
        en: ["(?:was|were|has been|have been) (?:executed|held|completed|carried out)"],
        es: [
          "(?:fue|fueron|ha sido|han sido) (?:ejecutad|realizad|completad)[oa]s?|se (?:realizo|ejecuto|llevo a cabo|realizaron)",
        ],
        pt: ["(?:foi|foram) (?:executad|realizad|concluid)[oa]s?"],
      },
    ],
    whenWords: null,
    dateLine: HELD,
    held: true,
    rate: "numerator",
    progress: "done",
    group: "executed",
    iati: "4",
  },
  executed_otherwise: {
    label: {
      en: "Executed otherwise",
      es: "Ejecutado por otros medios",
      pt: "Executado por outros meios",
    },
    leading: [
      {
        en: ["executed otherwise"],
        es: ["ejecutado por otros medios", "ejecutada por otros medios"],
        pt: ["executado por outros meios", "executada por outros meios"],
      },
      {
        en: ["executed in another way"],
        es: ["ejecutado de otra forma", "ejecutada de otra forma"],
        pt: ["executado de outra forma", "executada de outra forma"],
      },
    ],
    sentences: [
      {
        en: ["(?:executed|carried out|done|held) (?:through|via|by means of)"],
        es: [
          "(?:ejecutad[oa]|realizad[oa]|llevad[oa] a cabo) (?:a traves de|mediante|por medio de)",
        ],
        pt: ["(?:executad[oa]|realizad[oa]) (?:por meio de|atraves de|mediante)"],
      },
    ],
    whenWords: null,
    dateLine: HELD,
    held: true,
    rate: "numerator",
    progress: "done",
    group: "executed_otherwise",
    iati: "4",
  },
  superseded: {
    label: {
      en: "Superseded by a decision",
      es: "Reemplazado por una decisión",
      pt: "Substituído por uma decisão",
    },
    leading: [
      {
        en: ["superseded by a decision"],
        es: ["reemplazado por una decision", "reemplazada por una decision"],
        pt: ["substituido por uma decisao", "substituida por uma decisao"],
      },
      {
        en: ["superseded"],
        es: ["reemplazado", "reemplazada", "sustituido", "sustituida"],
        pt: ["substituido", "substituida"],
      },
      {
        en: ["it was decided", "it has been decided"],
        es: ["se decidio", "se ha decidido", "se resolvio"],
        pt: ["decidiu-se", "foi decidido"],
      },
    ],
    sentences: [
      {
        en: ["it was decided|was decided|decided to|decided that"],
        es: ["se decidio|se resolvio|fue decidido|decidio"],
        pt: ["decidiu-se|foi decidido|decidiu"],
      },
      {
        en: ["addressed (?:cross-sectionally|transversally)"],
        es: ["abordad[oa]s? (?:de (?:forma|manera) transversal|transversalmente)"],
        pt: ["abordad[oa]s? (?:de (?:forma|maneira) transversal|transversalmente)"],
      },
      { en: ["absorbed"], es: ["absorbid[oa]"], pt: ["absorvid[oa]"] },
      {
        en: ["replaced by|superseded by"],
        es: ["reemplazad[oa] por|sustituid[oa] por"],
        pt: ["substituid[oa] por"],
      },
    ],
    whenWords: null,
    dateLine: DATE,
    held: false,
    // Planned and not executed: it stays in the base of the rate (3.4 is not "100%").
    rate: "denominator",
    progress: "closed",
    group: "superseded",
    iati: "5",
  },
  postponed: {
    label: { en: "Postponed", es: "Pospuesto", pt: "Adiado" },
    leading: [
      {
        en: ["postponed"],
        es: ["pospuesto", "pospuesta", "postergado", "postergada"],
        pt: ["adiado", "adiada"],
      },
      {
        en: ["deferred", "delayed"],
        es: ["aplazado", "aplazada"],
        pt: ["postergado", "postergada"],
      },
    ],
    sentences: [
      {
        en: ["(?:was|were|has been|have been) (?:postponed|deferred)"],
        es: ["(?:fue|fueron) (?:pospuest|postergad|aplazad)[oa]s?|se (?:pospuso|postergo|aplazo)"],
        pt: ["(?:foi|foram) (?:adiad|postergad)[oa]s?"],
      },
    ],
    whenWords: null,
    dateLine: { en: "Postponed to", es: "Pospuesto para", pt: "Adiado para" },
    held: false,
    rate: "denominator",
    progress: "open",
    group: "not_started",
    iati: "6",
  },
  cancelled: {
    label: { en: "Cancelled", es: "Cancelado", pt: "Cancelado" },
    leading: [
      {
        en: ["cancelled", "canceled"],
        es: ["cancelado", "cancelada"],
        pt: ["cancelado", "cancelada"],
      },
    ],
    sentences: [
      {
        en: ["(?:was|were|has been|have been) cancell?ed"],
        es: ["(?:fue|fueron) cancelad[oa]s?|se cancelo"],
        pt: ["(?:foi|foram) cancelad[oa]s?"],
      },
    ],
    whenWords: null,
    dateLine: DATE,
    held: false,
    // Taken out of the plan: neither done nor expected.
    rate: "apart",
    progress: "closed",
    group: "cancelled",
    iati: "5",
  },
  unclassified: {
    label: { en: "Needs a status", es: "Requiere un estado", pt: "Precisa de um estado" },
    leading: [{ en: ["needs a status"], es: ["requiere un estado"], pt: ["precisa de um estado"] }],
    sentences: [],
    whenWords: null,
    dateLine: DATE,
    held: false,
    // Nobody has said yet what happened: counted nowhere until someone does.
    rate: "apart",
    progress: "open",
    group: "unclassified",
    iati: "1",
  },
};

/** The order sentence phrases are tried in: the first that matches decides. */
export const SENTENCE_ORDER: readonly StatusCode[] = [
  "superseded",
  "executed_otherwise",
  "cancelled",
  "postponed",
  "scheduled",
  "executed",
  "in_progress",
];

/** After an "executed" word, these make it executed_otherwise ("Carried out through ..."). */
export const THROUGH_WORDS: Shape = {
  en: ["through", "via", "by means of", "by way of"],
  es: ["a traves de", "mediante", "por medio de", "por intermedio de"],
  pt: ["por meio de", "atraves de", "mediante"],
};

/** The labels of the reporting groups (feminine in es/pt: "actividad", "atividade"). */
export const STATUS_GROUP_LABELS: Readonly<Record<StatusGroup, Record<Language, string>>> = {
  executed: { en: "Executed", es: "Ejecutada", pt: "Executada" },
  executed_otherwise: {
    en: "Executed otherwise",
    es: "Ejecutada de otra forma",
    pt: "Executada de outra forma",
  },
  superseded: { en: "Superseded", es: "Sustituida", pt: "Substituída" },
  cancelled: { en: "Cancelled", es: "Cancelada", pt: "Cancelada" },
  in_progress: { en: "In progress", es: "En curso", pt: "Em andamento" },
  not_started: { en: "Not started", es: "No iniciada", pt: "Não iniciada" },
  unclassified: { en: "Needs a status", es: "Requiere un estado", pt: "Precisa de um estado" },
};

/** The entry of a status code. */
export function statusEntry(code: StatusCode): StatusEntry {
  return STATUS_TABLE[code];
}

/** The codes whose entry has `pred`, in table order. */
export function codesWhere(pred: (e: StatusEntry) => boolean): StatusCode[] {
  return (Object.keys(STATUS_TABLE) as StatusCode[]).filter((c) => pred(STATUS_TABLE[c]));
}
