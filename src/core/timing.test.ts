import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LANGUAGES, Timing } from "./plan.ts";
import {
  compareTimings,
  formatTiming,
  isWithinYear,
  MAX_TIMING_LENGTH,
  monthName,
  parseMonthName,
  parseTiming,
  timingOfDate,
  timingOfMonth,
  unspecifiedTiming,
  yearWindow,
} from "./timing.ts";

const ctx = { year: 2023 };
const window = (t: Timing | null) => t && [t.kind, t.start, t.end, t.count];

/** Each wording and the [kind, start, end, count] it must resolve to in 2023. */
const CASES: Record<string, [string, string, string, number | null]> = {
  "September 19": ["date", "2023-09-19", "2023-09-19", null],
  "Sept. 19": ["date", "2023-09-19", "2023-09-19", null],
  "19 September": ["date", "2023-09-19", "2023-09-19", null],
  "September 19, 2023": ["date", "2023-09-19", "2023-09-19", null],
  "September 19th": ["date", "2023-09-19", "2023-09-19", null],
  "2023-09-19": ["date", "2023-09-19", "2023-09-19", null],
  "19 de septiembre": ["date", "2023-09-19", "2023-09-19", null],
  "19 de setiembre": ["date", "2023-09-19", "2023-09-19", null],
  "19 de septiembre de 2023": ["date", "2023-09-19", "2023-09-19", null],
  "19 de setembro": ["date", "2023-09-19", "2023-09-19", null],
  "1º de maio": ["date", "2023-05-01", "2023-05-01", null],
  "Friday, June 23, 2023": ["date", "2023-06-23", "2023-06-23", null],
  "on April 18": ["date", "2023-04-18", "2023-04-18", null],
  "el 20 de noviembre": ["date", "2023-11-20", "2023-11-20", null],
  "from November 20 to 22": ["range", "2023-11-20", "2023-11-22", null],
  "November 20 to 22": ["range", "2023-11-20", "2023-11-22", null],
  "November 20-22": ["range", "2023-11-20", "2023-11-22", null],
  "November 20 – 22": ["range", "2023-11-20", "2023-11-22", null],
  "November 20 to December 2": ["range", "2023-11-20", "2023-12-02", null],
  "November 20 to 22, 2023": ["range", "2023-11-20", "2023-11-22", null],
  "del 20 al 22 de noviembre": ["range", "2023-11-20", "2023-11-22", null],
  "20 al 22 de noviembre": ["range", "2023-11-20", "2023-11-22", null],
  "del 20 de noviembre al 2 de diciembre": ["range", "2023-11-20", "2023-12-02", null],
  "de 20 a 22 de novembro": ["range", "2023-11-20", "2023-11-22", null],
  "3 y 4 de diciembre": ["range", "2023-12-03", "2023-12-04", null],
  December: ["month", "2023-12-01", "2023-12-31", null],
  "in December": ["month", "2023-12-01", "2023-12-31", null],
  diciembre: ["month", "2023-12-01", "2023-12-31", null],
  "en diciembre": ["month", "2023-12-01", "2023-12-31", null],
  dezembro: ["month", "2023-12-01", "2023-12-31", null],
  "em dezembro": ["month", "2023-12-01", "2023-12-31", null],
  "February 2024": ["month", "2024-02-01", "2024-02-29", null],
  Q3: ["quarter", "2023-07-01", "2023-09-30", null],
  "3rd quarter": ["quarter", "2023-07-01", "2023-09-30", null],
  "third quarter": ["quarter", "2023-07-01", "2023-09-30", null],
  "3er trimestre": ["quarter", "2023-07-01", "2023-09-30", null],
  "tercer trimestre": ["quarter", "2023-07-01", "2023-09-30", null],
  "3º trimestre": ["quarter", "2023-07-01", "2023-09-30", null],
  "3° trimestre": ["quarter", "2023-07-01", "2023-09-30", null],
  "terceiro trimestre": ["quarter", "2023-07-01", "2023-09-30", null],
  "in the 1st quarter": ["quarter", "2023-01-01", "2023-03-31", null],
  "1st semester": ["semester", "2023-01-01", "2023-06-30", null],
  "2nd semester": ["semester", "2023-07-01", "2023-12-31", null],
  "2nd. semester": ["semester", "2023-07-01", "2023-12-31", null],
  "second semester": ["semester", "2023-07-01", "2023-12-31", null],
  "2do. semestre": ["semester", "2023-07-01", "2023-12-31", null],
  "2do semestre": ["semester", "2023-07-01", "2023-12-31", null],
  "segundo semestre": ["semester", "2023-07-01", "2023-12-31", null],
  "2º semestre": ["semester", "2023-07-01", "2023-12-31", null],
  "2° semestre": ["semester", "2023-07-01", "2023-12-31", null],
  "1er semestre": ["semester", "2023-01-01", "2023-06-30", null],
  "primer semestre": ["semester", "2023-01-01", "2023-06-30", null],
  "1º semestre": ["semester", "2023-01-01", "2023-06-30", null],
  "primeiro semestre": ["semester", "2023-01-01", "2023-06-30", null],
  Annual: ["year", "2023-01-01", "2023-12-31", null],
  Yearly: ["year", "2023-01-01", "2023-12-31", null],
  "Throughout the year": ["year", "2023-01-01", "2023-12-31", null],
  Anual: ["year", "2023-01-01", "2023-12-31", null],
  "Todo el año": ["year", "2023-01-01", "2023-12-31", null],
  "Durante el año": ["year", "2023-01-01", "2023-12-31", null],
  "Todo o ano": ["year", "2023-01-01", "2023-12-31", null],
  "Ao longo do ano": ["year", "2023-01-01", "2023-12-31", null],
  "2023": ["year", "2023-01-01", "2023-12-31", null],
  "2024": ["year", "2024-01-01", "2024-12-31", null],
  "4 a year": ["frequency", "2023-01-01", "2023-12-31", 4],
  "4 times a year": ["frequency", "2023-01-01", "2023-12-31", 4],
  Quarterly: ["frequency", "2023-01-01", "2023-12-31", 4],
  "Quarterly (4 a year)": ["frequency", "2023-01-01", "2023-12-31", 4],
  "Quarterly (6 a year)": ["frequency", "2023-01-01", "2023-12-31", 6],
  "Monthly (10)": ["frequency", "2023-01-01", "2023-12-31", 10],
  Monthly: ["frequency", "2023-01-01", "2023-12-31", 12],
  "Twice a year": ["frequency", "2023-01-01", "2023-12-31", 2],
  Semiannual: ["frequency", "2023-01-01", "2023-12-31", 2],
  Biannual: ["frequency", "2023-01-01", "2023-12-31", 2],
  Bimonthly: ["frequency", "2023-01-01", "2023-12-31", 6],
  "4 al año": ["frequency", "2023-01-01", "2023-12-31", 4],
  "4 por año": ["frequency", "2023-01-01", "2023-12-31", 4],
  "4 veces al año": ["frequency", "2023-01-01", "2023-12-31", 4],
  Trimestral: ["frequency", "2023-01-01", "2023-12-31", 4],
  "Trimestral (4 al año)": ["frequency", "2023-01-01", "2023-12-31", 4],
  Mensual: ["frequency", "2023-01-01", "2023-12-31", 12],
  Semestral: ["frequency", "2023-01-01", "2023-12-31", 2],
  "Dos veces al año": ["frequency", "2023-01-01", "2023-12-31", 2],
  "Once veces al año": ["frequency", "2023-01-01", "2023-12-31", 11],
  "Once a year": ["frequency", "2023-01-01", "2023-12-31", 1],
  "4 por ano": ["frequency", "2023-01-01", "2023-12-31", 4],
  "4 vezes por ano": ["frequency", "2023-01-01", "2023-12-31", 4],
  "Duas vezes por ano": ["frequency", "2023-01-01", "2023-12-31", 2],
  Mensal: ["frequency", "2023-01-01", "2023-12-31", 12],
  "": ["unspecified", "2023-01-01", "2023-12-31", null],
  TBD: ["unspecified", "2023-01-01", "2023-12-31", null],
  "To be defined": ["unspecified", "2023-01-01", "2023-12-31", null],
  "To be confirmed": ["unspecified", "2023-01-01", "2023-12-31", null],
  "A definir": ["unspecified", "2023-01-01", "2023-12-31", null],
  "Por definir": ["unspecified", "2023-01-01", "2023-12-31", null],
  "A confirmar": ["unspecified", "2023-01-01", "2023-12-31", null],
  // Beyond GEALC's wordings: ranges of months, more quarters, monthly and twice-a-year
  // targets, more ways of saying "not yet known".
  "March–May": ["range", "2023-03-01", "2023-05-31", null],
  "March - May": ["range", "2023-03-01", "2023-05-31", null],
  "Mar.–May": ["range", "2023-03-01", "2023-05-31", null],
  "from March to May": ["range", "2023-03-01", "2023-05-31", null],
  "March through May": ["range", "2023-03-01", "2023-05-31", null],
  "between March and May": ["range", "2023-03-01", "2023-05-31", null],
  "March–May 2024": ["range", "2024-03-01", "2024-05-31", null],
  "January to February 2024": ["range", "2024-01-01", "2024-02-29", null],
  "marzo a mayo": ["range", "2023-03-01", "2023-05-31", null],
  "de marzo a mayo": ["range", "2023-03-01", "2023-05-31", null],
  "desde marzo hasta mayo": ["range", "2023-03-01", "2023-05-31", null],
  "entre marzo y mayo": ["range", "2023-03-01", "2023-05-31", null],
  "março–maio": ["range", "2023-03-01", "2023-05-31", null],
  "de março a maio": ["range", "2023-03-01", "2023-05-31", null],
  "março até maio": ["range", "2023-03-01", "2023-05-31", null],
  "entre março e maio": ["range", "2023-03-01", "2023-05-31", null],
  "Q3 2024": ["quarter", "2024-07-01", "2024-09-30", null],
  "third quarter of the year": ["quarter", "2023-07-01", "2023-09-30", null],
  "tercer trimestre del año": ["quarter", "2023-07-01", "2023-09-30", null],
  "3.er trimestre": ["quarter", "2023-07-01", "2023-09-30", null],
  "3º trimestre do ano": ["quarter", "2023-07-01", "2023-09-30", null],
  "no terceiro trimestre": ["quarter", "2023-07-01", "2023-09-30", null],
  "Once a month": ["frequency", "2023-01-01", "2023-12-31", 12],
  "Twice a month": ["frequency", "2023-01-01", "2023-12-31", 24],
  "una vez al mes": ["frequency", "2023-01-01", "2023-12-31", 12],
  "uma vez por mês": ["frequency", "2023-01-01", "2023-12-31", 12],
  "Todo mês": ["frequency", "2023-01-01", "2023-12-31", 12],
  "Twice-a-year": ["frequency", "2023-01-01", "2023-12-31", 2],
  "Twice yearly": ["frequency", "2023-01-01", "2023-12-31", 2],
  "Half-yearly": ["frequency", "2023-01-01", "2023-12-31", 2],
  "Every six months": ["frequency", "2023-01-01", "2023-12-31", 2],
  "cada seis meses": ["frequency", "2023-01-01", "2023-12-31", 2],
  "de seis em seis meses": ["frequency", "2023-01-01", "2023-12-31", 2],
  "a cada dois meses": ["frequency", "2023-01-01", "2023-12-31", 6],
  "dos veces por año": ["frequency", "2023-01-01", "2023-12-31", 2],
  "dois por ano": ["frequency", "2023-01-01", "2023-12-31", 2],
  "To be scheduled": ["unspecified", "2023-01-01", "2023-12-31", null],
  "Fecha por definir": ["unspecified", "2023-01-01", "2023-12-31", null],
  "Data a ser definida": ["unspecified", "2023-01-01", "2023-12-31", null],
};

describe("parseTiming", () => {
  for (const [text, expected] of Object.entries(CASES)) {
    it(`reads ${JSON.stringify(text)}`, () => {
      assert.deepEqual(window(parseTiming(text, ctx)), expected);
    });
  }

  it("produces only timings the Timing schema accepts", () => {
    for (const text of Object.keys(CASES)) {
      const t = parseTiming(text, ctx);
      assert.ok(Timing.safeParse(t).success, `${text}: ${JSON.stringify(t)}`);
    }
    for (const t of sampleTimings()) assert.ok(Timing.safeParse(t).success, JSON.stringify(t));
  });

  it("is case-insensitive, accent-optional and tolerant of spaces and a final period", () => {
    for (const text of [
      "  SEGUNDO   SEMESTRE. ",
      "Todo el ano",
      "TODO EL AÑO",
      "2do.  semestre.",
    ]) {
      assert.ok(parseTiming(text, ctx), text);
    }
    assert.deepEqual(window(parseTiming("DICIEMBRE.", ctx)), CASES.diciembre);
  });

  it("keeps the wording trimmed and without the trailing period as text", () => {
    assert.equal(parseTiming(" 2nd. semester. ", ctx)?.text, "2nd. semester");
    assert.equal(parseTiming(" Sept. 19. ", ctx)?.text, "Sept. 19");
    assert.equal(parseTiming("Quarterly (4 a year).", ctx)?.text, "Quarterly (4 a year)");
  });

  it("lets a year written in the text win over the plan year", () => {
    assert.equal(parseTiming("September 19, 2022", ctx)?.start, "2022-09-19");
    assert.equal(parseTiming("19 de septiembre de 2024", ctx)?.end, "2024-09-19");
    assert.equal(parseTiming("2025-01-02", ctx)?.start, "2025-01-02");
  });

  it("resolves windows in the context year", () => {
    assert.deepEqual(window(parseTiming("February", { year: 2024 })), [
      "month",
      "2024-02-01",
      "2024-02-29",
      null,
    ]);
    assert.equal(parseTiming("Annual", { year: 2030 })?.end, "2030-12-31");
  });

  it("returns null for long text at once (a sentence is not a timing)", () => {
    assert.equal(parseTiming(`December${" ".repeat(MAX_TIMING_LENGTH)}x`, ctx), null);
    assert.equal(parseTiming(`${"in ".repeat(100)}December`, ctx), null);
  });

  it("returns null for text that is not a timing or an impossible date", () => {
    for (const text of [
      "hello",
      "Virtual",
      "February 30",
      "November 22 to 20",
      "13th month",
      "5th quarter",
      "3rd semester",
      "0 a year",
      "2023-02-30",
      "Santiago de Chile",
      // "and" joins two months, not a range, unless after "between"/"entre"
      "May and June",
      "mayo y junio",
      "May–March",
      "every five months",
      "de seis em três meses",
    ]) {
      assert.equal(parseTiming(text, ctx), null, text);
    }
  });
});

/** Every kind of timing, in a common and a leap year. */
function sampleTimings(): Timing[] {
  const out: Timing[] = [];
  for (const year of [2023, 2024]) {
    for (let m = 1; m <= 12; m++) {
      const days = new Date(Date.UTC(year, m, 0)).getUTCDate();
      for (let d = 1; d <= days; d++) out.push(timingOfDate(`${year}-${p(m)}-${p(d)}`, "en"));
      out.push(timingOfMonth(year, m, "en"));
      out.push(range(year, m, 1, m, days));
      out.push(range(year, m, 20, m, 22));
      if (m < 12) out.push(range(year, m, 20, m + 1, 2));
      // ranges of whole months ("March to May"), and one a day short of them
      for (let to = m + 1; to <= 12; to++) {
        out.push(range(year, m, 1, to, last(year, to)));
        out.push(range(year, m, 1, to, last(year, to) - 1));
      }
    }
    for (let q = 1; q <= 4; q++) out.push(span("quarter", year, q * 3 - 2, q * 3));
    for (let s = 1; s <= 2; s++) out.push(span("semester", year, s * 6 - 5, s * 6));
    out.push({ ...span("year", year, 1, 12) });
    for (const count of [1, 2, 3, 4, 6, 10, 12, 24, 52]) {
      out.push({ ...span("frequency", year, 1, 12), count });
    }
    out.push(unspecifiedTiming(year));
  }
  return out;
}
const p = (n: number) => String(n).padStart(2, "0");
const last = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const range = (y: number, m1: number, d1: number, m2: number, d2: number): Timing => ({
  kind: "range",
  start: `${y}-${p(m1)}-${p(d1)}`,
  end: `${y}-${p(m2)}-${p(d2)}`,
  count: null,
  text: "",
});
const span = (kind: Timing["kind"], y: number, m1: number, m2: number): Timing => ({
  kind,
  start: `${y}-${p(m1)}-01`,
  end: `${y}-${p(m2)}-${p(last(y, m2))}`,
  count: null,
  text: "",
});

describe("formatTiming", () => {
  const sept19 = timingOfDate("2023-09-19", "en");
  const nov = range(2023, 11, 20, 11, 22);
  const across = range(2023, 11, 20, 12, 2);
  const table: [Timing, string, string, string][] = [
    [sept19, "September 19", "19 de septiembre", "19 de setembro"],
    [nov, "November 20 to 22", "del 20 al 22 de noviembre", "de 20 a 22 de novembro"],
    [
      across,
      "November 20 to December 2",
      "del 20 de noviembre al 2 de diciembre",
      "de 20 de novembro a 2 de dezembro",
    ],
    [timingOfMonth(2023, 12, "en"), "December", "diciembre", "dezembro"],
    [span("quarter", 2023, 7, 9), "3rd quarter", "3er trimestre", "3º trimestre"],
    [span("semester", 2023, 7, 12), "2nd semester", "2do. semestre", "2º semestre"],
    [span("semester", 2023, 1, 6), "1st semester", "1er. semestre", "1º semestre"],
    [span("year", 2023, 1, 12), "Annual", "Anual", "Anual"],
    [{ ...span("frequency", 2023, 1, 12), count: 4 }, "4 a year", "4 al año", "4 por ano"],
    [{ ...span("frequency", 2023, 1, 12), count: 12 }, "Monthly", "Mensual", "Mensal"],
    [range(2023, 3, 1, 5, 31), "March to May", "de marzo a mayo", "de março a maio"],
    [
      range(2024, 1, 1, 2, 29),
      "January to February",
      "de enero a febrero",
      "de janeiro a fevereiro",
    ],
    [
      range(2023, 3, 1, 5, 30),
      "March 1 to May 30",
      "del 1 de marzo al 30 de mayo",
      "de 1º de março a 30 de maio",
    ],
    [{ ...span("frequency", 2023, 1, 12), count: 2 }, "2 a year", "2 al año", "2 por ano"],
    [unspecifiedTiming(2023), "To be defined", "A definir", "A definir"],
    // a wording that only says "not yet known" is said anew in each language
    [unspecifiedTiming(2023, "TBC"), "To be defined", "A definir", "A definir"],
    [unspecifiedTiming(2023, "Por definir"), "To be defined", "A definir", "A definir"],
    [
      unspecifiedTiming(2023, "when funds allow"),
      "when funds allow",
      "when funds allow",
      "when funds allow",
    ],
  ];
  for (const [t, en, es, pt] of table) {
    it(`writes ${t.kind} ${en}`, () => {
      assert.equal(formatTiming(t, "en"), en);
      assert.equal(formatTiming(t, "es"), es);
      assert.equal(formatTiming(t, "pt"), pt);
    });
  }

  it("writes the first of the month as 1º in Portuguese", () => {
    assert.equal(formatTiming(timingOfDate("2023-05-01", "pt"), "pt"), "1º de maio");
  });

  it("falls back to the text (or 'To be defined') when a window is missing", () => {
    const broken: Timing = { kind: "date", start: null, end: null, count: null, text: "soon" };
    assert.equal(formatTiming(broken, "en"), "soon");
    assert.equal(formatTiming({ ...broken, text: "" }, "es"), "A definir");
  });

  it("property: every wording reads back to the same kind, window and count", () => {
    const timings = sampleTimings();
    assert.ok(timings.length > 800, `only ${timings.length} timings`);
    for (const t of timings) {
      const year = Number(t.start?.slice(0, 4));
      for (const lang of LANGUAGES) {
        const wording = formatTiming(t, lang);
        assert.deepEqual(window(parseTiming(wording, { year })), window(t), `${lang}: ${wording}`);
      }
    }
  });
});

describe("helpers", () => {
  it("yearWindow covers the year", () => {
    assert.deepEqual(yearWindow(2024), { start: "2024-01-01", end: "2024-12-31" });
  });

  it("unspecifiedTiming covers the plan year and keeps the text", () => {
    assert.deepEqual(unspecifiedTiming(2023, "TBD"), {
      kind: "unspecified",
      start: "2023-01-01",
      end: "2023-12-31",
      count: null,
      text: "TBD",
    });
    assert.equal(unspecifiedTiming(2023).text, "");
  });

  it("timingOfDate words the day in the language and rejects bad dates", () => {
    assert.deepEqual(timingOfDate("2023-10-31", "es"), {
      kind: "date",
      start: "2023-10-31",
      end: "2023-10-31",
      count: null,
      text: "31 de octubre",
    });
    assert.throws(() => timingOfDate("2023-02-29", "en"), RangeError);
    assert.throws(() => timingOfDate("31/10/2023", "en"), RangeError);
  });

  it("timingOfMonth covers the month", () => {
    assert.deepEqual(timingOfMonth(2024, 2, "pt"), {
      kind: "month",
      start: "2024-02-01",
      end: "2024-02-29",
      count: null,
      text: "fevereiro",
    });
    assert.throws(() => timingOfMonth(2024, 13, "pt"), RangeError);
  });

  it("monthName names months in each language", () => {
    assert.deepEqual(
      LANGUAGES.map((l) => monthName(3, l)),
      ["March", "marzo", "março"],
    );
    assert.throws(() => monthName(0, "en"), RangeError);
  });

  it("parseMonthName reads names and abbreviations in every language", () => {
    const cases: [string, number | null][] = [
      ["January", 1],
      ["ene", 1],
      ["Fev.", 2],
      ["MARÇO", 3],
      ["marco", 3],
      ["Abr", 4],
      ["mai", 5],
      ["Sept.", 9],
      ["setiembre", 9],
      ["set", 9],
      ["out", 10],
      ["Dic.", 12],
      ["dez", 12],
      ["décembre", null],
      ["", null],
    ];
    for (const [word, month] of cases) assert.equal(parseMonthName(word), month, word);
  });

  it("compareTimings sorts by start, then end, missing dates last", () => {
    const a = range(2023, 11, 20, 11, 22);
    const b = range(2023, 11, 20, 11, 21);
    const c = timingOfDate("2023-01-05", "en");
    const none: Timing = { kind: "unspecified", start: null, end: null, count: null, text: "" };
    assert.deepEqual([none, a, b, c].sort(compareTimings), [c, b, a, none]);
    assert.equal(compareTimings(a, { ...a }), 0);
  });
});

describe("Timing's rules across fields", () => {
  const ok: Timing = {
    kind: "range",
    start: "2023-11-20",
    end: "2023-11-22",
    count: null,
    text: "November 20 to 22",
  };
  const paths = (t: unknown) => {
    const r = Timing.safeParse(t);
    return r.success ? [] : r.error.issues.map((i) => i.path.join("."));
  };

  it("accepts a window in order, one day, a frequency with its count, an open unspecified", () => {
    assert.deepEqual(paths(ok), []);
    assert.deepEqual(paths({ ...ok, kind: "date", end: ok.start }), []);
    assert.deepEqual(paths({ ...ok, kind: "frequency", count: 4 }), []);
    assert.deepEqual(
      paths({ kind: "unspecified", start: null, end: null, count: null, text: "" }),
      [],
    );
    assert.deepEqual(paths(unspecifiedTiming(2023)), []);
  });

  it("refuses a start after the end", () => {
    assert.deepEqual(paths({ ...ok, start: "2023-11-23" }), ["end"]);
  });

  it("refuses a count on any kind but frequency, and a frequency without one", () => {
    assert.deepEqual(paths({ ...ok, count: 4 }), ["count"]);
    assert.deepEqual(paths({ ...ok, kind: "frequency" }), ["count"]);
  });

  it("refuses a missing start or end on every kind but unspecified", () => {
    assert.deepEqual(paths({ ...ok, start: null }), ["start"]);
    assert.deepEqual(paths({ ...ok, kind: "month", end: null }), ["end"]);
    assert.deepEqual(paths({ ...ok, kind: "year", start: null, end: null }), ["start", "end"]);
  });

  it("isWithinYear: the window inside 1 January to 31 December; no window is inside", () => {
    assert.ok(isWithinYear(ok, 2023));
    assert.ok(isWithinYear(unspecifiedTiming(2023), 2023));
    assert.ok(!isWithinYear(ok, 2024));
    assert.ok(!isWithinYear({ ...ok, end: "2024-01-15" }, 2023));
    assert.ok(isWithinYear({ ...ok, start: null, end: null, kind: "unspecified" }, 2023));
  });
});
