import { z } from "zod";
import { AppError } from "../core/errors.ts";
import { type Language, PlanDocument } from "../core/plan.ts";
import { planResource } from "../core/policies.ts";
import { matchTranslation } from "../core/translation.ts";
import { readPlanDocumentAndPlaces } from "../db/plan-document-read.repository.ts";
import { setTexts } from "../db/texts.ts";
import { authorize } from "./authorize.ts";
import { PlanKey } from "./common.ts";
import type { Deps } from "./deps.ts";
import { changePlanContent } from "./transact.ts";

const AttachTranslationInput = z.object({
  ...PlanKey,
  /** The translated report, parsed (its `language` is the translation's). */
  document: PlanDocument,
  /** Attach what matches and list the rest, instead of refusing on the first mismatch. */
  partial: z.boolean().optional(),
  /** The file the report was read from, for `FILE:LINE: message`. */
  fileName: z.string().min(1),
});

export type AttachTranslationInput = z.input<typeof AttachTranslationInput> & {
  /** The line of the file a hint (a code like "3.1.9)", or "^12" for footnote 12) is on. */
  lineOf?: (hint: string | null) => number;
};

export type AttachTranslationResult = {
  language: Language;
  /** How many texts were written in `language`. */
  attached: number;
  /** What did not match, as `FILE:LINE: message` (empty when all matched). */
  mismatches: { line: number; message: string }[];
};

/**
 * Attaches a report in another language to the working copy of a plan as its translation:
 * its texts are written in its language where they match (core/translation.ts). All or
 * nothing unless `partial`. Recorded in the history (plan.translate), never an amendment:
 * the plan's own language does not change.
 */
export async function attachTranslation(
  deps: Deps,
  input: AttachTranslationInput,
): Promise<AttachTranslationResult> {
  const lineOf = input.lineOf ?? (() => 1);
  const { lineOf: _l, ...rest } = input;
  return changePlanContent(deps, AttachTranslationInput, rest, async (w, i) => {
    authorize(deps.actor, "translate", planResource(w.plan));
    const lang = i.document.language;
    if (lang === w.plan.language) {
      throw new AppError(
        "conflict",
        `the ${i.year} plan is written in ${lang}: a translation is in another language`,
      );
    }
    const { document: plan, places } = await readPlanDocumentAndPlaces(
      w.trx,
      w.plan,
      w.plan.language,
    );
    const { texts, mismatches } = matchTranslation(plan, i.document);
    const located = mismatches.map((m) => ({ line: lineOf(m.at), message: m.message }));
    if (located.length > 0 && !i.partial) {
      const first = located[0] as { line: number; message: string };
      throw new AppError(
        "parse_error",
        `${i.fileName}:${first.line}: ${first.message}${located.length > 1 ? ` (and ${located.length - 1} more)` : ""}; nothing was attached (attach what matches with partial)`,
        located.map((m) => ({ path: i.fileName, line: m.line, message: m.message })),
      );
    }
    // One write per stored document, not per text (texts.ts keeps a plan's wordings by kind).
    const changes = texts.flatMap((t) => {
      const place = places.get(t.pointer);
      return place ? [{ ...place, value: t.value }] : [];
    });
    await setTexts(w.trx, w.plan.id, lang, changes);
    const attached = changes.length;
    await w.audit("plan.translate", { kind: "plan", id: w.plan.id }, null, {
      language: lang,
      file: i.fileName,
      attached,
      unmatched: located,
    });
    deps.log.info({ network: i.network, year: i.year, lang, attached }, "translation attached");
    return { language: lang, attached, mismatches: located };
  });
}
