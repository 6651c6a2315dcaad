import type { Language } from "../../core/plan.ts";
import { en, type Messages } from "./en.ts";
import { es } from "./es.ts";
import { pt } from "./pt.ts";

export type { MessageKey, Messages } from "./en.ts";

const ALL: Record<Language, Messages> = { en, es, pt };

/** The interface strings of `lang`. */
export function messages(lang: Language): Messages {
  return ALL[lang];
}
