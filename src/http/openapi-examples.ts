import { readFileSync } from "node:fs";
import type { PlanDocument } from "../core/plan.ts";
import { problemType } from "./errors.ts";
import { API_PREFIX, activityPath, planPath } from "./paths.ts";

// Examples of the OpenAPI document, taken from the GEALC 2023 plan (examples/gealc-2023):
// what integrators see in the reference and in generated clients is real data, and a test
// validates every example against its schema.

const PLAN_FILE = new URL("../../examples/gealc-2023/plan.json", import.meta.url);

/** The activity shown: held several times, with evidence for each time. */
const ACTIVITY = "3.1.5";

type Examples = {
  /** Component schema name → one example of it. */
  schemas: Record<string, unknown>;
  /** operationId → one example of its JSON request body. */
  requests: Record<string, unknown>;
};

let cached: Examples | null = null;

/** The examples, read once from the GEALC plan. */
export function openApiExamples(): Examples {
  cached ??= build(JSON.parse(readFileSync(PLAN_FILE, "utf8")) as PlanDocument);
  return cached;
}

function build(plan: PlanDocument): Examples {
  const area = plan.areas.find((a) => a.activities.some((x) => x.code === ACTIVITY));
  const activity = area?.activities.find((x) => x.code === ACTIVITY);
  if (!area || !activity) throw new Error(`examples: activity ${ACTIVITY} is not in the plan`);
  const occurrence = activity.occurrences[0];
  const annexItem = plan.annex[0];
  const shortArea = { ...area, activities: [activity] };
  const shortAnnex = annexItem ? [annexItem] : [];
  // The plan, cut to one area with one activity and the sources they cite.
  const cited = new Set<number>();
  const cite = (v: unknown) => {
    for (const m of JSON.stringify(v).matchAll(/\[\^(\d+)\]|"sources":\[([\d,]*)\]/g)) {
      for (const n of (m[1] ?? m[2] ?? "").split(",")) if (n) cited.add(Number(n));
    }
  };
  cite([plan.background, plan.purpose, plan.governance, plan.assemblies, shortArea, shortAnnex]);
  const sources = plan.sources.filter((s) => cited.has(s.id));
  const network = plan.network;
  const self = planPath(network.slug, plan.year);
  const networkSelf = `${API_PREFIX}/networks/${network.slug}`;
  return {
    schemas: {
      PlanDocument: { ...plan, areas: [shortArea], annex: shortAnnex, sources },
      Area: shortArea,
      Activity: activity,
      Status: activity.status,
      Occurrence: occurrence,
      Timing: activity.planned,
      Location: activity.location,
      Source: sources[0],
      AnnexItem: annexItem,
      Network: {
        slug: network.slug,
        name: network.name,
        links: { self: networkSelf, plans: `${networkSelf}/plans` },
      },
      PlanSummary: {
        network: network.slug,
        year: plan.year,
        title: plan.title,
        language: plan.language,
        originalLanguage: plan.originalLanguage,
        lifecycleStatus: "approved",
        reportStatus: "published",
        presentedAt: plan.presentedAt,
        version: 3,
        revision: 42,
        updatedAt: "2024-02-20T14:05:00.000Z",
        links: {
          self,
          report: `${self}/report`,
          areas: `${self}/areas`,
          sources: `${self}/sources`,
          annex: `${self}/annex`,
        },
      },
      Problem: {
        type: problemType("precondition_failed"),
        title: "Precondition failed",
        status: 412,
        detail: `If-Match names a version of activity ${ACTIVITY} that is no longer current.`,
        instance: `${activityPath(network.slug, plan.year, ACTIVITY)}/status`,
        code: "precondition_failed",
        requestId: "0d9f6f8e-2b53-4c4e-9a51-3f1f3c1b7a10",
      },
    },
    requests: {
      setActivityStatus: activity.status,
      recordOccurrence: occurrence,
    },
  };
}
