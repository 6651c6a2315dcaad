import { foldText } from "./fold.ts";
import { LANGUAGES, type Language, type PlanDocument } from "./plan.ts";

const NAMES: Record<Language, Record<Language, string>> = {
  en: { en: "English", es: "Spanish", pt: "Portuguese" },
  es: { en: "Inglés", es: "Español", pt: "Portugués" },
  pt: { en: "Inglês", es: "Espanhol", pt: "Português" },
};

/** The name of `lang` written in `inLang`, e.g. languageName("es", "en") === "Spanish". */
export function languageName(lang: Language, inLang: Language): string {
  return NAMES[inLang][lang];
}

const fold = (s: string) => foldText(s).trim();

/** The language a name denotes in any of our languages ("SPANISH", "Español"), or null. */
export function parseLanguageName(name: string): Language | null {
  const wanted = fold(name);
  for (const inLang of Object.keys(NAMES) as Language[]) {
    for (const [lang, n] of Object.entries(NAMES[inLang])) {
      if (fold(n) === wanted) return lang as Language;
    }
  }
  return null;
}

/**
 * The languages to take a text from when `asked` is wanted, best first: the asked one, then
 * the plan's original (the language its texts were written in at creation or import), then
 * any other. Adding a translation never changes the original.
 */
export function textLanguageOrder(asked: Language, original: Language): Language[] {
  return [...new Set<Language>([asked, original, ...LANGUAGES])];
}

/** One translatable text of a document: where it is (a JSON Pointer) and its words. */
export type TextSlot = { pointer: string; value: string };

/**
 * Every translatable text of a plan document that has words, in document order (never
 * URLs, codes, dates or countries): the texts a translation has to give.
 */
export function translatableTexts(doc: PlanDocument): TextSlot[] {
  const out: TextSlot[] = [];
  const add = (pointer: string, value: string | null | undefined) => {
    if (value != null && value.trim() !== "") out.push({ pointer, value });
  };
  add("/network/name", doc.network.name);
  add("/title", doc.title);
  add("/distribution", doc.distribution);
  doc.governance.forEach((g, i) => {
    add(`/governance/${i}/technicalSecretariat`, g.technicalSecretariat);
    add(`/governance/${i}/promotingBody`, g.promotingBody);
  });
  doc.assemblies.forEach((a, i) => {
    add(`/assemblies/${i}/place/text`, a.place?.text);
  });
  doc.background.forEach((p, i) => {
    add(`/background/${i}`, p);
  });
  doc.purpose.forEach((p, i) => {
    add(`/purpose/${i}`, p);
  });
  doc.areas.forEach((area, i) => {
    const ap = `/areas/${i}`;
    add(`${ap}/title`, area.title);
    add(`${ap}/objective`, area.objective);
    area.activities.forEach((a, j) => {
      const p = `${ap}/activities/${j}`;
      add(`${p}/title`, a.title);
      add(`${p}/location/text`, a.location.text);
      add(`${p}/planned/text`, a.planned.text);
      add(`${p}/status/when/text`, a.status.when?.text);
      add(`${p}/status/note`, a.status.note);
      add(`${p}/status/text`, a.status.text);
      a.occurrences.forEach((o, k) => {
        add(`${p}/occurrences/${k}/when/text`, o.when.text);
      });
    });
  });
  add("/annexIntro", doc.annexIntro);
  doc.annex.forEach((item, i) => {
    add(`/annex/${i}/when/text`, item.when.text);
    add(`/annex/${i}/title`, item.title);
  });
  doc.sources.forEach((s, i) => {
    add(`/sources/${i}/label`, s.label);
    add(`/sources/${i}/note`, s.note);
    add(`/sources/${i}/text`, s.text);
  });
  return out;
}

/** How much of a document read in a language is in that language. */
export type Completeness = {
  language: Language;
  /** Texts with words. */
  total: number;
  /** Of those, the texts in `language`. */
  translated: number;
  /** The others, by the language they are shown in (most first). */
  shownIn: { language: Language; count: number }[];
};

/**
 * How complete a document read in its `language` is: every translatable text counts once,
 * and those listed in `textLanguages` are the ones shown in another language. Editions
 * (publishing a language) and reports ("This translation is incomplete") ask it.
 */
export function completeness(doc: PlanDocument): Completeness {
  const texts = translatableTexts(doc);
  const other = doc.textLanguages ?? {};
  const counts = new Map<Language, number>();
  for (const t of texts) {
    const l = other[t.pointer];
    if (l !== undefined && l !== doc.language) counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  const shownIn = [...counts]
    .map(([language, count]) => ({ language, count }))
    .sort((a, b) => b.count - a.count);
  const missing = shownIn.reduce((n, s) => n + s.count, 0);
  return {
    language: doc.language,
    total: texts.length,
    translated: texts.length - missing,
    shownIn,
  };
}

/** Whether every text of the document is in its language. */
export const isComplete = (c: Completeness): boolean => c.translated === c.total;

/** The language a text of a document is shown in (its pointer as in translatableTexts). */
export function textLanguage(doc: PlanDocument, pointer: string): Language {
  return doc.textLanguages?.[pointer] ?? doc.language;
}

/** What a translatable text is part of: a section of the plan and, where it has one, its code or number. */
export type TextWhere = {
  section:
    | "plan"
    | "governance"
    | "assembly"
    | "background"
    | "purpose"
    | "area"
    | "activity"
    | "annex"
    | "source";
  /** The area's or activity's code, the governance year, the assembly's ordinal, the footnote's number, the paragraph's or annex item's 1-based position; null for the plan's own fields. */
  ref: string | null;
  /** The field below it, as in the pointer ("title", "status/note", "occurrences/0/when/text"). */
  field: string;
};

/**
 * Where the text at `pointer` (as listed by translatableTexts) lives in `doc`, for people:
 * "activity 3.1.5, status/note". Codes, years and numbers come from the document.
 */
export function textWhere(doc: PlanDocument, pointer: string): TextWhere {
  const [first, second, ...rest] = pointer.split("/").slice(1);
  const n = Number(second);
  const tail = rest.join("/");
  switch (first) {
    case "network":
    case "title":
    case "distribution":
    case "annexIntro":
      return { section: "plan", ref: null, field: pointer.slice(1) };
    case "governance":
      return { section: "governance", ref: String(doc.governance[n]?.year ?? n + 1), field: tail };
    case "assemblies":
      return { section: "assembly", ref: String(doc.assemblies[n]?.ordinal ?? n + 1), field: tail };
    case "background":
    case "purpose":
      return { section: first, ref: String(n + 1), field: "text" };
    case "areas": {
      const area = doc.areas[n];
      if (rest[0] === "activities") {
        const a = area?.activities[Number(rest[1])];
        return { section: "activity", ref: a?.code ?? null, field: rest.slice(2).join("/") };
      }
      return { section: "area", ref: area?.code ?? null, field: tail };
    }
    case "annex":
      return { section: "annex", ref: String(n + 1), field: tail };
    default:
      return { section: "source", ref: String(doc.sources[n]?.id ?? n + 1), field: tail };
  }
}

/**
 * The document `next` (a plan read in a translation's language) with the translated texts
 * the public had in `previous` (the same language, frozen before) kept wherever the original
 * wording is unchanged (`previousOriginal` → `nextOriginal`, the documents in the plan's own
 * language): a recorded amendment makes its change public at once, while translations edited
 * meanwhile wait for the next edition. A text whose original changed (the amendment's own
 * change, or a text moved by it) takes its wording from `next`.
 */
export function keepTranslations(
  previous: PlanDocument,
  next: PlanDocument,
  previousOriginal: PlanDocument,
  nextOriginal: PlanDocument,
): PlanDocument {
  const was = new Map(translatableTexts(previousOriginal).map((t) => [t.pointer, t.value]));
  const is = new Map(translatableTexts(nextOriginal).map((t) => [t.pointer, t.value]));
  const shown = new Map(translatableTexts(previous).map((t) => [t.pointer, t.value]));
  const out = structuredClone(next);
  const languages: Record<string, Language> = { ...(out.textLanguages ?? {}) };
  for (const { pointer } of translatableTexts(next)) {
    const before = shown.get(pointer);
    if (before === undefined || was.get(pointer) === undefined) continue;
    if (was.get(pointer) !== is.get(pointer)) continue;
    setAt(out, pointer, before);
    const lang = previous.textLanguages?.[pointer];
    if (lang === undefined || lang === out.language) delete languages[pointer];
    else languages[pointer] = lang;
  }
  out.textLanguages = languages;
  return out;
}

/** Sets the string at a JSON Pointer of translatableTexts (plain names and indexes). */
function setAt(doc: object, pointer: string, value: string): void {
  const path = pointer.split("/").slice(1);
  const last = path.pop();
  let at: unknown = doc;
  for (const key of path) at = (at as Record<string, unknown>)[key];
  if (last !== undefined && at !== null && typeof at === "object") {
    (at as Record<string, unknown>)[last] = value;
  }
}
