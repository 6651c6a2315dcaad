import { foldText } from "./fold.ts";
import type { Language } from "./plan.ts";

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
