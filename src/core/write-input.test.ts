import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Timing } from "./plan.ts";
import { statusCodeOf } from "./status.ts";
import { completeTiming, StatusCodeInput, TIMING_ACCEPTED, TimingInput } from "./write-input.ts";

const complete = (t: unknown, lang: "en" | "es" | "pt" = "en", year = 2023) =>
  completeTiming(TimingInput.parse(t), lang, year);

describe("timings given by their kind", () => {
  test("each kind completes to a valid timing with the window it implies", () => {
    const cases: [unknown, [string | null, string | null, number | null, string]][] = [
      [{ kind: "date", start: "2023-11-10" }, ["2023-11-10", "2023-11-10", null, "November 10"]],
      [{ kind: "month", start: "2024-02-12" }, ["2024-02-01", "2024-02-29", null, "February"]],
      [{ kind: "quarter", start: "2023-11-30" }, ["2023-10-01", "2023-12-31", null, "4th quarter"]],
      [
        { kind: "semester", start: "2023-03-01" },
        ["2023-01-01", "2023-06-30", null, "1st semester"],
      ],
      [{ kind: "year" }, ["2023-01-01", "2023-12-31", null, "Annual"]],
      [{ kind: "frequency", count: 12 }, ["2023-01-01", "2023-12-31", 12, "Monthly"]],
      [{ kind: "unspecified" }, ["2023-01-01", "2023-12-31", null, "To be defined"]],
      [{ kind: "unspecified", start: null, end: null, text: "" }, [null, null, null, ""]],
    ];
    for (const [input, [start, end, count, text]] of cases) {
      const t = complete(input);
      assert.deepEqual([t.start, t.end, t.count, t.text], [start, end, count, text]);
      assert.ok(Timing.safeParse(t).success, JSON.stringify(t));
    }
  });

  test("a complete timing stays exactly as given", () => {
    const full = {
      kind: "month",
      start: "2023-05-01",
      end: "2023-05-31",
      count: null,
      text: "May",
    };
    assert.deepEqual(complete(full, "es"), full);
  });

  test("what a kind lacks is refused at its field, with every kind's needs", () => {
    const issues = (t: unknown) => {
      const r = TimingInput.safeParse(t);
      assert.equal(r.success, false);
      return (r.error?.issues ?? []).map((i) => [i.path.join("."), i.message]);
    };
    assert.deepEqual(issues({ kind: "range", start: "2023-01-02" }), [
      ["end", "a range timing needs start and end"],
    ]);
    assert.deepEqual(issues({ kind: "frequency" })[0]?.[0], "count");
    assert.deepEqual(issues({ kind: "date", start: "2023-01-02", count: 2 })[0]?.[0], "count");
    assert.deepEqual(
      issues({ kind: "range", start: "2023-03-02", end: "2023-03-01" })[0]?.[0],
      "end",
    );
    const r = TimingInput.safeParse({ kind: "quarter" });
    const issue = r.error?.issues[0] as { params?: { accepted?: unknown } } | undefined;
    const params = issue?.params;
    assert.deepEqual(params?.accepted, TIMING_ACCEPTED);
    assert.equal(TIMING_ACCEPTED.length, 8);
  });
});

describe("status codes given by their labels", () => {
  test("codes, labels and leading words in en/es/pt, case and accents aside", () => {
    for (const [word, code] of [
      ["executed_otherwise", "executed_otherwise"],
      ["Executed otherwise", "executed_otherwise"],
      ["EJECUTADA", "executed"],
      ["Realizada", "executed"],
      ["in progress", "in_progress"],
      ["en curso", "in_progress"],
      ["Não iniciada", "planned"],
      ["Substituída", "superseded"],
      ["  Postponed. ", "postponed"],
    ] as const) {
      assert.deepEqual(statusCodeOf(word), { code }, word);
      assert.equal(StatusCodeInput.parse(word), code);
    }
  });

  test("a date-line label shared by several codes lists them; nonsense lists nothing", () => {
    assert.deepEqual(statusCodeOf("Data"), {
      candidates: ["in_progress", "ongoing", "superseded", "cancelled", "unclassified"],
    });
    assert.equal(statusCodeOf("soonish"), null);
    assert.equal(StatusCodeInput.safeParse("Data").success, false);
  });
});
