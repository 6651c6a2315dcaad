import type { Timing, TimingKind } from "../core/plan.ts";

// A timing is stored as four columns (<prefix>_kind/_start/_end/_count) plus its wording,
// which is translatable and so lives in `texts`.

export type TimingCols = {
  kind: string;
  start: string | null;
  end: string | null;
  count: number | null;
};

export function timingCols(t: Timing): TimingCols {
  return { kind: t.kind, start: t.start, end: t.end, count: t.count };
}

export function toTiming(c: TimingCols, text: string): Timing {
  return { kind: c.kind as TimingKind, start: c.start, end: c.end, count: c.count, text };
}
