import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LANGUAGES, STATUS_CODES } from "./plan.ts";
import { CODE_OF_WORD, parseStatusLine, shapeWords } from "./status.ts";
import {
  SENTENCE_ORDER,
  type Shape,
  STATUS_GROUP_LABELS,
  STATUS_GROUPS,
  STATUS_TABLE,
  THROUGH_WORDS,
} from "./status-table.ts";

const ctx = { year: 2023 };
const upper = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

describe("the status table", () => {
  it("has an entry for every code, and only those", () => {
    assert.deepEqual(Object.keys(STATUS_TABLE).sort(), [...STATUS_CODES].sort());
  });

  it("gives every English shape its Spanish and Portuguese rows", () => {
    const rows: [string, Shape][] = [["through", THROUGH_WORDS]];
    for (const code of STATUS_CODES) {
      const e = STATUS_TABLE[code];
      e.leading.forEach((row, i) => {
        rows.push([`${code} leading ${i}`, row]);
      });
      e.sentences.forEach((row, i) => {
        rows.push([`${code} sentence ${i}`, row]);
      });
      for (const lang of LANGUAGES) {
        assert.ok(e.label[lang], `${code} label ${lang}`);
        assert.ok(e.dateLine[lang], `${code} date line ${lang}`);
      }
    }
    for (const [where, row] of rows) {
      for (const lang of LANGUAGES) {
        assert.ok(row[lang].length > 0, `${where}: no ${lang} wording`);
        for (const w of row[lang]) assert.equal(w, w.trim().toLowerCase(), `${where}: ${w} folded`);
      }
    }
  });

  it("keeps each leading word to one code", () => {
    const seen = new Map<string, string>();
    for (const code of STATUS_CODES) {
      for (const w of STATUS_TABLE[code].leading.flatMap(shapeWords)) {
        const before = seen.get(w);
        assert.ok(before === undefined || before === code, `"${w}": ${before} and ${code}`);
        seen.set(w, code);
      }
    }
    assert.equal(CODE_OF_WORD.size, seen.size);
  });

  it("reads every leading word, in every language, as its code", () => {
    for (const code of STATUS_CODES) {
      for (const row of STATUS_TABLE[code].leading) {
        for (const lang of LANGUAGES) {
          for (const w of row[lang]) {
            const got = parseStatusLine(`${upper(w)}.`, ctx);
            assert.equal(got.status.code, code, `${lang}: ${w}`);
            assert.equal(got.recognised, true, `${lang}: ${w}`);
          }
        }
      }
    }
  });

  it("tries the sentences of every code that has some", () => {
    for (const code of STATUS_CODES) {
      if (STATUS_TABLE[code].sentences.length > 0) assert.ok(SENTENCE_ORDER.includes(code), code);
    }
  });

  it("reads the same sentence in en, es and pt as the same code", () => {
    const same: [string, string, string, string][] = [
      [
        "executed",
        "It was executed with special attention from the Secretariat.",
        "Fue ejecutado con especial atención de la Secretaría.",
        "Foi executado com especial atenção da Secretaria.",
      ],
      [
        "superseded",
        "The topic was addressed cross-sectionally in the other groups.",
        "El tema fue abordado de forma transversal en los otros grupos.",
        "O tema foi abordado de forma transversal nos outros grupos.",
      ],
      [
        "superseded",
        "The topic was addressed cross-sectionally in the other groups.",
        "El tema fue abordado transversalmente en los otros grupos.",
        "O tema foi abordado transversalmente nos outros grupos.",
      ],
      [
        "postponed",
        "The meeting was postponed to 2024.",
        "La reunión fue pospuesta para 2024.",
        "A reunião foi adiada para 2024.",
      ],
      [
        "cancelled",
        "The webinar was cancelled.",
        "El seminario web fue cancelado.",
        "O webinar foi cancelado.",
      ],
      [
        "scheduled",
        "The webinar will be held on November 20.",
        "El seminario web se realizará el 20 de noviembre.",
        "O webinar será realizado em 20 de novembro.",
      ],
      [
        "executed_otherwise",
        "Carried out through a concept note.",
        "Realizado a través de una nota conceptual.",
        "Realizado por meio de uma nota conceitual.",
      ],
      [
        "in_progress",
        "The document is in progress.",
        "El documento está en proceso.",
        "O documento está em andamento.",
      ],
    ];
    for (const [code, ...lines] of same) {
      for (const line of lines) assert.equal(parseStatusLine(line, ctx).status.code, code, line);
    }
  });

  it("reads every group label as a code of that group", () => {
    for (const group of STATUS_GROUPS) {
      for (const lang of LANGUAGES) {
        const label = STATUS_GROUP_LABELS[group][lang];
        const code = parseStatusLine(`${label}.`, ctx).status.code;
        assert.equal(STATUS_TABLE[code].group, group, `${lang}: ${label} read as ${code}`);
      }
    }
  });

  it("counts only what was held in the rate's numerator, and sets apart what is not expected", () => {
    for (const code of STATUS_CODES) {
      const e = STATUS_TABLE[code];
      assert.equal(e.rate === "numerator", e.held, code);
    }
    assert.equal(STATUS_TABLE.cancelled.rate, "apart");
    assert.equal(STATUS_TABLE.unclassified.rate, "apart");
    assert.equal(STATUS_TABLE.superseded.rate, "denominator");
  });

  it("says 'Held' only for what was held, and 'To be held' for what is scheduled", () => {
    for (const code of STATUS_CODES) {
      const heldWords = STATUS_TABLE[code].dateLine.en === "Held";
      assert.equal(heldWords, STATUS_TABLE[code].held, code);
    }
    assert.deepEqual(STATUS_TABLE.scheduled.dateLine, {
      en: "To be held",
      es: "A realizarse",
      pt: "A realizar-se",
    });
  });
});
