import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isAppError } from "../core/errors.ts";
import { decodeLines, normalizeMarkers } from "./decode.ts";

describe("normalizeMarkers", () => {
  const cases: [string, string][] = [
    ["Executed².", "Executed[^2]."],
    ["May ⁶,", "May [^6],"],
    ["Executed ¹⁸.", "Executed [^18]."],
    ["September ¹⁰, October ¹¹).", "September [^10], October [^11])."],
    ["Working group meetings³⁴", "Working group meetings[^34]"],
    ["in Washington,⁵⁵D.C.", "in Washington,[^55]D.C."],
    ["Intelligence²¹ad-hoc group", "Intelligence[^21]ad-hoc group"],
    ["⁵⁴ www.redGEALC.org", "[^54] www.redGEALC.org"],
    ["Executed[^6].", "Executed[^6]."],
    ["[^2]: <https://x.org/>", "[^2]: <https://x.org/>"],
    ["Executed^6 and ^12.", "Executed[^6] and [^12]."],
    ["no markers here", "no markers here"],
  ];
  for (const [from, to] of cases)
    it(`${from} -> ${to}`, () => assert.equal(normalizeMarkers(from), to));
});

describe("decodeLines", () => {
  const bytes = (s: string) => new TextEncoder().encode(s);

  it("strips a BOM and reads CRLF, CR and LF line ends alike", () => {
    assert.deepEqual(decodeLines(bytes("\uFEFFa\r\nb\rc\nd"), "f.txt"), ["a", "b", "c", "d"]);
    assert.deepEqual(decodeLines("\uFEFFa\r\nb", "f.txt"), ["a", "b"]);
  });

  it("keeps line numbers (blank lines stay)", () => {
    assert.deepEqual(decodeLines("\n\nx\r\n\r\ny", "f.txt"), ["", "", "x", "", "y"]);
  });

  it("makes non-breaking and other Unicode spaces plain spaces", () => {
    assert.deepEqual(decodeLines("Location:\u00a0Brasilia.\u2009x\u202fy\u3000z", "f.txt"), [
      "Location: Brasilia. x y z",
    ]);
  });

  it("writes footnote references as [^N]", () => {
    assert.deepEqual(decodeLines(bytes("Executed (May ⁶, June ⁷).\n¹Source: x"), "f.txt"), [
      "Executed (May [^6], June [^7]).",
      "[^1]Source: x",
    ]);
  });

  const refuses = (input: Uint8Array | string, line: number) => {
    assert.throws(
      () => decodeLines(input, "bad.bin"),
      (e: unknown) =>
        isAppError(e) &&
        e.code === "parse_error" &&
        e.message === `bad.bin:${line}: not a text file` &&
        e.details[0]?.line === line,
    );
  };

  it("refuses NUL bytes, naming the line", () => {
    refuses(new Uint8Array([0x61, 0x0a, 0x62, 0x0a, 0x00, 0x01]), 3);
    refuses("a\nb\u0000", 2);
  });

  it("refuses invalid UTF-8, naming the line", () => {
    refuses(new Uint8Array([0x61, 0x0a, 0xff, 0x62]), 2); // a stray byte
    refuses(new Uint8Array([0x0a, 0x0a, 0x0a, 0x61, 0xc3]), 4); // a cut sequence
    refuses(new Uint8Array([0xc0, 0xaf]), 1); // an overlong form
    refuses(new Uint8Array([0xed, 0xa0, 0x80]), 1); // a UTF-16 surrogate
    // Latin-1 text is not UTF-8.
    refuses(new Uint8Array([0x61, 0x0a, 0x50, 0x65, 0x72, 0xfa]), 2);
  });

  it("accepts 2-, 3- and 4-byte sequences", () => {
    assert.deepEqual(decodeLines(bytes("Perú ⁴ 😀"), "f.txt"), ["Perú [^4] 😀"]);
  });
});
