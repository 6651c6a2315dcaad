// CONTRACT (being implemented): parse and write fuzzy timings in en/es/pt.
import type { Language, Timing } from "./plan.ts";

export type TimingContext = { year: number };

/** The timing a wording denotes inside the plan year, or null when it is not one. */
export function parseTiming(_text: string, _ctx: TimingContext): Timing | null {
  throw new Error("not implemented yet");
}

/** The timing written in `lang` ("2nd semester", "2do. semestre", "2º semestre"). */
export function formatTiming(_t: Timing, _lang: Language): string {
  throw new Error("not implemented yet");
}
