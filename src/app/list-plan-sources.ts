import type { Language, Source } from "../core/plan.ts";
import { listLinkChecks } from "../db/link-check.repository.ts";
import { findSource, uncitedSourceNumbers } from "../db/source.repository.ts";
import { requireActor } from "./authorize.ts";
import type { LinkCheck } from "./check-links.ts";
import type { Deps } from "./deps.ts";
import { getPlanDocument } from "./get-plan-document.ts";

export type ListPlanSourcesInput = { network: string; year: number; lang?: Language };

/** One source of the plan as editors see it. */
export type PlanSourceEntry = {
  source: Source;
  /** Its row version (If-Match of a change or deletion). */
  version: number;
  /** False when nothing cites it (kept from an import, say). */
  cited: boolean;
  /** The last check of its link, or null when never checked (or its URL changed since). */
  check: LinkCheck | null;
};

/**
 * The plan's sources for its editors: each with its link's last check and whether anything
 * cites it. For signed-in users who may read the plan.
 */
export async function listPlanSources(
  deps: Deps,
  input: ListPlanSourcesInput,
): Promise<PlanSourceEntry[]> {
  requireActor(deps);
  const { document, plan } = await getPlanDocument(deps, input);
  const checks = new Map(
    (await listLinkChecks(deps.db, plan.id))
      .filter((c) => c.current)
      .map(({ current: _c, ...c }) => [c.source, c] as const),
  );
  const uncited = new Set(await uncitedSourceNumbers(deps.db, plan.id));
  const lang = input.lang ?? plan.language;
  const entries: PlanSourceEntry[] = [];
  for (const source of document.sources) {
    const stored = await findSource(deps.db, plan, source.id, lang);
    entries.push({
      source,
      version: stored?.version ?? 1,
      cited: !uncited.has(source.id),
      check: checks.get(source.id) ?? null,
    });
  }
  return entries;
}
