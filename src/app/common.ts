import { z } from "zod";
import { AppError } from "../core/errors.ts";
import { type Activity, Language, SourceId, type Timing } from "../core/plan.ts";
import { completeTiming, StatusCodeInput, TimingInput } from "../core/write-input.ts";
import type { Deps } from "./deps.ts";

// Pieces every plan-content use case shares: how a plan is named in an input, the
// optimistic-concurrency version, the language wordings are written in.

export const PlanKey = {
  network: z.string().min(1),
  year: z.number().int(),
  /**
   * The plan's revision the caller last saw (an If-Match naming the plan document's ETag):
   * the write applies only if nothing in the plan changed since. Absent: any revision.
   */
  expectedRevision: z.number().int().nonnegative().optional(),
};

/**
 * The version of the thing written the caller last saw (an If-Match naming its own ETag):
 * a stale one changes nothing. Absent: the current version (last writer wins).
 */
export const ExpectedVersion = z.number().int().positive().optional();

/** The language of the wordings given; default the plan's stored language. */
export const Lang = Language.optional();

/**
 * Why planned content changes: recorded with the amendment when the plan is approved
 * (blank: a default reason); ignored while the plan is a draft or submitted.
 */
export const Reason = z.string().max(2000).optional();

/** The planned content of an activity (what an amendment compares): not its execution. */
export const plannedActivity = (a: Activity) => ({
  code: a.code,
  title: a.title,
  location: a.location,
  planned: a.planned,
  relations: a.relations,
});

export const nowIso = (deps: Pick<Deps, "clock">) => deps.clock().toISOString();

export function notFound(what: string): never {
  throw new AppError("not_found", `no such ${what}`);
}

/** `existing` followed by the ids of `more` not in it yet, in order. */
export function mergeIds(existing: readonly number[], ...more: (readonly number[])[]): number[] {
  const out = [...existing];
  for (const list of more) for (const id of list) if (!out.includes(id)) out.push(id);
  return out;
}

/** Evidence given with a write: a new source to add to the plan. */
export const Evidence = z.object({
  url: z
    .string()
    .regex(/^https?:\/\/\S+$/i, "an http(s) URL")
    .nullable(),
  label: z.string().nullable().default(null),
  note: z.string().nullable().default(null),
  text: z.string().nullable().default(null),
});
export type Evidence = z.infer<typeof Evidence>;

/**
 * A timing given with a write, completed inside the plan's year: the window its kind
 * implies and, when no wording was given, one written in the write's language.
 */
export const timingIn = (w: { lang: Language; plan: { year: number } }, t: TimingInput): Timing =>
  completeTiming(t, w.lang, w.plan.year);

/** A status given with a write: its code by code or label, its time as a TimingInput. */
export const StatusInput = z.object({
  code: StatusCodeInput,
  when: TimingInput.nullable().default(null),
  note: z.string().nullable().default(null),
  /** The status line as written; empty when the status is only structured. */
  text: z.string().default(""),
  sources: z.array(SourceId).default([]),
});
