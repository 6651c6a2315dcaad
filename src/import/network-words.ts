/**
 * The words intergovernmental networks use in their reports for their yearly meeting,
 * their governing body, its chair, its secretariat and its promoters, in English, Spanish
 * and Portuguese, as written (matching folds case and accents). The readers in
 * meetings.ts and governance.ts are built from these tables: a new network's wording is a
 * new row here, not a new rule.
 */
import type { Language } from "../core/plan.ts";

/**
 * A network's numbered meeting ("XVII GEALC Network Annual Assembly", "IX Plenária da Rede
 * …"), by kind: the words of one row name the same kind of meeting in en/es/pt, so a
 * Spanish header and an English background sentence speak of the same meetings, and an
 * "Annual Meeting" network's "III Ministerial Meeting" is not one of its own.
 */
export const MEETING_WORDS: Record<string, readonly string[]> = {
  assembly: [
    "Annual General Assembly",
    "General Assembly",
    "Annual Assembly",
    "Assembly",
    "Asamblea General Anual",
    "Asamblea Anual",
    "Asamblea General",
    "Asamblea",
    "Assembleia Geral Anual",
    "Assembleia Anual",
    "Assembleia Geral",
    "Assembleia",
  ],
  meeting: [
    "Annual General Meeting",
    "General Meeting",
    "Annual Meeting",
    "Meeting",
    "Reunión Anual",
    "Reunión General",
    "Reunión",
    "Encuentro Anual",
    "Encuentro",
    "Reunião Anual",
    "Reunião Geral",
    "Reunião",
    "Encontro Anual",
    "Encontro",
  ],
  plenary: [
    "Plenary Assembly",
    "Plenary Meeting",
    "Plenary Session",
    "Plenary",
    "Asamblea Plenaria",
    "Reunión Plenaria",
    "Sesión Plenaria",
    "Plenaria",
    "Plenario",
    "Assembleia Plenária",
    "Reunião Plenária",
    "Sessão Plenária",
    "Plenária",
    "Plenário",
  ],
  ministerial: ["Ministerial Meeting", "Reunión Ministerial", "Reunião Ministerial"],
  conference: [
    "Annual Conference",
    "Conference",
    "Conferencia Anual",
    "Conferencia",
    "Conferência Anual",
    "Conferência",
  ],
  council: ["Council Meeting", "Annual Council", "Council", "Consejo", "Conselho"],
  congress: [
    "Annual Congress",
    "Congress",
    "Congreso Anual",
    "Congreso",
    "Congresso Anual",
    "Congresso",
  ],
  summit: ["Annual Summit", "Summit", "Cumbre", "Cúpula", "Cimeira"],
  forum: ["Annual Forum", "Forum", "Foro Anual", "Foro", "Fórum Anual", "Fórum"],
};

/** What joins a meeting to the network it belongs to: "of the", "de la", "da". */
export const MEETING_OF = [
  "of the",
  "of",
  "de la",
  "de los",
  "del",
  "de",
  "da",
  "do",
  "das",
  "dos",
];

/** Ordinal words, folded: stems before "o"/"a" (es/pt) and whole words (en). */
export const ORDINAL_UNITS: Record<"en" | "iberian", Record<string, number>> = {
  en: {
    first: 1,
    second: 2,
    third: 3,
    fourth: 4,
    fifth: 5,
    sixth: 6,
    seventh: 7,
    eighth: 8,
    ninth: 9,
  },
  // Spanish and Portuguese together: stems that take -o/-a.
  iberian: {
    primer: 1,
    primeir: 1,
    segund: 2,
    tercer: 3,
    terceir: 3,
    cuart: 4,
    quart: 4,
    quint: 5,
    sext: 6,
    septim: 7,
    setim: 7,
    octav: 8,
    oitav: 8,
    noven: 9,
    non: 9,
  },
};
/** Spanish apocopes before a noun: "Primer Encuentro", "Décimo Tercer Foro". */
export const ORDINAL_APOCOPES: Record<string, number> = { primer: 1, tercer: 3 };
export const ORDINAL_TENS: Record<"en" | "iberian", Record<string, number>> = {
  en: { twenty: 20, thirty: 30 },
  iberian: { decim: 10, vigesim: 20, trigesim: 30 },
};
/** English ordinals that are one word: "tenth" … "fortieth". */
export const ORDINAL_WHOLE_EN: Record<string, number> = {
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
  thirtieth: 30,
  fortieth: 40,
};
/** Iberian ordinals that are one word: "undécima", "duodécimo". */
export const ORDINAL_WHOLE_IBERIAN: Record<string, number> = { undecim: 11, duodecim: 12 };

/** The governing body that executes the plan: "Executive Committee", "Conselho Diretor". */
export const BODY_WORDS: Record<Language, readonly string[]> = {
  en: [
    "Executive Committee",
    "Steering Committee",
    "Coordinating Committee",
    "Coordination Committee",
    "Management Committee",
    "Executive Board",
    "Governing Board",
    "Board of Directors",
    "Executive Council",
    "Governing Council",
    "Executive Bureau",
    "Bureau",
  ],
  es: [
    "Comité Ejecutivo",
    "Comité Directivo",
    "Comité Coordinador",
    "Comité de Coordinación",
    "Comité de Gestión",
    "Consejo Directivo",
    "Consejo Ejecutivo",
    "Junta Directiva",
    "Mesa Directiva",
    "Comisión Ejecutiva",
    "Comisión Directiva",
  ],
  pt: [
    "Comitê Executivo",
    "Comité Executivo",
    "Comitê Diretivo",
    "Comitê Gestor",
    "Comitê Coordenador",
    "Comitê de Coordenação",
    "Conselho Diretor",
    "Conselho Diretivo",
    "Conselho Executivo",
    "Junta Diretiva",
    "Mesa Diretora",
    "Comissão Executiva",
    "Comissão Diretiva",
    "Diretoria",
  ],
};

/** What introduces the body's members: "consisting of", "integrado por", "composto pelos". */
export const MEMBERS_WORDS: readonly string[] = [
  "consisting of",
  "composed of",
  "comprised of",
  "comprising",
  "made up of",
  "formed by",
  "integrated by",
  "integrado por",
  "integrada por",
  "compuesto por",
  "compuesta por",
  "conformado por",
  "conformada por",
  "formado por",
  "formada por",
  "constituido por",
  "constituida por",
  "composto por",
  "composta por",
  "composto pelos",
  "composto pelas",
  "composto pelo",
  "composto pela",
  "composta pelos",
  "composta pelas",
  "integrado pelos",
  "integrado pelas",
  "integrado pelo",
  "integrado pela",
  "integrada pelos",
  "integrada pelas",
  "formado pelos",
  "formado pelas",
  "formada pelos",
  "formada pelas",
  "constituido pelos",
  "constituida pelos",
];

/** What names the chair, inside the parenthesis after the members. */
export const CHAIR_WORDS: readonly string[] = [
  "under the presidency of",
  "under the chairmanship of",
  "under the chairship of",
  "under the chair of",
  "under the coordination of",
  "under the leadership of",
  "chaired by",
  "presided over by",
  "presided by",
  "coordinated by",
  "led by",
  "bajo la presidencia de",
  "bajo la coordinacion de",
  "presidido por",
  "presidida por",
  "coordinado por",
  "coordinada por",
  "sob a presidencia de",
  "sob a presidencia do",
  "sob a presidencia da",
  "sob a presidencia dos",
  "sob a coordenacao de",
  "sob a coordenacao do",
  "sob a coordenacao da",
  "presidido pelo",
  "presidido pela",
  "presidida pelo",
  "presidida pela",
  "coordenado pelo",
  "coordenado pela",
  "coordenada pelo",
  "coordenada pela",
  "coordenado por",
];

/** The secretariat's role, held by an organisation named by its acronym. */
export const SECRETARIAT_WORDS: readonly string[] = [
  "technical secretariat",
  "executive secretariat",
  "permanent secretariat",
  "pro tempore secretariat",
  "secretariat",
  "secretaria tecnica",
  "secretaria ejecutiva",
  "secretaria executiva",
  "secretaria permanente",
  "secretaria pro tempore",
  "secretariado",
  "secretaria",
];

/** The promoting (sponsoring, funding) role, held by an organisation named by its acronym. */
export const PROMOTER_WORDS: readonly string[] = [
  "promoting body",
  "promoting agency",
  "promoting organization",
  "promoting organisation",
  "promoter body",
  "promoter",
  "sponsoring body",
  "sponsoring agency",
  "sponsoring organization",
  "sponsoring organisation",
  "sponsor",
  "funding partner",
  "financing partner",
  "organismo promotor",
  "organo promotor",
  "orgao promotor",
  "entidad promotora",
  "entidade promotora",
  "organismo patrocinador",
  "entidad patrocinadora",
  "entidade patrocinadora",
  "organismo financiador",
  "socio financiador",
  "parceiro financiador",
];
