import type { Timing, TimingKind } from "../core/plan.ts";

// A timing is stored as four columns (<prefix>_kind/_start/_end/_count) plus its wording,
// which is translatable and so lives in `texts`. timingColumns writes them, timingFrom
// reads them back: the one place that knows the layout.

type Cols<P extends string, K> = { [C in `${P}_kind`]: K } & {
  [C in `${P}_start` | `${P}_end`]: string | null;
} & { [C in `${P}_count`]: number | null };

/** The four columns of a timing under `prefix` (all null for no timing). */
export function timingColumns<P extends string>(prefix: P, t: Timing): Cols<P, string>;
export function timingColumns<P extends string>(
  prefix: P,
  t: Timing | null,
): Cols<P, string | null>;
export function timingColumns<P extends string>(
  prefix: P,
  t: Timing | null,
): Cols<P, string | null> {
  const [kind, start, end, count] = columnNames(prefix);
  const cols: Record<string, string | number | null> = {};
  cols[kind] = t?.kind ?? null;
  cols[start] = t?.start ?? null;
  cols[end] = t?.end ?? null;
  cols[count] = t?.count ?? null;
  return cols as Cols<P, string | null>;
}

/** The column names under a prefix, made once each (a few prefixes, thousands of rows). */
const names = new Map<string, readonly [string, string, string, string]>();
function columnNames(prefix: string): readonly [string, string, string, string] {
  let n = names.get(prefix);
  if (!n) {
    n = [`${prefix}_kind`, `${prefix}_start`, `${prefix}_end`, `${prefix}_count`];
    names.set(prefix, n);
  }
  return n;
}

/** The timing stored under `prefix` in a row, with its wording; null when its kind is null. */
export function timingFrom<P extends string>(prefix: P, row: Cols<P, string>, text: string): Timing;
export function timingFrom<P extends string>(
  prefix: P,
  row: Cols<P, string | null>,
  text: string,
): Timing | null;
export function timingFrom<P extends string>(
  prefix: P,
  row: Cols<P, string | null>,
  text: string,
): Timing | null {
  const r = row as unknown as Record<string, string | number | null>;
  const kind = r[`${prefix}_kind`] as TimingKind | null;
  if (kind === null) return null;
  return {
    kind,
    start: r[`${prefix}_start`] as string | null,
    end: r[`${prefix}_end`] as string | null,
    count: r[`${prefix}_count`] as number | null,
    text,
  };
}
