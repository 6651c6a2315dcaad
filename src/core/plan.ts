import { z } from "zod";

/**
 * The plan document: one network's Annual Work Plan and its execution, in one language.
 * Field names are a public contract ("workplan.plan/v1"): other tools rely on them.
 *
 * Texts that cite evidence carry inline citation markers written `[^N]`, where N is the
 * id of an entry of `sources` (see citations.ts). Renderers turn them into footnotes.
 */

export const LANGUAGES = ["en", "es", "pt"] as const;
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

const isoDate = z.iso.date();
const countryCode = z.string().regex(/^[A-Z]{2}$/, "an ISO 3166-1 alpha-2 code, e.g. BR");

export const TIMING_KINDS = [
  "date",
  "range",
  "month",
  "quarter",
  "semester",
  "year",
  "frequency",
  "unspecified",
] as const;
export const TimingKind = z.enum(TIMING_KINDS);
export type TimingKind = z.infer<typeof TimingKind>;

/**
 * A planned or actual time, as fuzzy as people write it ("2nd. semester", "4 a year").
 * `start`/`end` are the window it resolves to inside the plan year (inclusive ISO dates);
 * `count` is the number of times a year for `frequency`; `text` is the original wording.
 * Every kind but "unspecified" has both dates, start <= end, and only "frequency" (always)
 * has a count.
 */
export const Timing = z
  .object({
    kind: TimingKind,
    start: isoDate.nullable(),
    end: isoDate.nullable(),
    count: z.number().int().positive().nullable(),
    text: z.string(),
  })
  .superRefine((t, ctx) => {
    // Only "unspecified" may leave its window open; a window never ends before it starts.
    if (t.kind !== "unspecified") {
      for (const edge of ["start", "end"] as const) {
        if (t[edge] === null) {
          ctx.addIssue({
            code: "custom",
            path: [edge],
            message: `a ${t.kind} timing has a ${edge}`,
          });
        }
      }
    }
    if (t.start !== null && t.end !== null && t.start > t.end) {
      ctx.addIssue({
        code: "custom",
        path: ["end"],
        message: `ends (${t.end}) before it starts (${t.start})`,
      });
    }
    if (t.kind === "frequency" && t.count === null) {
      ctx.addIssue({
        code: "custom",
        path: ["count"],
        message: "a frequency says how many times a year",
      });
    }
    if (t.kind !== "frequency" && t.count !== null) {
      ctx.addIssue({
        code: "custom",
        path: ["count"],
        message: `only a frequency has a count, not a ${t.kind}`,
      });
    }
  });
export type Timing = z.infer<typeof Timing>;

export const LOCATION_KINDS = ["place", "virtual", "unspecified"] as const;
export const Location = z.object({
  kind: z.enum(LOCATION_KINDS),
  /** The wording as written, e.g. "Kingston, Jamaica" or "Virtual meetings". */
  text: z.string(),
  city: z.string().nullable(),
  country: countryCode.nullable(),
});
export type Location = z.infer<typeof Location>;

export const STATUS_CODES = [
  "planned",
  "scheduled",
  "in_progress",
  "ongoing",
  "executed",
  "executed_otherwise",
  "superseded",
  "postponed",
  "cancelled",
  /** A status sentence no rule recognised: kept as written until someone says what happened. */
  "unclassified",
] as const;
export const StatusCode = z.enum(STATUS_CODES);
export type StatusCode = z.infer<typeof StatusCode>;

export const SourceId = z.number().int().positive();
export type SourceId = z.infer<typeof SourceId>;

export const Status = z.object({
  code: StatusCode,
  /** When it was held or is to be held, if the status line says so. */
  when: Timing.nullable(),
  /** Free text explaining the status (with citation markers), without the status keyword. */
  note: z.string().nullable(),
  /** The status line as written, with citation markers; empty when there was none. */
  text: z.string(),
  /** Source ids cited in the status line, in order of citation. */
  sources: z.array(SourceId),
});
export type Status = z.infer<typeof Status>;

/** One time a (recurring) activity was actually held, with its evidence. */
export const Occurrence = z.object({
  when: Timing,
  sources: z.array(SourceId),
});
export type Occurrence = z.infer<typeof Occurrence>;

export const RELATION_KINDS = ["joint", "related", "carried_over_from"] as const;
export const Relation = z.object({
  kind: z.enum(RELATION_KINDS),
  /** The other activity's code, e.g. "3.6.4" (for carried_over_from: "2023:3.1.5"). */
  activity: z.string().min(1),
  /** The source (usually a note footnote) that declares the relation. */
  source: SourceId.nullable(),
});
export type Relation = z.infer<typeof Relation>;

const activityCode = z.string().regex(/^\d+\.\d+\.\d+$/, "a code like 3.1.5");
const areaCode = z.string().regex(/^\d+\.\d+$/, "a code like 3.1");

export const Activity = z.object({
  code: activityCode,
  /** The title with citation markers, without the trailing period. */
  title: z.string().min(1),
  location: Location,
  planned: Timing,
  status: Status,
  occurrences: z.array(Occurrence),
  /** Every source id cited anywhere in the activity, in order of citation. */
  sources: z.array(SourceId),
  relations: z.array(Relation),
});
export type Activity = z.infer<typeof Activity>;

/** Whether an activity code lies inside an area's numbering: 3.1.5 is in 3.1, 3.2.9 is not. */
export const isInArea = (activityCode: string, areaCode: string): boolean =>
  activityCode.startsWith(`${areaCode}.`);

export const Area = z.object({
  code: areaCode,
  title: z.string().min(1),
  objective: z.string(),
  activities: z.array(Activity),
});
export type Area = z.infer<typeof Area>;

/** An activity held that the plan did not foresee. */
export const AnnexItem = z.object({
  when: Timing,
  title: z.string().min(1),
  sources: z.array(SourceId),
});
export type AnnexItem = z.infer<typeof AnnexItem>;

/** A footnote: a link to evidence and/or a note, kept exactly as written in `text`. */
export const Source = z.object({
  id: SourceId,
  /** An http(s) link; for a link written without a scheme, the https form of it. */
  url: z
    .string()
    .regex(/^https?:\/\/\S+$/i, "an http(s) URL")
    .nullable(),
  /** Words before the link, e.g. "Source: Red GEALC Bylaws". */
  label: z.string().nullable(),
  /** A footnote that is a remark rather than a link. */
  note: z.string().nullable(),
  /** The footnote as written (after its number); null when made from the fields above. */
  text: z.string().nullable(),
});
export type Source = z.infer<typeof Source>;

export const Governance = z.object({
  year: z.number().int(),
  /** Executive Committee members. */
  committee: z.array(countryCode),
  presidency: countryCode.nullable(),
  technicalSecretariat: z.string().nullable(),
  promotingBody: z.string().nullable(),
});
export type Governance = z.infer<typeof Governance>;

export const Assembly = z.object({
  /** XVII -> 17. */
  ordinal: z.number().int().positive(),
  date: isoDate.nullable(),
  place: Location.nullable(),
});
export type Assembly = z.infer<typeof Assembly>;

export const Network = z.object({
  slug: z.string().regex(/^[a-z0-9-]+$/, "lowercase letters, digits and dashes"),
  name: z.string().min(1),
});
export type Network = z.infer<typeof Network>;

export const PLAN_SCHEMA_ID = "workplan.plan/v1";

export const PlanDocument = z.object({
  schema: z.literal(PLAN_SCHEMA_ID),
  network: Network,
  year: z.number().int().min(1900).max(2200),
  title: z.string().min(1),
  /** The language this document's texts are written in. */
  language: Language,
  /** The language the plan was originally written in ("ORIGINAL: SPANISH"). */
  originalLanguage: Language,
  /** "For PUBLIC distribution (once approved)", as written; null when absent. */
  distribution: z.string().nullable(),
  /** The assembly the report is presented to (header), if any: its ordinal. */
  presentedAt: z.number().int().positive().nullable(),
  governance: z.array(Governance),
  assemblies: z.array(Assembly),
  /** Background and purpose paragraphs, as written (with citation markers). */
  background: z.array(z.string()),
  purpose: z.array(z.string()),
  areas: z.array(Area),
  /** Introduction of the annex of unplanned activities. */
  annexIntro: z.string().nullable(),
  annex: z.array(AnnexItem),
  sources: z.array(Source),
  /**
   * The texts shown in another language than `language` because they have no translation
   * in it: the JSON Pointer (RFC 6901) of each such text → the language it is shown in.
   * Absent when every text is in `language` (see core/language.ts for the rule).
   */
  textLanguages: z.record(z.string(), Language).optional(),
});
export type PlanDocument = z.infer<typeof PlanDocument>;

/** A plan document with its header fields and nothing planned yet (a new draft). */
export function emptyPlan(
  head: Pick<
    PlanDocument,
    "network" | "year" | "title" | "language" | "originalLanguage" | "distribution"
  >,
): PlanDocument {
  return {
    schema: PLAN_SCHEMA_ID,
    network: { ...head.network },
    year: head.year,
    title: head.title,
    language: head.language,
    originalLanguage: head.originalLanguage,
    distribution: head.distribution,
    presentedAt: null,
    governance: [],
    assemblies: [],
    background: [],
    purpose: [],
    areas: [],
    annexIntro: null,
    annex: [],
    sources: [],
  };
}
