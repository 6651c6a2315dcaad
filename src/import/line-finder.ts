// Finds the line of a report a hint points at, to say `FILE:LINE: message` about what was
// read from it (a matched translation says which of its lines did not match).

const SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹";
const plainDigits = (s: string) =>
  s.replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]/g, (d) => String(SUPERSCRIPT.indexOf(d)));

/**
 * A function from a hint to its 1-based line in `text` (1 when not found): "^12" is the line
 * footnote 12 is written on; any other hint, the first line that starts with it, else that
 * holds it.
 */
export function lineFinder(text: string): (hint: string | null) => number {
  const lines = text
    .replace(/^\uFEFF/, "")
    .split(/\r\n|\r|\n/)
    .map(plainDigits);
  return (hint) => {
    if (hint === null) return 1;
    const note = /^\^(\d+)$/.exec(hint);
    if (note) {
      const n = note[1];
      const re = new RegExp(`^\\s*(\\[\\^${n}\\]:|${n}\\s)`);
      const i = lines.findIndex((l) => re.test(l));
      return i < 0 ? 1 : i + 1;
    }
    const h = plainDigits(hint).trim();
    let i = lines.findIndex((l) => l.trimStart().startsWith(h));
    if (i < 0) i = lines.findIndex((l) => l.includes(h));
    return i < 0 ? 1 : i + 1;
  };
}
