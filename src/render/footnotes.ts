/**
 * Footnote numbering for a rendered report. Sources keep their ids in the plan; a report
 * numbers them 1, 2, 3... in order of first citation through the document as rendered,
 * so a plan whose ids are out of order still reads in order. Sources never cited go last.
 */
import { citedIds, renumberCitations } from "../core/citations.ts";
import type { Source } from "../core/plan.ts";

export type Footnote = {
  /** The display number. */
  number: number;
  /** The source id in the plan. */
  id: number;
  /** The footnote's text as it is to be shown (see footnoteText); "" for a missing source. */
  text: string;
  /** False for a marker whose id names no source of the plan. */
  found: boolean;
};

/** A source's footnote text: as written when known, else `label: <url>`, `<url>` or the note. */
export function footnoteText(source: Source): string {
  if (source.text !== null) return source.text;
  const parts: string[] = [];
  if (source.url !== null) {
    parts.push(source.label !== null ? `${source.label}: <${source.url}>` : `<${source.url}>`);
  } else if (source.label !== null) {
    parts.push(source.label);
  }
  if (source.note !== null) parts.push(source.note);
  return parts.join(" ");
}

export type FootnoteNumbering = {
  /** The text with its markers renumbered; its new ids get the next display numbers. */
  cite(text: string): string;
  /** What `cite` numbers, without writing the text anew (for the numbers alone). */
  count(text: string): void;
  /** The footnotes first cited since the previous flush, in number order. */
  flush(): Footnote[];
  /** Numbers every source not cited yet and returns all footnotes not flushed yet. */
  rest(): Footnote[];
  /** Source id -> display number, as assigned so far. */
  readonly map: ReadonlyMap<number, number>;
};

/**
 * Numbering that follows the document: call `cite` on every text in the order it is
 * rendered, and `flush` where a group of footnote definitions is to be written.
 */
export function footnoteNumbering(sources: readonly Source[]): FootnoteNumbering {
  const byId = new Map(sources.map((s) => [s.id, s] as const));
  const map = new Map<number, number>();
  const all: Footnote[] = [];
  let flushed = 0;
  const assign = (id: number): void => {
    if (map.has(id)) return;
    const number = map.size + 1;
    map.set(id, number);
    const source = byId.get(id);
    all.push({
      number,
      id,
      text: source ? footnoteText(source) : "",
      found: source !== undefined,
    });
  };
  const flush = (): Footnote[] => {
    const out = all.slice(flushed);
    flushed = all.length;
    return out;
  };
  return {
    cite(text) {
      for (const id of citedIds(text)) assign(id);
      return renumberCitations(text, map);
    },
    count(text) {
      for (const id of citedIds(text)) assign(id);
    },
    flush,
    rest() {
      for (const s of sources) assign(s.id);
      return flush();
    },
    map,
  };
}

/** A piece of footnote text: plain words, or a link as written (`<https://…>`, bare, `www.…`). */
export type FootnotePart = { text: string } | { written: string; url: string | null };

// `<…>` autolinks (any scheme), bare http(s) links and scheme-less `www.` links.
const LINK = /<([a-z][a-z0-9+.-]{1,31}:[^<>\s]*)>|\bhttps?:\/\/[^\s<>]+|\bwww\.[^\s<>]+/gi;
const TRAILING_PUNCT = /[.,;:!?'"]+$/;

/**
 * Footnote text cut into words and links. `url` is the http(s) address a link leads to
 * (for `www.x` the https form, as the plan model stores it), or null for any other scheme.
 */
export function splitFootnote(text: string): FootnotePart[] {
  const out: FootnotePart[] = [];
  let last = 0;
  const push = (t: string) => {
    if (t === "") return;
    const prev = out[out.length - 1];
    if (prev && "text" in prev) prev.text += t;
    else out.push({ text: t });
  };
  for (const m of text.matchAll(LINK)) {
    const at = m.index ?? 0;
    let written = m[0];
    let target: string;
    if (m[1] !== undefined) {
      target = m[1];
    } else {
      // A bare link does not take the sentence's final punctuation, nor an unopened ")".
      written = written.replace(TRAILING_PUNCT, "");
      if (written.endsWith(")") && !written.includes("(")) written = written.slice(0, -1);
      target = written;
    }
    push(text.slice(last, at));
    const url = /^https?:\/\/\S+$/i.test(target)
      ? target
      : /^www\./i.test(target)
        ? `https://${target}`
        : null;
    out.push({ written, url });
    last = at + written.length;
  }
  push(text.slice(last));
  return out;
}
