import { z } from "zod";
import * as core from "../core/plan.ts";
import { Language, Network } from "../core/plan.ts";
import * as write from "../core/write-input.ts";
import { Problem } from "./errors.ts";

// Schemas of the HTTP surface: path params, query strings and the responses that are
// not a core type. Core types (PlanDocument, Activity, ...) are used as they are.

export const NetParams = z.object({ net: Network.shape.slug });
export const PlanParams = NetParams.extend({
  year: z.coerce.number().int().min(1900).max(2200),
});
export const AreaParams = PlanParams.extend({
  code: z.string().regex(/^\d+\.\d+$/, "a code like 3.1"),
});
export const ActivityParams = PlanParams.extend({
  code: z.string().regex(/^\d+\.\d+\.\d+$/, "a code like 3.1.5"),
});
export const SourceParams = PlanParams.extend({ id: z.coerce.number().int().positive() });

export const LangQuery = z.object({
  lang: Language.optional().describe("The language to answer in (default: the plan's own)"),
});

/** Why planned content changes; recorded with the amendment once the plan is approved. */
export const AmendmentReason = z
  .string()
  .max(2000)
  .optional()
  .describe(
    'Why the planned content changes. On an approved plan the change is recorded as an amendment with this reason (default "changed after approval"); ignored before approval.',
  );

export const Links = z.record(z.string(), z.string()).meta({ id: "Links" });

export const NetworkOut = z
  .object({ slug: z.string(), name: z.string(), links: Links })
  .meta({ id: "Network" });

export const PlanSummaryOut = z
  .object({
    network: z.string(),
    year: z.number().int(),
    title: z.string(),
    language: Language,
    originalLanguage: Language,
    lifecycleStatus: z.enum(["draft", "submitted", "approved"]),
    reportStatus: z.enum(["draft", "approved", "published"]),
    presentedAt: z.number().int().nullable(),
    version: z.number().int().describe("The version of the plan's own fields"),
    revision: z.number().int().describe("Bumped by any change in the plan"),
    updatedAt: z.string(),
    links: Links,
  })
  .meta({ id: "PlanSummary" });

/** Responses every route may give: problem details. */
export const problems = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [
      s,
      {
        description: PROBLEM_DESCRIPTIONS[s] ?? "A problem",
        content: { "application/problem+json": { schema: Problem } },
      },
    ]),
  );

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: "A field is wrong (errors[].path names it)",
  401: "No valid credentials",
  403: "Your role may not do this here",
  404: "Not there, or not public",
  409: "Contradicts the current state",
  412: "If-Match (or a list's cursor) names a version that is no longer current; nothing changed",
  413: "The body is over the size limit",
  415: "This content type is not accepted here",
  422: "The file could not be read (errors[].line says where)",
  429: "Too many failed attempts to authenticate",
};

/** The security requirement of routes that accept (reads) or need (writes) credentials. */
type Security = { [name: string]: readonly string[] }[];
export const SECURITY: Security = [{ bearer: [] }, { session: [] }];
export const OPTIONAL_SECURITY: Security = [{}, { bearer: [] }, { session: [] }];

// The core types, named so the OpenAPI document refers to them instead of repeating them.
export const PlanDocument = core.PlanDocument.meta({ id: "PlanDocument" });
export const Area = core.Area.meta({ id: "Area" });
export const Activity = core.Activity.meta({ id: "Activity" });
export const Source = core.Source.meta({ id: "Source" });
export const AnnexItem = core.AnnexItem.meta({ id: "AnnexItem" });
export const Timing = core.Timing.meta({ id: "Timing" });
export const Location = core.Location.meta({ id: "Location" });
export const Status = core.Status.meta({ id: "Status" });
export const Occurrence = core.Occurrence.meta({ id: "Occurrence" });
export const Relation = core.Relation.meta({ id: "Relation" });

/** A timing in a request: its kind and only what the kind needs (see core/write-input.ts). */
export const TimingInput = write.TimingInput.meta({
  id: "TimingRequest",
  description: `A timing as a request gives it: its kind and only what the kind needs; missing dates default to the window the kind implies, a missing \`text\` is written from the structure in the request's \`lang\` (default: the plan's original language), a given one is kept verbatim. ${write.TIMING_ACCEPTED.join("; ")}.`,
  examples: [
    { kind: "date", start: "2023-11-10" },
    { kind: "range", start: "2023-11-20", end: "2023-11-22" },
    { kind: "semester", start: "2023-07-01" },
    { kind: "frequency", count: 4 },
  ],
});

/** A status code in a request: the code or one of its labels in en/es/pt. */
export const StatusCodeInput = write.StatusCodeInput.describe(
  `A status code (${core.STATUS_CODES.join(", ")}) or one of its labels in en/es/pt, case and accents aside ("executed", "Ejecutada", "realizada", "in progress", "en curso"); a label naming several codes is refused with them listed.`,
);
