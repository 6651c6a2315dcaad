import { stripCitations } from "../core/citations.ts";
import type { Language } from "../core/plan.ts";
import { listLinkChecks } from "../db/link-check.repository.ts";
import { requireActor } from "./authorize.ts";
import type { LinkCheck } from "./check-links.ts";
import type { Deps } from "./deps.ts";
import { getPlanDocument } from "./get-plan-document.ts";

export type ListBrokenLinksInput = { network: string; year: number; lang?: Language };

export type BrokenLink = LinkCheck & {
  /** The source's label or note, without citation markers, for a list. */
  label: string | null;
  /** Codes of the activities citing the source (status and meetings included). */
  citedBy: string[];
};

/**
 * The plan's evidence links that failed their last check (checks of a URL since changed are
 * left out), with the activities citing them. For signed-in users who may read the plan.
 */
export async function listBrokenLinks(
  deps: Deps,
  input: ListBrokenLinksInput,
): Promise<BrokenLink[]> {
  requireActor(deps);
  const { document, plan } = await getPlanDocument(deps, input);
  const checks = await listLinkChecks(deps.db, plan.id, { brokenOnly: true });
  const sources = new Map(document.sources.map((s) => [s.id, s]));
  const activities = document.areas.flatMap((a) => a.activities);
  return checks
    .filter((c) => c.current)
    .map(({ current: _current, ...c }) => {
      const s = sources.get(c.source);
      const label = s?.label ?? s?.note ?? null;
      return {
        ...c,
        label: label === null ? null : stripCitations(label),
        citedBy: activities.filter((a) => a.sources.includes(c.source)).map((a) => a.code),
      };
    });
}
