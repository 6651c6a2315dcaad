import { AppError, type ErrorDetail } from "../core/errors.ts";
import { checkPlanLimits } from "../core/limits.ts";
import { isInArea, type PlanDocument, type Timing } from "../core/plan.ts";
import { isWithinYear } from "../core/timing.ts";

/**
 * The limits (core/limits.ts), and the cross-field rules a plan document must keep to be stored: unique area codes,
 * activity codes and source ids, activity codes inside their area's numbering, planned
 * windows inside the plan year, and citations of sources that exist. (A status's `when`
 * may lie after the year: "to be held in January" of the next one is legitimate.)
 *
 * The planned-window rule lives here, not in PlanDocument, because it relates a field to
 * the document's year: JSON Schema cannot say so, and PlanDocument also validates what
 * the API answers, which should never fail on a stored plan.
 */
export function checkPlanDocument(doc: PlanDocument): void {
  checkPlanLimits(doc);
  const details: ErrorDetail[] = [];
  const seen = (set: Set<string | number>, v: string | number, path: string, what: string) => {
    if (set.has(v)) details.push({ path, message: `${what} ${v} appears twice` });
    set.add(v);
  };
  const sourceIds = new Set<number>();
  doc.sources.forEach((s, i) => {
    seen(sourceIds, s.id, `sources.${i}.id`, "source");
  });
  const cited = (ids: readonly number[], path: string) => {
    ids.forEach((id, i) => {
      if (!sourceIds.has(id)) details.push({ path: `${path}.${i}`, message: `no source ${id}` });
    });
  };
  const areas = new Set<string>();
  const activities = new Set<string>();
  doc.areas.forEach((area, ai) => {
    seen(areas, area.code, `areas.${ai}.code`, "area");
    area.activities.forEach((a, i) => {
      const path = `areas.${ai}.activities.${i}`;
      seen(activities, a.code, `${path}.code`, "activity");
      if (!isInArea(a.code, area.code)) {
        details.push({ path: `${path}.code`, message: outsideArea(a.code, area.code) });
      }
      if (!isWithinYear(a.planned, doc.year)) {
        details.push({ path: `${path}.planned`, message: outsideYear(a.planned, doc.year) });
      }
      cited(a.sources, `${path}.sources`);
      cited(a.status.sources, `${path}.status.sources`);
      a.occurrences.forEach((o, oi) => {
        cited(o.sources, `${path}.occurrences.${oi}.sources`);
      });
      a.relations.forEach((r, ri) => {
        if (r.source !== null) cited([r.source], `${path}.relations.${ri}.source`);
      });
    });
  });
  doc.annex.forEach((item, i) => {
    cited(item.sources, `annex.${i}.sources`);
  });
  const years = new Set<number>();
  doc.governance.forEach((g, i) => {
    seen(years, g.year, `governance.${i}.year`, "governance year");
  });
  const ordinals = new Set<number>();
  doc.assemblies.forEach((a, i) => {
    seen(ordinals, a.ordinal, `assemblies.${i}.ordinal`, "assembly");
  });
  const first = details[0];
  if (first) {
    throw new AppError("invalid_input", `${first.path}: ${first.message}`, details);
  }
}

/** An activity's code must start with its area's ("3.1.5" in 3.1), else invalid_input on `code`. */
export function checkInArea(code: string, areaCode: string): void {
  if (isInArea(code, areaCode)) return;
  const message = outsideArea(code, areaCode);
  throw new AppError("invalid_input", `code: ${message}`, [{ path: "code", message }]);
}

const outsideArea = (code: string, areaCode: string) =>
  `activity ${code} is not numbered inside area ${areaCode} (its code starts with ${areaCode}.)`;

/** An activity's planned window must lie inside the plan year, else invalid_input on `planned`. */
export function checkPlannedInYear(planned: Timing, year: number): void {
  if (isWithinYear(planned, year)) return;
  const message = outsideYear(planned, year);
  const accepted = [`dates from ${year}-01-01 to ${year}-12-31`];
  throw new AppError("invalid_input", `planned: ${message}`, [
    { path: "planned", message, accepted },
  ]);
}

const outsideYear = (t: Timing, year: number) =>
  `the planned time (${t.start ?? "…"} to ${t.end ?? "…"}) lies outside the plan year ${year}`;
