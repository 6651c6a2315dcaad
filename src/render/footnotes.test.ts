import assert from "node:assert/strict";
import { test } from "node:test";
import type { Source } from "../core/plan.ts";
import { footnoteNumbering, footnoteText, splitFootnote } from "./footnotes.ts";
import { labels, toRoman } from "./labels.ts";

const src = (id: number, s: Partial<Source> = {}): Source => ({
  id,
  url: null,
  label: null,
  note: null,
  text: null,
  ...s,
});

test("footnoteText: as written, else label: <url>, <url>, or the note", () => {
  assert.equal(
    footnoteText(src(1, { text: "² as written", url: "https://x.org" })),
    "² as written",
  );
  assert.equal(
    footnoteText(src(1, { label: "Source", url: "https://x.org" })),
    "Source: <https://x.org>",
  );
  assert.equal(footnoteText(src(1, { url: "https://x.org" })), "<https://x.org>");
  assert.equal(footnoteText(src(1, { note: "A remark." })), "A remark.");
  assert.equal(
    footnoteText(src(1, { url: "https://x.org", note: "See p. 3." })),
    "<https://x.org> See p. 3.",
  );
});

test("numbering: first citation order through the document, flushed per section, uncited last", () => {
  const fn = footnoteNumbering([src(1), src(2), src(3), src(4), src(5)]);
  assert.equal(fn.cite("a[^4] b[^2]"), "a[^1] b[^2]");
  assert.deepEqual(
    fn.flush().map((f) => [f.number, f.id]),
    [
      [1, 4],
      [2, 2],
    ],
  );
  assert.equal(fn.cite("again[^4] new[^5] gone[^9]"), "again[^1] new[^3] gone[^4]");
  assert.deepEqual(
    fn.flush().map((f) => [f.number, f.id, f.found]),
    [
      [3, 5, true],
      [4, 9, false],
    ],
  );
  assert.deepEqual(fn.flush(), []);
  assert.deepEqual(
    fn.rest().map((f) => [f.number, f.id]),
    [
      [5, 1],
      [6, 3],
    ],
  );
  assert.deepEqual(
    [...fn.map],
    [
      [4, 1],
      [2, 2],
      [5, 3],
      [9, 4],
      [1, 5],
      [3, 6],
    ],
  );
});

test("splitFootnote finds autolinks, bare links and www links; only http(s) gets a url", () => {
  assert.deepEqual(splitFootnote("Source: Bylaws: <https://x.org/a_b>"), [
    { text: "Source: Bylaws: " },
    { written: "<https://x.org/a_b>", url: "https://x.org/a_b" },
  ]);
  assert.deepEqual(splitFootnote("see https://x.org/a. Then www.y.org/b), ok"), [
    { text: "see " },
    { written: "https://x.org/a", url: "https://x.org/a" },
    { text: ". Then " },
    { written: "www.y.org/b", url: "https://www.y.org/b" },
    { text: "), ok" },
  ]);
  assert.deepEqual(splitFootnote("<javascript:alert(1)>"), [
    { written: "<javascript:alert(1)>", url: null },
  ]);
  assert.deepEqual(splitFootnote("just words"), [{ text: "just words" }]);
});

test("labels: roman numerals, long dates, original language, title", () => {
  assert.equal(toRoman(17), "XVII");
  assert.equal(toRoman(1994), "MCMXCIV");
  assert.throws(() => toRoman(0), RangeError);
  assert.equal(labels("en").longDate("2023-11-21"), "November 21, 2023");
  assert.equal(labels("es").longDate("2023-11-21"), "21 de noviembre de 2023");
  assert.equal(labels("pt").longDate("2023-03-01"), "1 de março de 2023");
  assert.equal(labels("en").original("es"), "ORIGINAL: SPANISH");
  assert.equal(labels("es").original("es"), "ORIGINAL: ESPAÑOL");
  assert.equal(labels("pt").original("es"), "ORIGINAL: ESPANHOL");
  assert.equal(labels("pt").title(2024), "Relatório do PLANO DE TRABALHO 2024");
  assert.equal(labels("es").assembly("XVII", "Red GEALC"), "XVII Asamblea Anual de la Red GEALC");
});
