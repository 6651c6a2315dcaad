/**
 * Inline citation markers. Texts keep a footnote reference where it was written, as
 * `[^N]` (N is a source id), so a renderer can put the footnote back in the same place.
 */

const MARKER = /\[\^(\d+)\]/g;

export type Segment = { text: string } | { source: number };

/** The source ids a text cites, in order of first citation, without repeats. */
export function citedIds(text: string): number[] {
  const ids: number[] = [];
  // Most texts cite nothing: no regular expression for them (a page asks for hundreds).
  if (!text.includes("[^")) return ids;
  for (const m of text.matchAll(MARKER)) {
    const id = Number(m[1]);
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** The text with every citation marker removed (for search, titles in lists, matching). */
export function stripCitations(text: string): string {
  return text.includes("[^") ? text.replace(MARKER, "") : text;
}

/** The text cut into plain runs and citations, in order; plain runs are never empty. */
export function splitCitations(text: string): Segment[] {
  if (!text.includes("[^")) return text === "" ? [] : [{ text }];
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(MARKER)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ text: text.slice(last, at) });
    out.push({ source: Number(m[1]) });
    last = at + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

/** The text with each marker's id replaced through `map` (ids not in the map are kept). */
export function renumberCitations(text: string, map: ReadonlyMap<number, number>): string {
  if (!text.includes("[^")) return text;
  return text.replace(MARKER, (whole, n: string) => {
    const to = map.get(Number(n));
    return to === undefined ? whole : `[^${to}]`;
  });
}

/** A marker for source `id`. */
export function marker(id: number): string {
  return `[^${id}]`;
}
