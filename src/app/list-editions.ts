import type { EditionChange } from "../core/edition-changes.ts";
import type { Language } from "../core/plan.ts";
import { type EditionRecord, listEditions } from "../db/edition.repository.ts";
import { findPlan, type PlanRecord } from "../db/plan.repository.ts";
import type { Deps } from "./deps.ts";
import { readableOrNotFound } from "./find-readable-plan.ts";

/** An edition as anyone may see it: no editor's name, only the approving body. */
export type PublicEdition = {
  number: number;
  publishedAt: string;
  dataAsOf: string;
  approvedBy: EditionRecord["approval"];
  /** The human-written summary of its corrections (null for the first edition). */
  corrections: string | null;
  /** What changed since the previous edition, activity by activity. */
  changes: EditionChange[];
  languages: Language[];
};

const present = (e: EditionRecord): PublicEdition => ({
  number: e.number,
  publishedAt: e.publishedAt,
  dataAsOf: e.dataAsOf,
  approvedBy: e.approval,
  corrections: e.corrections,
  changes: e.changes as EditionChange[],
  languages: e.languages,
});

/** Every published edition of a plan's report, oldest first (public once published). */
export async function listReportEditions(
  deps: Pick<Deps, "db" | "actor">,
  input: { network: string; year: number },
): Promise<{ plan: PlanRecord; editions: PublicEdition[] }> {
  const plan = readableOrNotFound(deps, input, await findPlan(deps.db, input.network, input.year));
  return { plan, editions: (await listEditions(deps.db, plan.id)).map(present) };
}
