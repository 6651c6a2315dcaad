/**
 * Backslash escaping of content written into Markdown, and its exact inverse. Our own
 * citation markers `[^N]` pass through untouched; every other character Markdown could
 * read as syntax is escaped, so a title like `*Draft* <b>` shows as written.
 */

import { LANGUAGES, type Language } from "../core/plan.ts";
import { labels } from "./labels.ts";

// Escaped anywhere.
const ALWAYS = new Set(["\\", "*", "_", "`", "<", ">", "[", "]"]);
// Everything escapeMarkdown may put a backslash before (unescapeMarkdown undoes exactly these).
const UNESCAPE = /\\([\\*_`<>[\]#+\-.)&])/g;
const MARKER_AT = /\[\^\d+\]/y;
// A character reference (`&amp;`, `&#38;`) would be decoded by a Markdown reader.
const ENTITY_AT = /&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/iy;
// Block syntax a line may open with: heading, list item, ordered list item.
const LINE_START = /[ \t]*(?:(#)|([-+])|(\d{1,9})([.)]))/y;

/**
 * The text escaped for Markdown: `\ * _ \` < > [ ]` anywhere (except inside `[^N]`
 * markers), a character reference's `&`, a trailing `#`, and a line-leading `#`, `-`,
 * `+` or `1.`/`1)`. unescapeMarkdown undoes it exactly.
 */
export function escapeMarkdown(text: string): string {
  let out = "";
  let i = 0;
  let lineStart = true;
  while (i < text.length) {
    if (lineStart) {
      lineStart = false;
      LINE_START.lastIndex = i;
      const m = LINE_START.exec(text);
      if (m) {
        const [whole, hash, bullet, digits, delim] = m;
        const lead = whole.slice(0, whole.length - (hash ?? bullet ?? `${digits}${delim}`).length);
        out += lead;
        if (hash !== undefined || bullet !== undefined) out += `\\${hash ?? bullet}`;
        else out += `${digits}\\${delim}`;
        i += whole.length;
        continue;
      }
    }
    const ch = text[i] as string;
    if (ch === "[") {
      MARKER_AT.lastIndex = i;
      const m = MARKER_AT.exec(text);
      if (m) {
        out += m[0];
        i += m[0].length;
        continue;
      }
    }
    if (ch === "&") {
      ENTITY_AT.lastIndex = i;
      if (ENTITY_AT.test(text)) {
        out += "\\&";
        i++;
        continue;
      }
    }
    if (ALWAYS.has(ch) || (ch === "#" && (i === text.length - 1 || text[i + 1] === "\n"))) {
      out += `\\${ch}`;
    } else {
      out += ch;
      if (ch === "\n") lineStart = true;
    }
    i++;
  }
  return out;
}

/** The text before escapeMarkdown: unescapeMarkdown(escapeMarkdown(s)) === s for every s. */
export function unescapeMarkdown(text: string): string {
  return text.replace(UNESCAPE, "$1");
}

/**
 * The mark after a text shown in `lang` in a Markdown report in another language:
 * ` _(en inglés)_`. Its underscores are unescaped, which escaped content never is, so the
 * importer tells a mark from content (stripLanguageMark).
 */
export function languageMark(lang: Language, reportLang: Language): string {
  return ` _${labels(reportLang).inLanguage(lang)}_`;
}

const MARKS = new Set(
  LANGUAGES.flatMap((r) => LANGUAGES.filter((l) => l !== r).map((l) => languageMark(l, r))),
);
const MARK_AT_END = / _\([^()_\\]{1,40}\)_$/;

/** A line of a Markdown report without the language marks at its end. */
export function stripLanguageMark(line: string): string {
  let out = line;
  for (let m = MARK_AT_END.exec(out.trimEnd()); m && MARKS.has(m[0]); ) {
    out = out.trimEnd().slice(0, m.index);
    m = MARK_AT_END.exec(out);
  }
  return out;
}
