/**
 * Footnote definitions of a text report ("² <https://...>", "¹Source: Red GEALC Bylaws:
 * <https://...>", "⁵⁴ www.redGEALC.org", Markdown "[^2]: <https://...>") -> sources.
 */
import type { Source } from "../core/plan.ts";

// After decoding, every footnote reference is `[^N]`; a definition is a line starting with
// one (Markdown adds a colon right after it).
const DEFINITION = /^\[\^(\d+)\](?::(?=\s|$))?\s*(.*)$/;

/** The id and text (as written after its number) of a footnote definition line, or null. */
export function footnoteDefinition(line: string): { id: number; text: string } | null {
  const m = DEFINITION.exec(line);
  if (!m) return null;
  const id = Number(m[1]);
  if (!Number.isSafeInteger(id) || id < 1) return null;
  return { id, text: (m[2] as string).trimEnd() };
}

// The first link: in angle brackets, or bare with a scheme, or bare starting with "www.".
const LINK = /<([^<>\s]+)>|\b([a-z][a-z0-9+.-]*:(?:\/\/)?[^\s<>]+)|\b(www\.[^\s<>]+)/i;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
// Bare links end before sentence punctuation.
const TRAILING = /[.,;:!?]+$/;

export type ReadSource = { source: Source; warning: string | null };

/** A source from a footnote: url (http(s) only), label (words before the link), note. */
export function readSource(id: number, text: string): ReadSource {
  const base = { id, url: null, label: null, text };
  const trimmed = text.trim();
  if (!trimmed) {
    return { source: { ...base, note: null }, warning: `footnote ${id} is empty` };
  }
  const m = findLink(trimmed);
  if (!m) return { source: { ...base, note: trimmed }, warning: null };
  const scheme = SCHEME.exec(m.link)?.[1]?.toLowerCase();
  if (scheme && scheme !== "http" && scheme !== "https") {
    return {
      source: { ...base, note: trimmed },
      warning: `footnote ${id}: a "${scheme}:" link is not an http(s) URL; kept as a note`,
    };
  }
  const url = scheme ? m.link : `https://${m.link}`;
  const label =
    trimmed
      .slice(0, m.index)
      .replace(/[\s:–—-]+$/, "")
      .trim() || null;
  const after = trimmed.slice(m.index + m.length).trim();
  const note = /[\p{L}\p{N}]/u.test(after) ? after : null;
  return { source: { id, url, label, note, text }, warning: null };
}

function findLink(text: string): { link: string; index: number; length: number } | null {
  const m = LINK.exec(text);
  if (!m) return null;
  const index = m.index;
  if (m[1] !== undefined) {
    // Angle brackets: a scheme or "www." inside, else it is not a link.
    if (!SCHEME.test(m[1]) && !/^www\./i.test(m[1])) return null;
    return { link: m[1], index, length: m[0].length };
  }
  const bare = m[2] ?? m[3] ?? "";
  // "Source:" followed by a space is a label, not a scheme: LINK needs a non-space after ":".
  let link = bare.replace(TRAILING, "");
  if (link.endsWith(")") && !link.includes("(")) link = link.slice(0, -1);
  return { link, index, length: link.length };
}
