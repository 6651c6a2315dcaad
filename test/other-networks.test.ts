/**
 * Reports of two invented networks (test/fixtures/text/), written in the seed's style with
 * words, bodies, timings and statuses the GEALC report does not use, end to end: imported
 * (by the parser, by the API on each dialect), shown on the portal, written in every export
 * format, and read back to the same plan.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { isAppError } from "../src/core/errors.ts";
import { LANGUAGES, type PlanDocument, type StatusCode, type Timing } from "../src/core/plan.ts";
import { body, openTestApp, type TestApp } from "../src/http/testing.ts";
import { parseDocxReport } from "../src/import/parse-docx-report.ts";
import { parseTextReport } from "../src/import/parse-text-report.ts";
import { EXPORT_FORMATS, renderExport } from "../src/render/export.ts";
import { renderMarkdown } from "../src/render/markdown.ts";
import { get, type WebTestApp, webTestApp } from "./browser/web-app.ts";
import { testDialects } from "./helpers/db.ts";
import { findTool, needs, type Tool, toolPath } from "./helpers/tools.ts";

const FIXTURES = new URL("fixtures/text/", import.meta.url);
const IATI_XSD = fileURLToPath(
  new URL("../schema/iati/iati-activities-schema.xsd", import.meta.url),
);

type Expected = {
  file: string;
  type: string;
  language: "en" | "pt";
  network: { slug: string; name: string };
  presentedAt: number;
  governance: PlanDocument["governance"];
  assemblies: [number, string | null, string | null][];
  statuses: Record<string, StatusCode>;
  /** [kind, start, end, count] of each activity's planned timing. */
  planned: Record<string, [Timing["kind"], string | null, string | null, number | null]>;
  annex: [Timing["kind"], string | null, string | null][];
  /** Words the portal's plan page shows in the plan's language. */
  page: RegExp[];
  /** The activity with occurrences against a monthly target, and how many. */
  monthly: [string, number];
};

const YEAR = ["year", "2024-01-01", "2024-12-31"] as const;
const CASES: Expected[] = [
  {
    file: "cppn-2024-work-plan-report.en.md",
    type: "text/markdown",
    language: "en",
    network: {
      slug: "caribbean-public-procurement-network",
      name: "Caribbean Public Procurement Network",
    },
    presentedAt: 12,
    governance: [
      {
        year: 2024,
        committee: ["BB", "BZ", "GY", "JM", "LC", "TT"],
        presidency: "JM",
        technicalSecretariat: "CARISEC",
        promotingBody: "ARFO",
      },
    ],
    assemblies: [
      [1, null, null],
      [11, "2023-11-09", "BB"],
      [12, "2024-10-17", null],
    ],
    statuses: {
      "3.1.1": "executed",
      "3.1.2": "executed",
      "3.1.3": "scheduled",
      "3.2.1": "executed",
      "3.2.2": "in_progress",
      "3.2.3": "postponed",
      "3.2.4": "executed_otherwise",
      "3.3.1": "cancelled",
      "3.3.2": "planned",
      "3.3.3": "superseded",
    },
    planned: {
      "3.1.1": ["range", "2024-03-01", "2024-05-31", null],
      "3.1.2": ["frequency", YEAR[1], YEAR[2], 12],
      "3.1.3": ["quarter", "2024-07-01", "2024-09-30", null],
      "3.2.1": ["frequency", YEAR[1], YEAR[2], 2],
      "3.2.2": ["unspecified", YEAR[1], YEAR[2], null],
      "3.2.3": ["quarter", "2024-07-01", "2024-09-30", null],
      "3.2.4": ["frequency", YEAR[1], YEAR[2], 2],
      "3.3.1": ["range", "2024-06-01", "2024-08-31", null],
      "3.3.2": ["frequency", YEAR[1], YEAR[2], 12],
      "3.3.3": ["quarter", "2024-04-01", "2024-06-30", null],
    },
    annex: [
      ["range", "2024-03-01", "2024-05-31"],
      ["quarter", "2024-04-01", "2024-06-30"],
    ],
    page: [/E-procurement systems/, /March to May/, /3 of 12 held/, /s-postponed/, /s-cancelled/],
    monthly: ["3.1.2", 3],
  },
  {
    file: "rlrn-2024-relatorio-plano-de-trabalho.pt.txt",
    type: "text/plain",
    language: "pt",
    network: {
      slug: "rede-lusofona-de-registos-e-notariado",
      name: "Rede Lusófona de Registos e Notariado",
    },
    presentedAt: 9,
    governance: [
      {
        year: 2024,
        committee: ["AO", "BR", "CV", "MZ", "PT", "ST"],
        presidency: "CV",
        technicalSecretariat: "ALRN",
        promotingBody: "FDL",
      },
    ],
    assemblies: [
      [8, "2023-10-14", "CV"],
      [9, "2024-11-22", null],
    ],
    statuses: {
      "3.1.1": "executed",
      "3.1.2": "executed",
      "3.1.3": "scheduled",
      "3.2.1": "executed_otherwise",
      "3.2.2": "in_progress",
      "3.2.3": "postponed",
      "3.2.4": "ongoing",
      "3.3.1": "cancelled",
      "3.3.2": "planned",
      "3.3.3": "superseded",
    },
    planned: {
      "3.1.1": ["range", "2024-03-01", "2024-05-31", null],
      "3.1.2": ["frequency", YEAR[1], YEAR[2], 12],
      "3.1.3": ["quarter", "2024-07-01", "2024-09-30", null],
      "3.2.1": ["frequency", YEAR[1], YEAR[2], 2],
      "3.2.2": ["unspecified", YEAR[1], YEAR[2], null],
      "3.2.3": ["frequency", YEAR[1], YEAR[2], 2],
      "3.2.4": ["range", "2024-04-01", "2024-06-30", null],
      "3.3.1": ["quarter", "2024-01-01", "2024-03-31", null],
      "3.3.2": ["frequency", YEAR[1], YEAR[2], 12],
      "3.3.3": ["quarter", "2024-04-01", "2024-06-30", null],
    },
    annex: [
      ["range", "2024-06-01", "2024-07-31"],
      ["quarter", "2024-10-01", "2024-12-31"],
    ],
    page: [/Registo civil digital/, /de março a maio/, /4 de 12/, /s-postponed/, /s-cancelled/],
    monthly: ["3.1.2", 4],
  },
];

const bytesOf = (file: string) => readFileSync(new URL(file, FIXTURES));
const activities = (p: PlanDocument) => p.areas.flatMap((a) => a.activities);

/**
 * What a report in another language may word anew (timings, status lines, distribution,
 * title, language); everything else comes back unchanged.
 */
function structure(plan: PlanDocument): unknown {
  const timing = (t: Timing) => ({ ...t, text: null });
  return {
    ...plan,
    language: null,
    distribution: null,
    title: null,
    areas: plan.areas.map((a) => ({
      ...a,
      activities: a.activities.map((x) => ({
        ...x,
        planned: timing(x.planned),
        status: { ...x.status, text: null, when: x.status.when && timing(x.status.when) },
        occurrences: x.occurrences.map((o) => ({ ...o, when: timing(o.when) })),
      })),
    })),
    annex: plan.annex.map((i) => ({ ...i, when: timing(i.when) })),
  };
}

for (const c of CASES) {
  describe(`another network's report: ${c.file}`, () => {
    const { plan, warnings } = parseTextReport(bytesOf(c.file), { fileName: c.file });

    it("imports without warnings, naming the network from its meeting line", () => {
      assert.deepEqual(warnings, []);
      assert.deepEqual(plan.network, c.network);
      assert.equal(plan.year, 2024);
      assert.equal(plan.language, c.language);
      assert.equal(plan.originalLanguage, c.language);
      assert.equal(plan.presentedAt, c.presentedAt);
    });

    it("reads its governing body, secretariat, sponsor and meetings", () => {
      assert.deepEqual(plan.governance, c.governance);
      assert.deepEqual(
        plan.assemblies.map((a) => [a.ordinal, a.date, a.place?.country ?? null]),
        c.assemblies,
      );
    });

    it("reads its statuses and timings", () => {
      assert.deepEqual(
        Object.fromEntries(activities(plan).map((a) => [a.code, a.status.code])),
        c.statuses,
      );
      assert.deepEqual(
        Object.fromEntries(
          activities(plan).map((a) => [
            a.code,
            [a.planned.kind, a.planned.start, a.planned.end, a.planned.count],
          ]),
        ),
        c.planned,
      );
      assert.deepEqual(
        plan.annex.map((i) => [i.when.kind, i.when.start, i.when.end]),
        c.annex,
      );
      const [code, held] = c.monthly;
      assert.equal(activities(plan).find((a) => a.code === code)?.occurrences.length, held);
      const scheduled = activities(plan).find((a) => a.code === "3.1.3")?.status.when;
      assert.deepEqual([scheduled?.kind, scheduled?.start], ["quarter", "2024-07-01"]);
      assert.deepEqual(
        activities(plan)
          .filter((a) => a.relations.length > 0)
          .map((a) => [a.code, a.relations[0]?.activity]),
        [["3.2.4", "3.1.2"]],
      );
    });

    it("written as Markdown in its language and read back: the same plan", () => {
      const md = renderMarkdown(plan, { lang: c.language });
      const again = parseTextReport(md, { fileName: `report.${c.language}.md` });
      assert.deepEqual(again.warnings, []);
      assert.deepStrictEqual(again.plan, plan);
    });

    for (const lang of LANGUAGES.filter((l) => l !== c.language)) {
      it(`written in ${lang} and read back: the same but for generated wordings`, () => {
        const again = parseTextReport(renderMarkdown(plan, { lang }), { fileName: "r.md" }).plan;
        assert.equal(again.language, lang);
        assert.deepStrictEqual(structure(again), structure(plan));
      });
    }

    describe("every export format", () => {
      // Only the PDF is printed by Chromium; a missing one skips that test.
      const chromiumPath = findTool("chromium") ?? "chromium";
      const base = { baseUrl: "https://plans.example.org", chromiumPath };
      const dir = mkdtempSync(join(tmpdir(), "wp-other-"));
      const tools: Partial<Record<string, Tool[]>> = {
        pdf: ["chromium", "pdftotext"],
        iati: ["xmllint"],
      };
      for (const format of EXPORT_FORMATS) {
        it(format, { skip: needs(...(tools[format] ?? [])) }, async () => {
          const out = await renderExport(plan, format, {
            ...base,
            lang: c.language,
            now: new Date("2024-12-01T00:00:00Z"),
          });
          assert.ok(out.fileName.startsWith(`${c.network.slug}-2024`), out.fileName);
          const text = typeof out.body === "string" ? out.body : "";
          switch (format) {
            case "json":
              assert.deepStrictEqual(JSON.parse(text), plan);
              break;
            case "md":
            case "html":
              assert.ok(text.includes(c.network.name));
              assert.ok(text.includes(plan.areas[0]?.title ?? "?"));
              break;
            case "docx": {
              // The Word report reads back to the same plan, as its text does.
              const back = await parseDocxReport(out.body as Uint8Array, { fileName: "r.docx" });
              assert.deepStrictEqual(back.plan, plan);
              break;
            }
            case "pdf": {
              const file = join(dir, `${c.language}.pdf`);
              writeFileSync(file, out.body);
              const words = execFileSync(toolPath("pdftotext"), [file, "-"], { encoding: "utf8" });
              assert.match(words, new RegExp(plan.areas[0]?.title ?? "?"));
              break;
            }
            case "ics":
              assert.match(text, /^BEGIN:VCALENDAR/);
              assert.match(text, /DTSTART;VALUE=DATE:20240301/); // "March–May" starts the 1st
              break;
            case "csv":
              for (const a of activities(plan)) assert.ok(text.includes(a.code), a.code);
              break;
            case "xlsx":
              assert.equal(
                Buffer.from(out.body as Uint8Array)
                  .subarray(0, 2)
                  .toString(),
                "PK",
              );
              break;
            case "iati": {
              const file = join(dir, `${c.language}.xml`);
              writeFileSync(file, text);
              execFileSync(toolPath("xmllint"), ["--noout", "--schema", IATI_XSD, file], {
                stdio: "pipe",
              });
              assert.equal([...text.matchAll(/<iati-activity /g)].length, activities(plan).length);
              break;
            }
          }
        });
      }
    });

    describe("portal pages", () => {
      let t: WebTestApp;
      const root = `/${c.network.slug}`;
      before(async () => {
        t = await webTestApp({ plan, now: "2024-10-15T12:00:00Z" });
        await t.advance("published");
      });
      after(() => t.close());

      for (const path of [
        "",
        "/2024",
        "/2024/areas/3.2",
        "/2024/activities/3.1.2",
        "/2024/annex",
        "/2024/reports",
      ]) {
        it(`${root}${path} is a page`, async () => {
          const r = await get(t, `${root}${path}?lang=${c.language}`);
          assert.equal(r.statusCode, 200, r.body.slice(0, 300));
          assert.match(r.body, /<a class="skip" href="#main">/);
        });
      }

      it("the plan page shows its areas, timings, statuses and progress", async () => {
        const r = await get(t, `${root}/2024?lang=${c.language}`);
        for (const re of c.page) assert.match(r.body, re);
      });

      it("the annex page shows the unplanned activities", async () => {
        const r = await get(t, `${root}/2024/annex?lang=${c.language}`);
        assert.ok(r.body.includes((plan.annex[1]?.title ?? "?").replace(/'/g, "&#39;")));
      });
    });
  });
}

describe("a report whose header does not name its network", () => {
  const [en] = CASES as [Expected];
  const nameless = bytesOf(en.file)
    .toString("utf8")
    .replace(
      "Twelfth Annual Meeting of the Caribbean Public Procurement Network",
      "Twelfth Annual Meeting",
    );

  it("is refused at the meeting line, with the way out in the message", () => {
    assert.throws(
      () => parseTextReport(nameless, { fileName: "r.md" }),
      (e: unknown) =>
        isAppError(e) &&
        e.details[0]?.line === 5 &&
        /names the meeting but not the network\); name it with --network "Name"/.test(e.message),
    );
    const noMeeting = nameless.replace("Twelfth Annual Meeting\n", "");
    assert.throws(
      () => parseTextReport(noMeeting, { fileName: "r.md" }),
      /the network is not named \(no "<ordinal> <network> <meeting>" line/,
    );
  });

  it("is read when the caller names the network; the meeting's ordinal is kept", () => {
    const { plan } = parseTextReport(nameless, {
      fileName: "r.md",
      network: { name: "Caribbean Public Procurement Network" },
    });
    assert.deepEqual(plan.network, en.network);
    assert.equal(plan.presentedAt, 12);
  });
});

describe("warnings for every line skipped or not placed", () => {
  const [en] = CASES as [Expected];
  const text = bytesOf(en.file)
    .toString("utf8")
    .replace("October 17, 2024\n", "October 17, 2024\n\nPrepared by the Executive Secretariat\n")
    .replace("## 2) Mission", "The 2023 Board of Directors met twice.\n\n## 2) Mission")
    .replace(
      "### 3.4) Unplanned activities",
      "## 4) Budget\n\nUSD 120,000 were spent.\n\nMost of it on travel.\n\n### 3.4) Unplanned activities",
    );
  const lines = text.split("\n");
  const at = (s: string) => lines.indexOf(s) + 1;
  const { warnings } = parseTextReport(text, { fileName: "r.md" });

  it("names each line, with its number", () => {
    assert.deepEqual(warnings, [
      {
        line: at("Prepared by the Executive Secretariat"),
        message: 'header line not understood: "Prepared by the Executive Secretariat"',
      },
      {
        line: at("The 2023 Board of Directors met twice."),
        message:
          '"2023 Board of Directors" is named but its members and chair were not read (expected e.g. "The 2024 Steering Committee, consisting of Chile, Peru and Uruguay (chaired by Peru)")',
      },
      {
        line: at("## 4) Budget"),
        message: 'section "## 4) Budget" not understood; its text is skipped',
      },
      {
        line: at("USD 120,000 were spent."),
        message: `line skipped: it is in section "## 4) Budget" (line ${at("## 4) Budget")})`,
      },
      {
        line: at("Most of it on travel."),
        message: `line skipped: it is in section "## 4) Budget" (line ${at("## 4) Budget")})`,
      },
    ]);
  });
});

for (const dialect of testDialects()) {
  describe(`the API imports another network's report [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(dialect, { plan: null });
    });
    after(() => t.close());

    for (const c of CASES) {
      it(`${c.file}: stored and read back equal`, async () => {
        const { plan } = parseTextReport(bytesOf(c.file), { fileName: c.file });
        const made = await t.inject({
          method: "POST",
          url: `/api/v1/imports?filename=${c.file}`,
          as: "admin", // a new network is the install administrator's to create
          payload: bytesOf(c.file),
          headers: { "content-type": `${c.type}; charset=utf-8` },
        });
        assert.equal(made.statusCode, 201, made.body);
        assert.deepEqual(body(made).warnings, []);
        const read = await t.inject({
          method: "GET",
          url: made.headers.location as string,
          as: "admin",
        });
        assert.equal(read.statusCode, 200, read.body);
        assert.deepStrictEqual(body(read), plan);
      });
    }

    it("a report that does not name its network: 422, then stored under networkName", async () => {
      const [en] = CASES as [Expected];
      const nameless = bytesOf(en.file)
        .toString("utf8")
        .replace(
          "Twelfth Annual Meeting of the Caribbean Public Procurement Network",
          "XII Annual Meeting",
        );
      const post = (query: string) =>
        t.inject({
          method: "POST",
          url: `/api/v1/imports?filename=r.md${query}`,
          as: "admin",
          payload: nameless,
          headers: { "content-type": "text/markdown; charset=utf-8" },
        });
      const refused = await post("");
      assert.equal(refused.statusCode, 422, refused.body);
      assert.match(refused.body, /network is not named/);
      const named = await post(
        `&networkName=${encodeURIComponent("Caribbean Procurement Net")}&network=cpn`,
      );
      assert.equal(named.statusCode, 201, named.body);
      assert.equal(named.headers.location, "/api/v1/networks/cpn/plans/2024");
      const read = await t.inject({
        method: "GET",
        url: named.headers.location as string,
        as: "admin",
      });
      assert.deepEqual(body(read).network, { slug: "cpn", name: "Caribbean Procurement Net" });
      assert.equal(body(read).presentedAt, 12);
    });
  });
}
