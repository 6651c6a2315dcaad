/**
 * Bytes or a string -> clean lines of text, with line numbers kept (line n is lines[n - 1]).
 * Footnote references, however they were written (superscript digits, Markdown `[^6]`,
 * caret `^6`), come out as citation markers `[^6]` (see src/core/citations.ts).
 */
import { parseError } from "../core/errors.ts";
import { stripControlCharacters } from "../core/limits.ts";

const NOT_TEXT = "not a text file";

/** The 1-based line of byte `at` (counting LF bytes before it). */
function lineOfByte(bytes: Uint8Array, at: number): number {
  let line = 1;
  for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** The offset of the first byte that breaks UTF-8 (or is NUL), or -1 when all is well. */
function firstBadByte(b: Uint8Array): number {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i] as number;
    if (c === 0) return i;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return i;
    i += need + 1;
  }
  return -1;
}

const SUPERSCRIPT: Record<string, string> = {
  "⁰": "0",
  "¹": "1",
  "²": "2",
  "³": "3",
  "⁴": "4",
  "⁵": "5",
  "⁶": "6",
  "⁷": "7",
  "⁸": "8",
  "⁹": "9",
};
const SUPERSCRIPT_RUN = /[⁰¹²³⁴-⁹]+/g;
// A caret reference not already inside a Markdown marker `[^6]`.
const CARET = /(?<!\[)\^(\d+)/g;
// Non-breaking and other Unicode spaces (not tabs or line ends).
const ODD_SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;

/** The line with every footnote reference written as `[^N]`, spacing kept exactly. */
export function normalizeMarkers(line: string): string {
  let out = line;
  if (out.includes("^")) out = out.replace(CARET, "[^$1]");
  SUPERSCRIPT_RUN.lastIndex = 0;
  if (SUPERSCRIPT_RUN.test(out)) {
    out = out.replace(SUPERSCRIPT_RUN, (run) => {
      let digits = "";
      for (const ch of run) digits += SUPERSCRIPT[ch];
      return `[^${Number(digits)}]`;
    });
  }
  return out;
}

/**
 * The text as lines: BOM and control characters (but tab) stripped, CRLF/CR made LF, Unicode spaces made plain spaces,
 * footnote references made `[^N]`. Throws a parse error naming the line for a file that
 * is not UTF-8 text (a NUL byte or an invalid sequence).
 */
export function decodeLines(input: Uint8Array | string, fileName: string): string[] {
  let text: string;
  if (typeof input === "string") {
    text = input;
    const nul = text.indexOf("\u0000");
    if (nul >= 0) {
      const line = text.slice(0, nul).split("\n").length;
      throw parseError(fileName, line, NOT_TEXT);
    }
  } else {
    const bad = firstBadByte(input);
    if (bad >= 0) throw parseError(fileName, lineOfByte(input, bad), NOT_TEXT);
    text = new TextDecoder("utf-8").decode(input);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // Other control characters in a report are stray marks in free text: stripped.
  return stripControlCharacters(text)
    .replace(/\r\n?/g, "\n")
    .replace(ODD_SPACES, " ")
    .split("\n")
    .map(normalizeMarkers);
}
