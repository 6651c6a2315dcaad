/**
 * A plan's translation into one language, text by text: every translatable text (core/
 * language.ts translatableTexts, never URLs) under a stable key — its JSON Pointer in the
 * plan document, as in `textLanguages` — with its words in the original language and in the
 * translation (null where untranslated). The API's /translations/{lang} and the editor's
 * side-by-side view read and write through here.
 */
import { z } from "zod";
import { AppError } from "../core/errors.ts";
import { type TextWhere, textWhere, translatableTexts } from "../core/language.ts";
import { LIMITS, overLimit } from "../core/limits.ts";
import { LANGUAGES, type Language, Language as LanguageSchema } from "../core/plan.ts";
import { type Actor, can, planResource } from "../core/policies.ts";
import { areaIdsByCode } from "../db/area.repository.ts";
import type { Db } from "../db/create-db.ts";
import { getPlan, type PlanRecord } from "../db/plan.repository.ts";
import { readPlanDocumentAndPlaces } from "../db/plan-document-read.repository.ts";
import { loadTexts, setTexts, type TextPlace } from "../db/texts.ts";
import { authorize, requireActor } from "./authorize.ts";
import { PlanKey } from "./common.ts";
import type { Deps } from "./deps.ts";
import { seesWorkingCopy } from "./find-readable-plan.ts";
import { changePlanContent } from "./transact.ts";

export type TranslationText = {
  /** The text's JSON Pointer in the plan document (e.g. "/areas/0/activities/2/title"). */
  key: string;
  where: TextWhere;
  original: string;
  /** The words in the translation's language, null when untranslated. */
  translation: string | null;
  /** Whether the caller may write this text's translation. */
  writable: boolean;
};

export type PlanTranslation = {
  plan: PlanRecord;
  language: Language;
  total: number;
  translated: number;
  texts: TranslationText[];
  /** Whether the caller may translate every text of the plan (and so attach a translated report). */
  mayTranslatePlan: boolean;
};

/** Refuses a translation "into" the plan's own language: its texts are edited, not translated. */
function notOriginal(plan: PlanRecord, lang: Language): void {
  if (lang === plan.language)
    throw new AppError(
      "conflict",
      `the ${plan.year} plan is written in ${lang}: its texts are edited (without lang), not translated`,
    );
}

/** Whether `actor` may translate the text at `key` (a coordinator: their areas' activities). */
function translatorOf(
  actor: Actor | null,
  plan: PlanRecord,
  areaIdOf: (key: string) => string | null,
) {
  const whole = can(actor, "translate", planResource(plan));
  return (key: string): boolean => {
    if (whole) return true;
    const areaId = areaIdOf(key);
    return (
      areaId !== null &&
      can(actor, "translate", { kind: "activity", network: plan.network.slug, areaId })
    );
  };
}

/** Every translatable text of the plan with its original and translated words, in document order. */
async function readTranslation(db: Db, actor: Actor | null, plan: PlanRecord, lang: Language) {
  const { document, places } = await readPlanDocumentAndPlaces(db, plan, plan.language);
  const stored = await loadTexts(db, plan.id, [lang]);
  const areaIds = await areaIdsByCode(db, plan.id);
  const areaIdOf = (key: string): string | null => {
    const m = /^\/areas\/(\d+)\/activities\//.exec(key);
    const code = m ? document.areas[Number(m[1])]?.code : undefined;
    return code === undefined ? null : (areaIds.get(code) ?? null);
  };
  const writable = translatorOf(actor, plan, areaIdOf);
  const texts: TranslationText[] = [];
  const placeOf = new Map<string, TextPlace>();
  for (const t of translatableTexts(document)) {
    const place = places.get(t.pointer);
    if (!place) continue;
    placeOf.set(t.pointer, place);
    const v = stored.exact(place.kind, place.id, place.field);
    texts.push({
      key: t.pointer,
      where: textWhere(document, t.pointer),
      original: t.value,
      translation: v === null || v.trim() === "" ? null : v,
      writable: writable(t.pointer),
    });
  }
  return { texts, placeOf };
}

const summed = (
  actor: Actor | null,
  plan: PlanRecord,
  language: Language,
  texts: TranslationText[],
): PlanTranslation => ({
  plan,
  language,
  total: texts.length,
  translated: texts.filter((t) => t.translation !== null).length,
  texts,
  mayTranslatePlan: can(actor, "translate", planResource(plan)),
});

/**
 * The plan's translation into `lang`, as its working copy has it. For signed-in people
 * with a role in the plan's network (or the install's administrator); to others the plan
 * does not exist here. Conflict for the plan's own language.
 */
export async function getPlanTranslation(
  deps: Deps,
  input: { network: string; year: number; lang: Language },
): Promise<PlanTranslation> {
  requireActor(deps);
  const plan = await getPlan(deps.db, input.network, input.year);
  if (!seesWorkingCopy(deps.actor, plan.network.slug))
    throw new AppError("not_found", `no ${input.year} plan of network "${input.network}"`);
  notOriginal(plan, input.lang);
  const { texts } = await readTranslation(deps.db, deps.actor, plan, input.lang);
  return summed(deps.actor, plan, input.lang, texts);
}

/** How many texts one batch may carry (a plan has far fewer). */
const MAX_BATCH = 10_000;

const SaveInput = z.object({
  ...PlanKey,
  lang: LanguageSchema,
  /** Key → the text in `lang`; null or blank removes the translation (the original shows). */
  texts: z
    .record(z.string().min(1).max(200), z.string().nullable())
    .refine((t) => Object.keys(t).length > 0, "give at least one text")
    .refine((t) => Object.keys(t).length <= MAX_BATCH, `at most ${MAX_BATCH} texts at once`),
  /**
   * Key → the translation the writer last saw (null: none): a key whose translation has
   * changed since is precondition_failed and nothing is written. Finer than the plan's
   * revision, which moves with any change anywhere in the plan (the editor's form sends it).
   */
  expected: z.record(z.string(), z.string().nullable()).optional(),
});
export type SavePlanTranslationInput = z.input<typeof SaveInput>;

export type SavePlanTranslationResult = PlanTranslation & {
  /** The keys whose translation changed (written or removed). */
  changed: string[];
};

/**
 * Writes texts of the plan in `lang` (another language than its own) without touching the
 * original: all of the batch or none of it. Each key must name a translatable text of the
 * plan (unknown keys and texts the original leaves empty are invalid_input naming the key);
 * each text is within characters_per_text. Authorized per text by the `translate` verb (a
 * coordinator translates the activities of their areas). Recorded in the history as
 * plan.translate with the changed texts before and after; never an amendment, so on an
 * approved plan it reaches the public with the plan's next edition.
 */
export async function savePlanTranslation(
  deps: Deps,
  input: SavePlanTranslationInput,
): Promise<SavePlanTranslationResult> {
  return changePlanContent(deps, SaveInput, input, async (w, i) => {
    notOriginal(w.plan, i.lang);
    const { texts, placeOf } = await readTranslation(w.trx, deps.actor, w.plan, i.lang);
    if (!texts.some((t) => t.writable)) authorize(deps.actor, "translate", planResource(w.plan));
    const byKey = new Map(texts.map((t) => [t.key, t]));
    const before: Record<string, string | null> = {};
    const after: Record<string, string | null> = {};
    const changes: (TextPlace & { value: string | null })[] = [];
    for (const [key, raw] of Object.entries(i.texts)) {
      const text = byKey.get(key);
      if (!text)
        throw new AppError(
          "invalid_input",
          `texts.${key}: no translatable text of the ${i.year} plan has this key (read the keys from GET …/translations/${i.lang})`,
          [{ path: `texts.${key}`, message: "not a translatable text of this plan" }],
        );
      if (!text.writable)
        throw new AppError("forbidden", `you may not translate ${key} of this plan`);
      const value = raw === null || raw.trim() === "" ? null : raw;
      if (value !== null && value.length > LIMITS.characters_per_text)
        throw overLimit("characters_per_text", `texts.${key}`, `texts.${key}`);
      const seen = i.expected?.[key];
      if (seen !== undefined && seen !== text.translation)
        throw new AppError(
          "precondition_failed",
          `texts.${key}: its translation changed since you read it`,
          [{ path: `texts.${key}`, message: "changed since read" }],
        );
      if (value === text.translation) continue;
      changes.push({ ...(placeOf.get(key) as TextPlace), value });
      before[key] = text.translation;
      after[key] = value;
      text.translation = value;
    }
    // One write per stored document, not per text.
    await setTexts(w.trx, w.plan.id, i.lang, changes);
    const changed = Object.keys(after);
    if (changed.length > 0)
      await w.audit(
        "plan.translate",
        { kind: "plan", id: w.plan.id },
        { language: i.lang, texts: before },
        { language: i.lang, texts: after },
      );
    deps.log.info(
      { network: i.network, year: i.year, lang: i.lang, changed: changed.length },
      "translation saved",
    );
    const plan = await getPlan(w.trx, i.network, i.year);
    return { ...summed(deps.actor, plan, i.lang, texts), changed };
  });
}

/** How far each other language of the plan is translated, for the editor's links. */
export async function getTranslationProgress(
  deps: Deps,
  input: { network: string; year: number },
): Promise<{ lang: Language; translated: number; total: number }[]> {
  requireActor(deps);
  const plan = await getPlan(deps.db, input.network, input.year);
  if (!seesWorkingCopy(deps.actor, plan.network.slug))
    throw new AppError("not_found", `no ${input.year} plan of network "${input.network}"`);
  const { document, places } = await readPlanDocumentAndPlaces(deps.db, plan, plan.language);
  const slots = translatableTexts(document).flatMap((t) => places.get(t.pointer) ?? []);
  const out = [];
  for (const lang of LANGUAGES) {
    if (lang === plan.language) continue;
    const stored = await loadTexts(deps.db, plan.id, [lang]);
    const translated = slots.filter(
      (p) => (stored.exact(p.kind, p.id, p.field) ?? "").trim() !== "",
    ).length;
    out.push({ lang, translated, total: slots.length });
  }
  return out;
}
