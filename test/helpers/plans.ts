import { existsSync, readFileSync } from "node:fs";
import { PlanDocument } from "../../src/core/plan.ts";

const read = (url: URL) => PlanDocument.parse(JSON.parse(readFileSync(url, "utf8")));

/** A hand-built plan touching every field of the plan document. */
export const smallPlan = (): PlanDocument =>
  read(new URL("../fixtures/plan-small.json", import.meta.url));

const GEALC = new URL("../../examples/gealc-2023/plan.json", import.meta.url);

/** The real GEALC 2023 plan, once the importer has written it; else null. */
export const gealcPlan = (): PlanDocument | null => (existsSync(GEALC) ? read(GEALC) : null);

/** How big a generated plan is: see `bigPlan`. */
export type PlanSize = {
  activities: number;
  sources: number;
  /** Occurrences of each activity. */
  occurrences: number;
  annex: number;
  /** Characters of each activity title (at least ~40). */
  titleLength?: number;
};

const MONTHS = ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"];
const monthOf = (n: number) => {
  const m = MONTHS[n % 12] as string;
  const end = new Date(Date.UTC(2023, Number(m), 0)).getUTCDate();
  return {
    kind: "month",
    start: `2023-${m}-01`,
    end: `2023-${m}-${end}`,
    count: null,
    text: `month ${m}`,
  };
};

/**
 * The small plan grown to `size`: its areas hold `size.activities` activities (spread over
 * ten areas), each with `size.occurrences` occurrences citing sources, every status set, and
 * `size.sources` sources and `size.annex` annex items. For the limits' tests and benchmarks.
 */
export function bigPlan(size: PlanSize): PlanDocument {
  const base = smallPlan();
  const sources = Array.from({ length: size.sources }, (_, i) => ({
    id: i + 1,
    url: `https://example.org/evidence/${i + 1}`,
    label: `Evidence ${i + 1}`,
    note: null,
    text: `Evidence ${i + 1}: <https://example.org/evidence/${i + 1}>`,
  }));
  const src = (n: number) => (size.sources === 0 ? [] : [(n % size.sources) + 1]);
  const areaCount = Math.min(10, Math.max(1, size.activities));
  const pad = (s: string) => (size.titleLength ? s.padEnd(size.titleLength, " and more") : s);
  const statuses = ["executed", "ongoing", "planned", "postponed", "cancelled"] as const;
  const areas = Array.from({ length: areaCount }, (_, a) => ({
    code: `3.${a + 1}`,
    title: `Work area ${a + 1}`,
    objective: `To do what work area ${a + 1} is for.`,
    activities: Array.from({ length: Math.ceil(size.activities / areaCount) }, (_, i) => i)
      .filter((i) => i * areaCount + a < size.activities)
      .map((i) => {
        const n = i * areaCount + a;
        return {
          code: `3.${a + 1}.${i + 1}`,
          title: pad(`Activity ${n + 1} of the plan, with its evidence`),
          location: { kind: "virtual", text: "Virtual", city: null, country: null },
          planned: {
            kind: "frequency",
            start: "2023-01-01",
            end: "2023-12-31",
            count: 4,
            text: "4 a year",
          },
          status: {
            code: statuses[n % statuses.length],
            when: null,
            note: null,
            text: "",
            sources: src(n),
          },
          occurrences: Array.from({ length: size.occurrences }, (_, k) => ({
            when: monthOf(k),
            sources: src(n + k),
          })),
          sources: src(n),
          relations: [],
        };
      }),
  }));
  const annex = Array.from({ length: size.annex }, (_, i) => ({
    when: monthOf(i),
    title: `Unplanned activity ${i + 1}`,
    sources: src(i),
  }));
  return PlanDocument.parse({ ...base, areas, annex, sources });
}
