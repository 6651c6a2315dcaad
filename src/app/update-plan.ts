import { z } from "zod";
import { AppError } from "../core/errors.ts";
import type { Language } from "../core/plan.ts";
import { planResource } from "../core/policies.ts";
import { checkVersion } from "../core/version.ts";
import type { Db } from "../db/create-db.ts";
import { paragraphIds, replaceParagraphs, type Section } from "../db/paragraph.repository.ts";
import {
  getPlan,
  getPlanById,
  lockPlan,
  type PlanRecord,
  updatePlanRow,
} from "../db/plan.repository.ts";
import { readPlanDocumentOf } from "../db/plan-document-read.repository.ts";
import { setText } from "../db/texts.ts";
import { audit, authorize, requireActor, wordingVerb } from "./authorize.ts";
import { ExpectedVersion, Lang, nowIso, PlanKey, Reason } from "./common.ts";
import type { Deps } from "./deps.ts";
import { amendIfApproved, transact } from "./transact.ts";
import { parseInput } from "./validate.ts";

const Input = z.object({
  ...PlanKey,
  expectedVersion: ExpectedVersion,
  lang: Lang,
  title: z.string().min(1).optional(),
  distribution: z.string().nullable().optional(),
  presentedAt: z.number().int().positive().nullable().optional(),
  annexIntro: z.string().nullable().optional(),
  background: z.array(z.string()).optional(),
  purpose: z.array(z.string()).optional(),
  reason: Reason,
});
export type UpdatePlanInput = z.input<typeof Input>;

/**
 * Changes a plan's own fields. Paragraphs given in the plan's stored language replace the
 * section; in another language they translate the existing paragraphs one for one. On an
 * approved plan a change to its planned content (title, background, purpose) is an
 * amendment (with `reason`); distribution, presentedAt and annexIntro describe the document
 * and its report, not the plan, and are none.
 */
export async function updatePlan(
  deps: Deps,
  input: UpdatePlanInput,
): Promise<{ plan: PlanRecord; version: number }> {
  requireActor(deps);
  const i = parseInput(Input, input);
  const now = nowIso(deps);
  return transact(deps, async (trx) => {
    await lockPlan(trx, i.network, i.year, now, i.expectedRevision);
    const plan = await getPlan(trx, i.network, i.year);
    authorize(deps.actor, wordingVerb(plan, i.lang ?? plan.language), planResource(plan));
    checkVersion(plan.version, i.expectedVersion);
    const lang = i.lang ?? plan.language;
    const before = await readPlanDocumentOf(trx, plan, lang);
    const originalBefore =
      lang === plan.language ? before : await readPlanDocumentOf(trx, plan, plan.language);
    const version = await updatePlanRow(
      trx,
      plan.id,
      i.expectedVersion ?? plan.version,
      { presentedAt: i.presentedAt },
      now,
    );
    const text = (field: string, v: string | null | undefined) =>
      v === undefined ? undefined : setText(trx, plan.id, "plan", plan.id, field, lang, v);
    await text("title", i.title);
    await text("distribution", i.distribution);
    await text("annex_intro", i.annexIntro);
    for (const section of ["background", "purpose"] as const) {
      const paragraphs = i[section];
      if (paragraphs) await setParagraphs(trx, plan, section, paragraphs, lang);
    }
    const after = await readPlanDocumentOf(trx, plan, lang);
    // Amendments compare the plan's own language: a translation is no amendment.
    const originalAfter =
      lang === plan.language ? after : await readPlanDocumentOf(trx, plan, plan.language);
    const planned = (d: typeof before) => ({
      title: d.title,
      background: d.background,
      purpose: d.purpose,
    });
    await amendIfApproved(
      trx,
      deps,
      now,
      plan,
      i.reason,
      "plan",
      null,
      planned(originalBefore),
      planned(originalAfter),
    );
    const { areas: _a, sources: _s, annex: _x, ...beforeOwn } = before;
    const { areas: _b, sources: _t, annex: _y, ...afterOwn } = after;
    await audit(trx, deps, now, "plan.update", { kind: "plan", id: plan.id }, beforeOwn, afterOwn);
    return { plan: await getPlanById(trx, plan.id), version };
  });
}

async function setParagraphs(
  trx: Db,
  plan: PlanRecord,
  section: Section,
  paragraphs: string[],
  lang: Language,
): Promise<void> {
  if (lang === plan.language) return replaceParagraphs(trx, plan.id, section, paragraphs, lang);
  const ids = await paragraphIds(trx, plan.id, section);
  if (ids.length !== paragraphs.length) {
    throw new AppError(
      "invalid_input",
      `a translation has as many paragraphs as the original (${ids.length})`,
      [{ path: section, message: `expected ${ids.length} paragraphs` }],
    );
  }
  for (const [n, id] of ids.entries()) {
    await setText(trx, plan.id, "paragraph", id, "text", lang, paragraphs[n] ?? "");
  }
}
