import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { citedIds } from "./citations.ts";
import { LANGUAGES, type Occurrence, STATUS_CODES, type Status, type Timing } from "./plan.ts";
import {
  formatStatusLine,
  occurrenceProgress,
  type ParsedStatusLine,
  parseStatusLine,
  STATUS_LABELS,
  statusLabel,
  statusSentenceStale,
} from "./status.ts";
import { parseTiming, timingOfDate, timingOfMonth, unspecifiedTiming } from "./timing.ts";

const ctx = { year: 2023 };
const win = (t: Timing | null) => t && [t.kind, t.start, t.end, t.count];

type Expected = {
  code: Status["code"];
  when?: [string, string, string] | null;
  note?: string | null;
  sources?: number[];
  occurrences?: [string, string, number[]][];
  recognised?: boolean;
};

/** Compares what matters: code, when window and wording, note, sources, occurrences. */
function check(
  line: string,
  e: Expected,
  got: ParsedStatusLine = parseStatusLine(line, ctx),
  sameWording = true,
) {
  const { status } = got;
  const whenWording = (w: (string | null)[] | null | undefined) =>
    w && (sameWording ? w : w.slice(0, 2));
  assert.equal(status.code, e.code, "code");
  assert.equal(status.text, line, "text is the input exactly");
  assert.deepEqual(
    whenWording(status.when && [status.when.start, status.when.end, status.when.text]),
    whenWording(e.when) ?? null,
    "when",
  );
  assert.equal(status.note, e.note ?? null, "note");
  assert.deepEqual(status.sources, e.sources ?? [], "sources");
  assert.deepEqual(
    got.occurrences.map((o) => [o.when.start, o.when.end, o.sources]),
    e.occurrences ?? [],
    "occurrences",
  );
  assert.equal(got.recognised, e.recognised ?? true, "recognised");
}

const month = (m: number): [string, string] => {
  const t = timingOfMonth(2023, m, "en");
  return [t.start ?? "", t.end ?? ""];
};

const S_3_2_1 =
  "Executed through decentralized activities for the International Day on Open Data at the request of the Technical Secretariat (OAS)[^19], complemented with our participation in the IDB[^20] webinar .";
const S_3_2_3 =
  "Carried out through a concept note for the new Data Governance and Artificial Intelligence[^21]ad-hoc group.";
const NOTE_3_2_5 =
  "including the creation and launching of work by the Data Governance and Artificial Intelligence[^24]ad-hoc group .";
const NOTE_3_3_3 =
  "it was decided that the region would use as reference the existing documents by the promoting agencies of GEALC Network, such as the OAS Practical Guide for CSIRT, which are disseminated on GEALC Network channels[^27].";
const NOTE_3_4_1 =
  "the IDB-OECD digital government study presented at the Annual Meeting in November 2022 was strongly supported.";
const S_3_4_2 =
  "The topic was addressed cross-sectionally in the other working groups, especially in the public software one.";
const S_3_8_2 =
  "It was executed with special attention from the Technical Secretariat, highlighting, for example, the presence of GEALC Network in the Resolution on Open, Digital, Inclusive and Transparent Government, which is part of the projects included in the Resolution for Strengthening Democracy AG/RES. 3004 (LIII-O/23) approved by the Ministers and High Level Foreign Affairs Authorities of the OAS Member States during the 53rd General Assembly of the Organization of American States (OAS), held on Friday, June 23, 2023 in Washington,[^55]D.C.";

const monthly = (ms: [number, number][]) =>
  ms.map(([m, id]): [string, string, number[]] => [...month(m), [id]]);

/** Every status line of the English 2023 report. */
const SEED: [string, Expected][] = [
  ["Executed[^2].", { code: "executed", sources: [2] }],
  [
    "To be held on November 20[^3].",
    { code: "scheduled", when: ["2023-11-20", "2023-11-20", "November 20"], sources: [3] },
  ],
  ["Executed[^4].", { code: "executed", sources: [4] }],
  [
    "Executed (May [^6], June [^7], July [^8], August [^9], September [^10], October [^11]).",
    {
      code: "executed",
      sources: [6, 7, 8, 9, 10, 11],
      occurrences: monthly([
        [5, 6],
        [6, 7],
        [7, 8],
        [8, 9],
        [9, 10],
        [10, 11],
      ]),
    },
  ],
  ["Executed [^18].", { code: "executed", sources: [18] }],
  [S_3_2_1, { code: "executed_otherwise", note: S_3_2_1, sources: [19, 20] }],
  [
    "To be held on November 20.",
    { code: "scheduled", when: ["2023-11-20", "2023-11-20", "November 20"] },
  ],
  [S_3_2_3, { code: "executed_otherwise", note: S_3_2_3, sources: [21] }],
  [
    "Executed, October 31[^22].",
    { code: "executed", when: ["2023-10-31", "2023-10-31", "October 31"], sources: [22] },
  ],
  [`Executed[^23], ${NOTE_3_2_5}`, { code: "executed", note: NOTE_3_2_5, sources: [23, 24] }],
  [`Status: ${NOTE_3_3_3}`, { code: "superseded", note: NOTE_3_3_3, sources: [27] }],
  [
    "Executed (April[^28], May[^29], June[^30], October[^31])",
    {
      code: "executed",
      sources: [28, 29, 30, 31],
      occurrences: monthly([
        [4, 28],
        [5, 29],
        [6, 30],
        [10, 31],
      ]),
    },
  ],
  [`Executed: ${NOTE_3_4_1}`, { code: "executed", note: NOTE_3_4_1 }],
  [S_3_4_2, { code: "superseded", note: S_3_4_2 }],
  [
    "Executed (March[^35], May[^36], June[^37], August[^38], September[^39]).",
    {
      code: "executed",
      sources: [35, 36, 37, 38, 39],
      occurrences: monthly([
        [3, 35],
        [5, 36],
        [6, 37],
        [8, 38],
        [9, 39],
      ]),
    },
  ],
  ["In progress.", { code: "in_progress" }],
  ["Ongoing[^54].", { code: "ongoing", sources: [54] }],
  [S_3_8_2, { code: "executed", note: S_3_8_2, sources: [55] }],
  [
    "To be held in December.",
    { code: "scheduled", when: ["2023-12-01", "2023-12-31", "December"] },
  ],
  [
    "To be held from November 20 to 22.",
    { code: "scheduled", when: ["2023-11-20", "2023-11-22", "November 20 to 22"] },
  ],
];

describe("parseStatusLine: the English 2023 report", () => {
  for (const [line, expected] of SEED) {
    it(`reads ${line.slice(0, 60)}`, () => check(line, expected));
  }
});

const SPANISH: [string, Expected][] = [
  ["Ejecutado[^2].", { code: "executed", sources: [2] }],
  [
    "A realizarse el 20 de noviembre[^3].",
    { code: "scheduled", when: ["2023-11-20", "2023-11-20", "20 de noviembre"], sources: [3] },
  ],
  [
    "Se realizará el 20 de noviembre.",
    { code: "scheduled", when: ["2023-11-20", "2023-11-20", "20 de noviembre"] },
  ],
  [
    "A realizarse en diciembre.",
    { code: "scheduled", when: ["2023-12-01", "2023-12-31", "diciembre"] },
  ],
  [
    "A realizarse del 20 al 22 de noviembre.",
    { code: "scheduled", when: ["2023-11-20", "2023-11-22", "del 20 al 22 de noviembre"] },
  ],
  [
    "Ejecutado (mayo [^6], junio [^7]).",
    {
      code: "executed",
      sources: [6, 7],
      occurrences: monthly([
        [5, 6],
        [6, 7],
      ]),
    },
  ],
  [
    "Ejecutado, 31 de octubre[^22].",
    { code: "executed", when: ["2023-10-31", "2023-10-31", "31 de octubre"], sources: [22] },
  ],
  ["En proceso.", { code: "in_progress" }],
  // "En curso" is Spanish for in progress (the dashboard's group label says so too).
  ["En curso.", { code: "in_progress" }],
  ["Permanente.", { code: "ongoing" }],
  [
    "Ejecutado a través de actividades descentralizadas[^19].",
    {
      code: "executed_otherwise",
      note: "Ejecutado a través de actividades descentralizadas[^19].",
      sources: [19],
    },
  ],
  [
    "Realizado mediante una nota conceptual.",
    { code: "executed_otherwise", note: "Realizado mediante una nota conceptual." },
  ],
  [
    "Se decidió que la región usaría los documentos existentes[^27].",
    {
      code: "superseded",
      note: "Se decidió que la región usaría los documentos existentes[^27].",
      sources: [27],
    },
  ],
  [
    "Estado: se decidió usar los documentos existentes.",
    { code: "superseded", note: "se decidió usar los documentos existentes." },
  ],
  [
    "El tema fue abordado de forma transversal en los otros grupos.",
    { code: "superseded", note: "El tema fue abordado de forma transversal en los otros grupos." },
  ],
  ["Pospuesto.", { code: "postponed" }],
  ["Cancelado.", { code: "cancelled" }],
  ["Ejecutado por otros medios: un taller.", { code: "executed_otherwise", note: "un taller." }],
  [
    "Reemplazado por una decisión: se decidió que no.",
    { code: "superseded", note: "se decidió que no." },
  ],
  ["Programado.", { code: "scheduled" }],
  ["Planificado.", { code: "planned" }],
];

const PORTUGUESE: [string, Expected][] = [
  ["Executado.", { code: "executed" }],
  [
    "A realizar-se em 20 de novembro.",
    { code: "scheduled", when: ["2023-11-20", "2023-11-20", "20 de novembro"] },
  ],
  [
    "A realizar-se de 20 a 22 de novembro[^4].",
    {
      code: "scheduled",
      when: ["2023-11-20", "2023-11-22", "de 20 a 22 de novembro"],
      sources: [4],
    },
  ],
  ["Em andamento.", { code: "in_progress" }],
  ["Contínuo.", { code: "ongoing" }],
  ["Continuo.", { code: "ongoing" }],
  [
    "Executado (maio [^6], junho [^7]).",
    {
      code: "executed",
      sources: [6, 7],
      occurrences: monthly([
        [5, 6],
        [6, 7],
      ]),
    },
  ],
  ["Decidiu-se que não.", { code: "superseded", note: "Decidiu-se que não." }],
  ["Situação: foi decidido que não.", { code: "superseded", note: "foi decidido que não." }],
  [
    "Executado por meio de uma nota.",
    { code: "executed_otherwise", note: "Executado por meio de uma nota." },
  ],
  ["Adiado.", { code: "postponed" }],
  ["Cancelado.", { code: "cancelled" }],
  ["Agendado.", { code: "scheduled" }],
  ["Planejado.", { code: "planned" }],
  ["Substituído por uma decisão: foi decidido.", { code: "superseded", note: "foi decidido." }],
];

describe("parseStatusLine: Spanish and Portuguese", () => {
  for (const [line, expected] of [...SPANISH, ...PORTUGUESE]) {
    it(`reads ${line.slice(0, 60)}`, () => check(line, expected));
  }
});

describe("parseStatusLine: other forms", () => {
  it("reads every label, in every language, as its code", () => {
    for (const code of STATUS_CODES) {
      for (const lang of LANGUAGES) {
        const line = `${statusLabel(code, lang)}.`;
        check(line, { code }, parseStatusLine(line, ctx));
      }
    }
  });

  it("is case- and accent-insensitive", () => {
    check("EJECUTADO[^2]", { code: "executed", sources: [2] });
    check("executado.", { code: "executed" });
    check("se realizara el 20 de noviembre", {
      code: "scheduled",
      when: ["2023-11-20", "2023-11-20", "20 de noviembre"],
    });
  });

  it("keeps unknown text as the note of an unclassified status, not recognised", () => {
    check("Awaiting funding from partners.", {
      code: "unclassified",
      note: "Awaiting funding from partners.",
      recognised: false,
    });
    check("A la espera de financiamiento.", {
      code: "unclassified",
      note: "A la espera de financiamiento.",
      recognised: false,
    });
    // No line at all says nothing happened: the activity stays as planned.
    check("", { code: "planned", recognised: false });
  });

  it("reads a note written as a sentence of its own after the status words", () => {
    check("Executed (May[^1]). The workshop gathered 40 people.", {
      code: "executed",
      note: "The workshop gathered 40 people.",
      sources: [1],
      occurrences: monthly([[5, 1]]),
    });
    check("To be held on November 20. Executed: the agenda is ready.", {
      code: "scheduled",
      when: ["2023-11-20", "2023-11-20", "November 20"],
      note: "Executed: the agenda is ready.",
    });
    check("Held, 2nd. semester. Forty people came.", {
      code: "executed",
      when: ["2023-07-01", "2023-12-31", "2nd. semester"],
      note: "Forty people came.",
    });
  });

  it("reads a when followed by a note, and a note after the occurrences", () => {
    check("Held in May, with 30 countries[^4].", {
      code: "executed",
      when: [...month(5), "May"],
      note: "with 30 countries[^4].",
      sources: [4],
    });
    check("Executed (May[^1] and June[^2]): both virtual.", {
      code: "executed",
      note: "both virtual.",
      sources: [1, 2],
      occurrences: monthly([
        [5, 1],
        [6, 2],
      ]),
    });
  });

  it("reads dates and ranges as occurrences, and a year after a comma", () => {
    check("Executed (September 19, 2023[^1], November 20 to 22).", {
      code: "executed",
      sources: [1],
      occurrences: [
        ["2023-09-19", "2023-09-19", [1]],
        ["2023-11-20", "2023-11-22", []],
      ],
    });
  });

  it("reads a long line in little time and keeps it as the note", () => {
    const long = `Executed, ${"with many partners, ".repeat(500)}and more.`;
    const got = parseStatusLine(long, ctx);
    assert.equal(got.status.code, "executed");
    assert.equal(got.status.note, long.slice("Executed, ".length));
  });

  it("keeps a parenthesis that is not a list of times as the note", () => {
    check("Executed (see the minutes).", { code: "executed", note: "(see the minutes)." });
  });

  it("reads scheduled lines with other wordings", () => {
    check("Scheduled for 3rd quarter.", {
      code: "scheduled",
      when: ["2023-07-01", "2023-09-30", "3rd quarter"],
    });
    check("Programado para el 2do. semestre.", {
      code: "scheduled",
      when: ["2023-07-01", "2023-12-31", "2do. semestre"],
    });
  });

  it("reads sentences that state postponement or cancellation", () => {
    check("The meeting was postponed to 2024.", {
      code: "postponed",
      note: "The meeting was postponed to 2024.",
    });
    check("La reunión fue cancelada.", { code: "cancelled", note: "La reunión fue cancelada." });
  });
});

describe("statusLabel", () => {
  it("names every code in every language", () => {
    for (const code of STATUS_CODES) {
      for (const lang of LANGUAGES)
        assert.ok(statusLabel(code, lang).length > 0, `${code} ${lang}`);
    }
    assert.deepEqual(STATUS_LABELS.ongoing, { en: "Ongoing", es: "Permanente", pt: "Contínuo" });
    assert.equal(statusLabel("superseded", "es"), "Reemplazado por una decisión");
    assert.equal(statusLabel("executed_otherwise", "pt"), "Executado por outros meios");
  });
});

const status = (s: Partial<Status>): Status => ({
  code: "executed",
  when: null,
  note: null,
  text: "",
  sources: [],
  ...s,
});
const occ = (m: number, ...sources: number[]): Occurrence => ({
  when: timingOfMonth(2023, m, "en"),
  sources,
});

describe("formatStatusLine", () => {
  const table: [Status, Occurrence[], [string, string, string]][] = [
    [
      status({ sources: [6, 7] }),
      [occ(5, 6), occ(6, 7)],
      [
        "Executed (May [^6], June [^7]).",
        "Ejecutado (mayo [^6], junio [^7]).",
        "Executado (maio [^6], junho [^7]).",
      ],
    ],
    [status({ sources: [2] }), [], ["Executed[^2].", "Ejecutado[^2].", "Executado[^2]."]],
    [
      status({ when: timingOfDate("2023-10-31", "en"), sources: [22] }),
      [],
      [
        "Executed, October 31[^22].",
        "Ejecutado, 31 de octubre[^22].",
        "Executado, 31 de outubro[^22].",
      ],
    ],
    [
      status({ code: "scheduled", when: timingOfDate("2023-11-20", "en"), sources: [3] }),
      [],
      [
        "To be held on November 20[^3].",
        "A realizarse el 20 de noviembre[^3].",
        "A realizar-se em 20 de novembro[^3].",
      ],
    ],
    [
      status({ code: "scheduled", when: timingOfMonth(2023, 12, "en") }),
      [],
      ["To be held in December.", "A realizarse en diciembre.", "A realizar-se em dezembro."],
    ],
    [
      status({ code: "scheduled", when: parseTiming("November 20 to 22", ctx) }),
      [],
      [
        "To be held from November 20 to 22.",
        "A realizarse del 20 al 22 de noviembre.",
        "A realizar-se de 20 a 22 de novembro.",
      ],
    ],
    [
      status({ note: NOTE_3_2_5, sources: [23, 24] }),
      [],
      [
        `Executed[^23]: ${NOTE_3_2_5}`,
        `Ejecutado[^23]: ${NOTE_3_2_5}`,
        `Executado[^23]: ${NOTE_3_2_5}`,
      ],
    ],
    [
      status({ code: "executed_otherwise", note: S_3_2_1, sources: [19, 20] }),
      [],
      [
        `Executed otherwise. ${S_3_2_1}`,
        `Ejecutado por otros medios. ${S_3_2_1}`,
        `Executado por outros meios. ${S_3_2_1}`,
      ],
    ],
    [
      status({ code: "superseded", note: NOTE_3_3_3, sources: [27] }),
      [],
      [
        `Superseded by a decision: ${NOTE_3_3_3}`,
        `Reemplazado por una decisión: ${NOTE_3_3_3}`,
        `Substituído por uma decisão: ${NOTE_3_3_3}`,
      ],
    ],
    [status({ code: "in_progress" }), [], ["In progress.", "En proceso.", "Em andamento."]],
    [
      status({ code: "ongoing", sources: [54] }),
      [],
      ["Ongoing[^54].", "Permanente[^54].", "Contínuo[^54]."],
    ],
  ];
  for (const [s, occurrences, expected] of table) {
    it(`writes ${expected[0].slice(0, 50)}`, () => {
      assert.deepEqual(
        LANGUAGES.map((lang) => formatStatusLine({ status: s, occurrences }, lang)),
        expected,
      );
    });
  }

  it("never glues its words onto a note written as a sentence", () => {
    const s = status({ note: "Executed: the workshop gathered 40 people.", sources: [42] });
    const o = [{ when: timingOfDate("2023-11-10", "en"), sources: [42] }];
    assert.equal(
      formatStatusLine({ status: s, occurrences: o }, "en"),
      "Executed (November 10 [^42]). Executed: the workshop gathered 40 people.",
    );
  });

  it("writes an unclassified status as its sentence alone", () => {
    const s = status({ code: "unclassified", note: "Awaiting funding." });
    assert.equal(formatStatusLine({ status: s, occurrences: [] }, "es"), "Awaiting funding.");
    const bare = status({ code: "unclassified" });
    assert.equal(
      formatStatusLine({ status: bare, occurrences: [] }, "pt"),
      "Precisa de um estado.",
    );
  });

  it("writes a note verbatim, adding no period of its own", () => {
    const line = formatStatusLine(
      { status: status({ note: "see the minutes[^4]", sources: [4] }), occurrences: [] },
      "en",
    );
    assert.equal(line, "Executed: see the minutes[^4]");
  });

  it("writes each line of the English report so that it reads back the same", () => {
    for (const [line, expected] of [...SEED, ...SPANISH, ...PORTUGUESE]) {
      const parsed = parseStatusLine(line, ctx);
      for (const lang of LANGUAGES) {
        const again = formatStatusLine(parsed, lang);
        check(again, expected, parseStatusLine(again, ctx), false);
      }
    }
  });
});

describe("round trip: parse(format(x)) for every code, language and shape", () => {
  const whens: (Timing | null)[] = [
    null,
    timingOfDate("2023-09-19", "en"),
    timingOfDate("2023-05-01", "en"),
    parseTiming("November 20 to 22", ctx),
    parseTiming("November 20 to December 2", ctx),
    timingOfMonth(2023, 12, "en"),
    parseTiming("3rd quarter", ctx),
    parseTiming("2nd semester", ctx),
    parseTiming("Annual", ctx),
    parseTiming("4 a year", ctx),
    unspecifiedTiming(2023),
  ];
  const notes = [
    null,
    "a short note.",
    "a note citing[^9] without final period",
    NOTE_3_2_5,
    "held jointly, as agreed: see the minutes (2023)[^9].",
    "The workshop gathered 40 people[^9].",
    "Executed: a note that reads as a status line of its own.",
  ];
  const occurrenceSets: Occurrence[][] = [
    [],
    [occ(5, 6), occ(6, 7)],
    [{ when: timingOfDate("2023-10-31", "en"), sources: [] }],
  ];
  const extras = [[], [2, 3]];

  it("keeps code, when window, note, sources and occurrences", () => {
    let n = 0;
    // An unclassified status writes its sentence alone: it is read again by the words in it.
    for (const code of STATUS_CODES.filter((c) => c !== "unclassified")) {
      for (const when of whens) {
        for (const note of notes) {
          for (const occurrences of occurrenceSets) {
            for (const extra of extras) {
              const sources = [
                ...extra,
                ...occurrences.flatMap((o) => o.sources),
                ...citedIds(note ?? ""),
              ];
              const s = status({ code, when, note, sources });
              for (const lang of LANGUAGES) {
                const line = formatStatusLine({ status: s, occurrences }, lang);
                const back = parseStatusLine(line, ctx);
                const where = `${lang}: ${line}`;
                assert.equal(back.recognised, true, where);
                assert.equal(back.status.code, code, where);
                assert.deepEqual(win(back.status.when), win(when), where);
                assert.equal(back.status.note, note, where);
                assert.deepEqual(back.status.sources, sources, where);
                assert.deepEqual(
                  back.occurrences.map((o) => [win(o.when), o.sources]),
                  occurrences.map((o) => [win(o.when), o.sources]),
                  where,
                );
                n++;
              }
            }
          }
        }
      }
    }
    assert.equal(n, 9 * 11 * 7 * 3 * 2 * 3);
  });
});

describe("occurrenceProgress", () => {
  const planned = (text: string) => parseTiming(text, ctx) ?? unspecifiedTiming(2023);
  it("counts occurrences against a frequency target", () => {
    assert.deepEqual(
      occurrenceProgress({ planned: planned("4 a year"), occurrences: [occ(5), occ(6), occ(7)] }),
      { held: 3, target: 4 },
    );
    assert.deepEqual(
      occurrenceProgress({ planned: planned("Quarterly (4 a year)"), occurrences: [] }),
      { held: 0, target: 4 },
    );
  });
  it("has no target when the plan is not a frequency", () => {
    assert.deepEqual(occurrenceProgress({ planned: planned("Annual"), occurrences: [occ(5)] }), {
      held: 1,
      target: null,
    });
  });
});

describe("statusSentenceStale", () => {
  it("is false for a sentence that still says what the record says, and without a sentence", () => {
    const parsed = parseStatusLine("To be held on November 20[^3].", ctx);
    assert.equal(statusSentenceStale(parsed, ctx), false);
    assert.equal(statusSentenceStale({ status: status({}), occurrences: [] }, ctx), false);
  });
  it("is true once the code, the date or the occurrences changed after it was written", () => {
    const parsed = parseStatusLine("To be held on November 20[^3].", ctx);
    const executed = { ...parsed, status: { ...parsed.status, code: "executed" as const } };
    assert.equal(statusSentenceStale(executed, ctx), true);
    const moved = {
      ...parsed,
      status: { ...parsed.status, when: timingOfDate("2023-11-27", "en") },
    };
    assert.equal(statusSentenceStale(moved, ctx), true);
    const held = { ...parsed, occurrences: [occ(11)] };
    assert.equal(statusSentenceStale(held, ctx), true);
  });
});
