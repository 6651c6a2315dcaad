/**
 * What changed between two editions of a published report, activity by activity, generated
 * from the two plan documents as published (in the plan's language). Pure; names no editor.
 */
import type { Activity, PlanDocument } from "./plan.ts";

/** What one change touched: an activity (by code), the annex, or the footnotes' numbering. */
export type EditionChange =
  | { kind: "activity"; code: string; fields: ActivityField[] }
  | { kind: "activity_added" | "activity_removed"; code: string }
  | { kind: "annex"; before: number; after: number }
  | { kind: "sources"; before: number; after: number }
  | { kind: "footnotes_renumbered" };

export type ActivityField = "title" | "planned" | "location" | "status" | "occurrences" | "sources";

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function activityFields(before: Activity, after: Activity): ActivityField[] {
  const fields: ActivityField[] = [];
  if (before.title !== after.title) fields.push("title");
  if (!same(before.planned, after.planned)) fields.push("planned");
  if (!same(before.location, after.location)) fields.push("location");
  if (!same(before.status, after.status)) fields.push("status");
  if (!same(before.occurrences, after.occurrences)) fields.push("occurrences");
  if (!same(before.sources, after.sources)) fields.push("sources");
  return fields;
}

const activitiesOf = (doc: PlanDocument) =>
  new Map(doc.areas.flatMap((area) => area.activities).map((a) => [a.code, a] as const));

/**
 * The changes from `before` (the previous edition; null for the first) to `after`, in the
 * order of `after`'s activities, removed ones last; `numbers` give each document's footnote
 * numbering (source id -> number), so a renumbering is said.
 */
export function editionChanges(
  before: PlanDocument | null,
  after: PlanDocument,
  numbers?: { before: ReadonlyMap<number, number>; after: ReadonlyMap<number, number> },
): EditionChange[] {
  if (before === null) return [];
  const old = activitiesOf(before);
  const now = activitiesOf(after);
  const out: EditionChange[] = [];
  for (const [code, a] of now) {
    const b = old.get(code);
    if (!b) {
      out.push({ kind: "activity_added", code });
      continue;
    }
    const fields = activityFields(b, a);
    if (fields.length > 0) out.push({ kind: "activity", code, fields });
  }
  for (const code of old.keys()) {
    if (!now.has(code)) out.push({ kind: "activity_removed", code });
  }
  if (!same(before.annex, after.annex)) {
    out.push({ kind: "annex", before: before.annex.length, after: after.annex.length });
  }
  if (before.sources.length !== after.sources.length) {
    out.push({ kind: "sources", before: before.sources.length, after: after.sources.length });
  }
  if (numbers) {
    const moved = [...numbers.before].some(([id, n]) => {
      const m = numbers.after.get(id);
      return m !== undefined && m !== n;
    });
    if (moved) out.push({ kind: "footnotes_renumbered" });
  }
  return out;
}
