import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { isAppError } from "../core/errors.ts";
import type { Activity, PlanDocument, StatusCode, TimingKind } from "../core/plan.ts";
import { parseTextReport } from "./parse-text-report.ts";

const SEED = new URL("../../examples/gealc-2023/", import.meta.url);
const FIXTURES = new URL("../../test/fixtures/text/", import.meta.url);
const seedBytes = readFileSync(new URL("gealc-2023-work-plan-report.en.txt", SEED));
const seedText = seedBytes.toString("utf8");
const esBytes = readFileSync(new URL("extracto-informe-2023.es.txt", SEED));

const en = parseTextReport(seedBytes, { fileName: "gealc-2023-work-plan-report.en.txt" });
const plan = en.plan;

function activity(p: PlanDocument, code: string): Activity {
  for (const area of p.areas) for (const a of area.activities) if (a.code === code) return a;
  throw new Error(`no activity ${code}`);
}
const allActivities = (p: PlanDocument) => p.areas.flatMap((a) => a.activities);

describe("the English seed report", () => {
  it("has the header facts", () => {
    assert.equal(plan.schema, "workplan.plan/v1");
    assert.deepEqual(plan.network, { slug: "gealc", name: "GEALC Network" });
    assert.equal(plan.year, 2023);
    assert.equal(plan.title, "2023 WORK PLAN Report");
    assert.equal(plan.language, "en");
    assert.equal(plan.originalLanguage, "es");
    assert.equal(plan.distribution, "For PUBLIC distribution (once approved)");
    assert.equal(plan.presentedAt, 17);
  });

  it("counts 9 areas, 39 activities, 11 annex items, 65 sources", () => {
    assert.equal(plan.areas.length, 9);
    assert.deepEqual(
      plan.areas.map((a) => a.activities.length),
      [7, 5, 5, 2, 4, 5, 4, 4, 3],
    );
    assert.equal(allActivities(plan).length, 39);
    assert.equal(plan.annex.length, 11);
    assert.equal(plan.sources.length, 65);
    assert.deepEqual(
      plan.sources.map((s) => s.id),
      Array.from({ length: 65 }, (_, i) => i + 1),
    );
  });

  it("keeps background and purpose paragraphs as written", () => {
    assert.equal(plan.background.length, 3);
    assert.match(plan.background[0] ?? "", /^In accordance with the bylaws/);
    assert.equal(plan.purpose.length, 1);
    assert.match(plan.purpose[0] ?? "", /international organizations\.”\[\^1\]\.$/);
  });

  it("reads areas with their objectives", () => {
    assert.deepEqual(
      plan.areas.map((a) => `${a.code} ${a.title}`),
      [
        "3.1 Cross-border services",
        "3.2 Open data",
        "3.3 Cybersecurity",
        "3.4 Digital government measurement",
        "3.5 Public sector innovation",
        "3.6 Emerging technologies",
        "3.7 Public software",
        "3.8 Cross-sectional",
        "3.9 GEALC Network Annual meeting",
      ],
    );
    assert.equal(
      plan.areas[8]?.objective,
      "Meeting of the highest level authorities of the region.",
    );
  });

  it("reads titles without the final stop, markers kept", () => {
    assert.equal(activity(plan, "3.1.1").title, "Regional cross-border digital signature webinar");
    assert.equal(activity(plan, "3.5.3").title, "Working group meetings[^34]");
    assert.equal(activity(plan, "3.8.4").title, "20 years of GEALC Network Material");
  });

  const statuses: Record<string, StatusCode> = {
    "3.1.1": "executed",
    "3.1.2": "scheduled",
    "3.1.3": "executed",
    "3.1.4": "executed",
    "3.1.5": "executed",
    "3.1.6": "executed",
    "3.1.7": "executed",
    "3.2.1": "executed_otherwise",
    "3.2.2": "scheduled",
    "3.2.3": "executed_otherwise",
    "3.2.4": "executed",
    "3.2.5": "executed",
    "3.3.1": "executed",
    "3.3.2": "scheduled",
    "3.3.3": "superseded",
    "3.3.4": "executed",
    "3.3.5": "executed",
    "3.4.1": "executed",
    "3.4.2": "superseded",
    "3.5.1": "executed",
    "3.5.2": "scheduled",
    "3.5.3": "executed",
    "3.5.4": "executed",
    "3.6.1": "executed",
    "3.6.2": "scheduled",
    "3.6.3": "in_progress",
    "3.6.4": "executed",
    "3.6.5": "executed",
    "3.7.1": "executed",
    "3.7.2": "scheduled",
    "3.7.3": "executed",
    "3.7.4": "executed",
    "3.8.1": "ongoing",
    "3.8.2": "executed",
    "3.8.3": "scheduled",
    "3.8.4": "in_progress",
    "3.9.1": "in_progress",
    "3.9.2": "in_progress",
    "3.9.3": "scheduled",
  };
  it("reads each activity's status code", () => {
    const got = Object.fromEntries(allActivities(plan).map((a) => [a.code, a.status.code]));
    assert.deepEqual(got, statuses);
  });

  it("reads when scheduled and executed activities are held", () => {
    const when = (code: string) => {
      const w = activity(plan, code).status.when;
      return w && [w.kind, w.start, w.end];
    };
    assert.deepEqual(when("3.1.2"), ["date", "2023-11-20", "2023-11-20"]);
    assert.deepEqual(when("3.2.4"), ["date", "2023-10-31", "2023-10-31"]);
    assert.deepEqual(when("3.8.3"), ["month", "2023-12-01", "2023-12-31"]);
    assert.deepEqual(when("3.9.3"), ["range", "2023-11-20", "2023-11-22"]);
  });

  it("keeps status lines as written, after footnote blocks too", () => {
    assert.equal(activity(plan, "3.1.1").status.text, "Executed[^2].");
    assert.equal(
      activity(plan, "3.1.5").status.text,
      "Executed (May [^6], June [^7], July [^8], August [^9], September [^10], October [^11]).",
    );
    assert.equal(activity(plan, "3.3.1").status.text, "Executed[^25].");
    assert.equal(activity(plan, "3.5.4").status.text, "Executed[^40].");
    assert.equal(activity(plan, "3.9.3").status.text, "To be held from November 20 to 22.");
    assert.match(activity(plan, "3.8.2").status.text, /in Washington,\[\^55\]D\.C\.$/);
  });

  const planned: [string, TimingKind, string | null, string | null, number | null, string][] = [
    ["3.1.1", "date", "2023-09-19", "2023-09-19", null, "September 19"],
    ["3.1.2", "semester", "2023-07-01", "2023-12-31", null, "2nd. semester"],
    ["3.1.4", "year", "2023-01-01", "2023-12-31", null, "Annual"],
    ["3.1.5", "frequency", "2023-01-01", "2023-12-31", 4, "4 a year"],
    ["3.2.1", "semester", "2023-01-01", "2023-06-30", null, "1st semester"],
    ["3.3.1", "date", "2023-07-27", "2023-07-27", null, "July 27"],
    ["3.3.4", "frequency", "2023-01-01", "2023-12-31", 4, "Quarterly (4 a year)"],
    ["3.4.2", "frequency", "2023-01-01", "2023-12-31", 4, "Quarterly"],
    ["3.5.4", "year", "2023-01-01", "2023-12-31", null, "Annual"],
    ["3.6.1", "date", "2023-02-15", "2023-02-15", null, "February 15"],
  ];
  for (const [code, kind, start, end, count, text] of planned) {
    it(`reads ${code}'s planned timing "${text}"`, () => {
      const t = activity(plan, code).planned;
      assert.deepEqual([t.kind, t.start, t.end, t.count, t.text], [kind, start, end, count, text]);
    });
  }
  it("reads a missing Date line as unspecified", () => {
    for (const code of ["3.4.1", "3.9.1", "3.9.2", "3.9.3"]) {
      const t = activity(plan, code).planned;
      assert.equal(t.kind, "unspecified", code);
      assert.equal(t.text, "", code);
    }
  });

  it("reads locations, in either order with the date", () => {
    const loc = (code: string) => {
      const l = activity(plan, code).location;
      return [l.kind, l.text, l.city, l.country];
    };
    assert.deepEqual(loc("3.1.1"), ["place", "Brasilia", "Brasilia", "BR"]);
    assert.deepEqual(loc("3.1.3"), ["place", "Florianopolis, Brazil", "Florianopolis", "BR"]);
    assert.deepEqual(loc("3.1.4"), ["virtual", "Virtual meetings", null, null]);
    assert.deepEqual(loc("3.2.2"), ["virtual", "Virtual", null, null]);
    assert.deepEqual(loc("3.2.3"), ["virtual", "Virtual exchanges", null, null]);
    assert.deepEqual(loc("3.2.4"), ["place", "Montevideo, Uruguay", "Montevideo", "UY"]);
    assert.deepEqual(loc("3.6.1"), ["place", "Kingston, Jamaica", "Kingston", "JM"]);
    assert.deepEqual(loc("3.9.3"), ["place", "Santiago de Chile", "Santiago de Chile", "CL"]);
    for (const code of ["3.3.3", "3.3.4", "3.8.2"]) {
      assert.deepEqual(loc(code), ["unspecified", "", null, null], code);
    }
    assert.equal(activity(plan, "3.2.3").planned.kind, "semester");
  });

  const occurrences: [string, string[], number[][]][] = [
    ["3.1.5", ["05", "06", "07", "08", "09", "10"], [[6], [7], [8], [9], [10], [11]]],
    ["3.1.6", ["05", "06", "07", "08", "09", "10"], [[12], [13], [14], [15], [16], [17]]],
    ["3.3.4", ["04", "05", "06", "10"], [[28], [29], [30], [31]]],
    ["3.5.3", ["03", "05", "06", "08", "09"], [[35], [36], [37], [38], [39]]],
    ["3.6.4", ["03", "05", "06", "08", "09"], [[42], [43], [44], [45], [46]]],
    ["3.7.3", ["05", "06", "08", "09"], [[49], [50], [51], [52]]],
  ];
  for (const [code, months, sources] of occurrences) {
    it(`reads ${code}'s occurrences`, () => {
      const o = activity(plan, code).occurrences;
      assert.deepEqual(
        o.map((x) => [x.when.kind, x.when.start?.slice(5, 7)]),
        months.map((m) => ["month", m]),
      );
      assert.deepEqual(
        o.map((x) => x.sources),
        sources,
      );
    });
  }
  it("gives activities without a list no occurrences", () => {
    assert.deepEqual(activity(plan, "3.1.1").occurrences, []);
  });

  it("lists every source an activity cites, in order", () => {
    assert.deepEqual(activity(plan, "3.1.5").sources, [6, 7, 8, 9, 10, 11]);
    assert.deepEqual(activity(plan, "3.2.1").sources, [19, 20]);
    assert.deepEqual(activity(plan, "3.2.5").sources, [23, 24]);
    assert.deepEqual(activity(plan, "3.5.3").sources, [34, 35, 36, 37, 38, 39]);
    assert.deepEqual(activity(plan, "3.8.2").sources, [55]);
    assert.deepEqual(activity(plan, "3.9.3").sources, []);
  });

  it("reads the joint relation 3.5.3 -> 3.6.4 from note 34", () => {
    assert.deepEqual(activity(plan, "3.5.3").relations, [
      { kind: "joint", activity: "3.6.4", source: 34 },
    ]);
    const others = allActivities(plan).filter((a) => a.code !== "3.5.3");
    assert.ok(others.every((a) => a.relations.length === 0));
  });

  it("reads the annex", () => {
    assert.equal(
      plan.annexIntro,
      "Some activities not foreseen in the original Work Plan document.",
    );
    assert.deepEqual(
      plan.annex.map((a) => [a.when.kind, a.when.text]),
      [
        "January",
        "February",
        "February",
        "March",
        "March",
        "March",
        "April",
        "July",
        "August",
        "October",
        "October",
      ].map((m) => ["month", m]),
    );
    assert.deepEqual(plan.annex[0], {
      when: plan.annex[0]?.when,
      title:
        "Argentina-Uruguay Horizontal Cooperation Exchange on Cross-Border Digital Services[^56]",
      sources: [56],
    });
    assert.equal(plan.annex[0]?.when.start, "2023-01-01");
    assert.equal(plan.annex[0]?.when.end, "2023-01-31");
    assert.equal(
      plan.annex[2]?.title,
      "Panama-Trinidad & Tobago Horizontal Cooperation Exchange[^58] on cross-border digital services",
    );
    assert.deepEqual(
      plan.annex.map((a) => a.sources),
      [[56], [57], [58], [59], [60], [61], [62], [63], [64], [65], []],
    );
  });

  it("reads the sources as written", () => {
    const source = (id: number) => plan.sources.find((s) => s.id === id);
    assert.deepEqual(source(1), {
      id: 1,
      url: "https://www.redGEALC.org/sobre-red-GEALC/estatutos/",
      label: "Source: Red GEALC Bylaws",
      note: null,
      text: "Source: Red GEALC Bylaws: <https://www.redGEALC.org/sobre-red-GEALC/estatutos/>",
    });
    assert.equal(
      source(3)?.url,
      "https://www.redGEALC.org/site/assets/files/16337/agenda_track_transfronterizo_red_GEALC_2023.pdf",
    );
    assert.equal(source(3)?.text, source(3)?.url);
    assert.equal(
      source(18)?.url,
      "https://www.redGEALC.org/lneas-de-trabajo/servicios-transfronterizos/",
    );
    assert.equal(source(34)?.url, null);
    assert.equal(
      source(34)?.note,
      "The meetings of the Innovation and Emerging Technologies working groups (3.6.4) will be held jointly, by consensus in the two groups.",
    );
    assert.deepEqual(source(54), {
      id: 54,
      url: "https://www.redGEALC.org",
      label: null,
      note: null,
      text: "www.redGEALC.org",
    });
    const links = plan.sources.filter((s) => s.url !== null);
    assert.equal(links.length, 64);
  });

  it("reads governance and assemblies", () => {
    assert.deepEqual(plan.governance, [
      {
        year: 2022,
        committee: ["BO", "BR", "DM", "EC", "SV", "GT", "PY", "TT"],
        presidency: "EC",
        technicalSecretariat: "OAS",
        promotingBody: "IDB",
      },
      {
        year: 2023,
        committee: ["BO", "BR", "DM", "GT", "PE", "DO", "SR", "UY"],
        presidency: "PE",
        technicalSecretariat: "OAS",
        promotingBody: "IDB",
      },
    ]);
    assert.deepEqual(plan.assemblies, [
      {
        ordinal: 16,
        date: "2022-11-11",
        place: { kind: "place", text: "Lima, Peru", city: "Lima", country: "PE" },
      },
      { ordinal: 17, date: "2023-11-21", place: null },
    ]);
  });

  it("imports without warnings", () => {
    assert.deepEqual(en.warnings, []);
  });

  it("reads the same from a string as from bytes", () => {
    assert.deepEqual(parseTextReport(seedText, { fileName: "x.txt" }).plan, plan);
  });

  it("lets the caller name the network", () => {
    const got = parseTextReport(seedBytes, {
      fileName: "x.txt",
      network: { slug: "red-gealc", name: "Red GEALC" },
    });
    assert.deepEqual(got.plan.network, { slug: "red-gealc", name: "Red GEALC" });
    const named = parseTextReport(seedBytes, { fileName: "x.txt", network: { name: "Red GEALC" } });
    assert.deepEqual(named.plan.network, { slug: "gealc", name: "Red GEALC" });
  });
});

describe("the Spanish extract", () => {
  const es = parseTextReport(esBytes, { fileName: "extracto-informe-2023.es.txt" });
  const p = es.plan;

  it("imports with its header in Spanish", () => {
    assert.equal(p.language, "es");
    assert.equal(p.originalLanguage, "es");
    assert.deepEqual(p.network, { slug: "gealc", name: "Red GEALC" });
    assert.equal(p.title, "Informe del PLAN DE TRABAJO 2023");
    assert.equal(p.year, 2023);
    assert.equal(p.distribution, "Para distribución PÚBLICA (una vez aprobado)");
    assert.equal(p.presentedAt, 17);
    assert.deepEqual(es.warnings, []);
  });

  it("has area 3.1 and the annex only", () => {
    assert.deepEqual(
      p.areas.map((a) => [a.code, a.title]),
      [["3.1", "Servicios transfronterizos"]],
    );
    assert.equal(p.annex.length, 11);
    assert.equal(
      p.annexIntro,
      "Algunas actividades no previstas en el documento original del Plan de Trabajo.",
    );
    assert.deepEqual(
      p.sources.map((s) => s.id),
      [
        ...Array.from({ length: 18 }, (_, i) => i + 1),
        ...Array.from({ length: 10 }, (_, i) => i + 56),
      ],
    );
  });

  it("matches the English report for 3.1.x: codes, statuses, timings, occurrences", () => {
    const esActs = p.areas[0]?.activities ?? [];
    const enActs = plan.areas[0]?.activities ?? [];
    assert.equal(esActs.length, 7);
    const shape = (a: Activity) => ({
      code: a.code,
      status: a.status.code,
      when: a.status.when && [a.status.when.kind, a.status.when.start, a.status.when.end],
      planned: [a.planned.kind, a.planned.start, a.planned.end, a.planned.count],
      location: [a.location.kind, a.location.country],
      occurrences: a.occurrences.map((o) => [o.when.start, o.when.end, o.sources]),
      sources: a.sources,
    });
    assert.deepEqual(esActs.map(shape), enActs.map(shape));
  });

  it("keeps the Spanish wording of timings", () => {
    const a = (code: string) => p.areas[0]?.activities.find((x) => x.code === code);
    assert.equal(a("3.1.1")?.planned.text, "19 de septiembre");
    assert.equal(a("3.1.2")?.planned.text, "2do. semestre");
    assert.equal(a("3.1.4")?.planned.text, "Anual");
    assert.equal(a("3.1.5")?.planned.text, "4 al año");
    assert.equal(a("3.1.3")?.location.city, "Florianópolis");
    assert.equal(p.annex[0]?.when.text, "Enero");
  });

  it("reads the governance in Spanish", () => {
    assert.deepEqual(
      p.governance.map((g) => [g.year, g.presidency, g.technicalSecretariat, g.promotingBody]),
      [
        [2022, "EC", "OEA", "BID"],
        [2023, "PE", "OEA", "BID"],
      ],
    );
    assert.deepEqual(
      p.governance,
      plan.governance.map((g) => ({ ...g, technicalSecretariat: "OEA", promotingBody: "BID" })),
    );
    assert.deepEqual(p.assemblies[0]?.place?.text, "Lima, Perú");
    assert.deepEqual(
      p.assemblies.map((x) => [x.ordinal, x.date]),
      [
        [16, "2022-11-11"],
        [17, "2023-11-21"],
      ],
    );
  });
});

describe("a full Spanish report of our own", () => {
  const { plan: p, warnings } = parseTextReport(
    readFileSync(new URL("informe-2024.es.txt", FIXTURES)),
    { fileName: "informe-2024.es.txt" },
  );
  it("imports in Spanish", () => {
    assert.equal(p.language, "es");
    assert.equal(p.year, 2024);
    assert.equal(p.presentedAt, 18);
    assert.deepEqual(warnings, []);
    assert.equal(p.areas.length, 3);
    assert.equal(allActivities(p).length, 9);
  });
  it("reads each Spanish status form", () => {
    assert.deepEqual(Object.fromEntries(allActivities(p).map((a) => [a.code, a.status.code])), {
      "3.1.1": "executed",
      "3.1.2": "executed",
      "3.1.3": "scheduled",
      "3.2.1": "in_progress",
      "3.2.2": "ongoing",
      "3.2.3": "postponed",
      "3.2.4": "cancelled",
      "3.3.1": "superseded",
      "3.3.2": "executed",
    });
    assert.equal(activity(p, "3.1.3").status.when?.start, "2024-11-20");
  });
  it("reads Spanish timings, places, occurrences and a joint note", () => {
    assert.deepEqual(
      allActivities(p).map((a) => a.planned.kind),
      [
        "date",
        "frequency",
        "semester",
        "semester",
        "year",
        "month",
        "month",
        "semester",
        "frequency",
      ],
    );
    assert.equal(activity(p, "3.1.1").planned.start, "2024-03-12");
    assert.deepEqual(
      [activity(p, "3.1.1").location.city, activity(p, "3.1.1").location.country],
      ["Asunción", "PY"],
    );
    assert.equal(activity(p, "3.2.2").location.kind, "unspecified");
    assert.deepEqual(
      activity(p, "3.1.2").occurrences.map((o) => [o.when.start, o.sources]),
      [
        ["2024-03-01", [3]],
        ["2024-06-01", [4]],
        ["2024-09-01", [5]],
      ],
    );
    assert.deepEqual(activity(p, "3.3.2").relations, [
      { kind: "joint", activity: "3.1.2", source: 8 },
    ]);
    assert.equal(p.sources.find((s) => s.id === 6)?.url, "https://www.redGEALC.org");
    assert.deepEqual(
      p.annex.map((a) => [a.when.start, a.sources]),
      [
        ["2024-02-01", [11]],
        ["2024-08-01", []],
      ],
    );
    assert.equal(p.assemblies[0]?.place?.country, "CL");
  });
});

describe("a Portuguese Markdown report", () => {
  const { plan: p, warnings } = parseTextReport(
    readFileSync(new URL("relatorio-2024.pt.md", FIXTURES)),
    { fileName: "relatorio-2024.pt.md" },
  );
  it("imports in Portuguese", () => {
    assert.equal(p.language, "pt");
    assert.equal(p.originalLanguage, "es");
    assert.deepEqual(p.network, { slug: "gealc", name: "Rede GEALC" });
    assert.equal(p.title, "Relatório do PLANO DE TRABALHO 2024");
    assert.equal(p.distribution, "Para distribuição PÚBLICA (uma vez aprovado)");
    assert.deepEqual(warnings, []);
  });
  it("reads Portuguese fields, statuses and timings", () => {
    assert.deepEqual(
      Object.fromEntries(allActivities(p).map((a) => [a.code, [a.status.code, a.planned.kind]])),
      {
        "3.1.1": ["executed", "date"],
        "3.1.2": ["executed", "frequency"],
        "3.1.3": ["scheduled", "semester"],
        "3.2.1": ["in_progress", "semester"],
        "3.2.2": ["postponed", "month"],
      },
    );
    assert.deepEqual(activity(p, "3.1.1").location.country, "BR");
    assert.deepEqual(activity(p, "3.2.1").location.kind, "virtual");
    assert.equal(activity(p, "3.1.2").occurrences.length, 2);
    assert.deepEqual(p.governance[0]?.committee, ["BO", "BR", "DM", "GT", "PE", "DO", "SR", "UY"]);
    assert.equal(p.sources[0]?.label, "Fonte: Estatutos da Rede GEALC");
    assert.deepEqual(p.annex[0]?.sources, [5]);
  });
});

describe("awkward copies of the seed give the same plan", () => {
  const same = (text: string | Uint8Array) =>
    assert.deepEqual(parseTextReport(text, { fileName: "copy.txt" }).plan, plan);
  const SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹";
  const digits = (run: string) => [...run].map((c) => SUP.indexOf(c)).join("");
  const SUP_RUN = /[⁰¹²³⁴-⁹]+/g;

  it("with CRLF line ends", () => same(seedText.replace(/\n/g, "\r\n")));
  it("with CR line ends", () => same(seedText.replace(/\n/g, "\r")));
  it("with a BOM", () => {
    same(`\uFEFF${seedText}`);
    same(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), seedBytes]));
  });
  it("with non-breaking spaces everywhere", () => same(seedText.replace(/ /g, "\u00a0")));
  it("with extra blank lines", () => same(seedText.replace(/\n/g, "\n\n\n")));
  it("with trailing spaces and tabs", () => same(seedText.replace(/\n/g, " \t\n")));
  it("with caret footnotes ^6", () => same(seedText.replace(SUP_RUN, (r) => `^${digits(r)}`)));
  it("as Markdown: # headings, [^6] references and [^6]: definitions", () => {
    const md = seedText
      .split("\n")
      .map((line) => {
        const def = /^([⁰¹²³⁴-⁹]+)\s*(.*)$/.exec(line);
        if (def) return `[^${digits(def[1] as string)}]: ${def[2]}`;
        const l = line.replace(SUP_RUN, (r) => `[^${digits(r)}]`);
        if (/^\d+\.\d+\.\d+\)/.test(l)) return `### ${l}`;
        if (/^\d+\.\d+\)/.test(l)) return `## ${l}`;
        if (/^\d[.)] /.test(l)) return `# ${l}`;
        return l;
      })
      .join("\n");
    assert.match(md, /^\[\^2\]: <https/m);
    assert.match(md, /^### 3\.5\.3\) Working group meetings\[\^34\]$/m);
    same(md);
  });
  it("as Markdown with bold labels and a bulleted annex", () => {
    const md = seedText
      .replace(/^(Location|Place|Objective):/gm, "**$1:**")
      .replace(/^Date:/gm, "**Date**:")
      .replace(/^(January|February|March|April|July|August|October):/gm, "- $1:");
    assert.match(md, /^\*\*Location:\*\* Brasilia\.$/m);
    assert.match(md, /^- October: Provision/m);
    same(md);
  });
  it("with all of it at once", () => {
    same(
      `\uFEFF${seedText
        .replace(SUP_RUN, (r) => `^${digits(r)}`)
        .replace(/ /g, "\u00a0")
        .replace(/\n/g, "\r\n\r\n")}`,
    );
  });
});

describe("Markdown backslash escapes", () => {
  const escaped = seedText.replace(
    "3.1.1) Regional cross-border digital signature webinar.",
    "3.1.1) 1\\. Use \\*stars\\*, snake\\_case \\<b\\> \\[sic\\].",
  );
  it("are undone in a Markdown file", () => {
    const { plan: p } = parseTextReport(escaped, { fileName: "report.md" });
    assert.equal(activity(p, "3.1.1").title, "1. Use *stars*, snake_case <b> [sic]");
  });
  it("are kept in a plain text file", () => {
    const { plan: p } = parseTextReport(escaped, { fileName: "report.txt" });
    assert.equal(
      activity(p, "3.1.1").title,
      "1\\. Use \\*stars\\*, snake\\_case \\<b\\> \\[sic\\]",
    );
  });
});

describe("errors name the line", () => {
  const fails = (input: string | Uint8Array, line: number, message: RegExp) =>
    assert.throws(
      () => parseTextReport(input, { fileName: "r.txt" }),
      (e: unknown) =>
        isAppError(e) &&
        e.code === "parse_error" &&
        e.details[0]?.line === line &&
        e.message.startsWith(`r.txt:${line}: `) &&
        message.test(e.message),
    );

  it("an empty file: line 1", () => {
    fails("", 1, /empty file/);
    fails(new Uint8Array(), 1, /empty file/);
    fails("\n\n   \n\t\n", 1, /empty file/);
  });
  it("a binary file: the line of the first bad byte", () => {
    const bytes = Buffer.concat([
      Buffer.from(seedText.split("\n").slice(0, 4).join("\n")),
      Buffer.from("\n\u0000\u0001PK"),
    ]);
    fails(bytes, 5, /not a text file/);
    fails(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), 1, /not a text file/);
  });
  it("no work areas: the work-areas heading, or the last line", () => {
    const upTo = (n: number) => seedText.split("\n").slice(0, n).join("\n");
    fails(upTo(26), 25, /no work areas/);
    // Line 22 of the seed is blank: the error points at line 21, the last with text.
    fails(upTo(22), 21, /no work areas/);
    fails(`${upTo(22)}\n\n\n`, 21, /no work areas/);
    fails("A one-line report with no areas\n", 1, /no work areas/);
  });
  it("two activities with the same code", () => {
    fails(
      seedText.replace("3.1.2) Regional", "3.1.1) Regional"),
      39,
      /duplicate activity code 3\.1\.1 \(first at line 31\)/,
    );
  });
  it("an activity outside its area, before any area, or in the annex", () => {
    fails(
      seedText.replace("3.1.2) Regional", "3.2.9) Regional"),
      39,
      /activity 3\.2\.9 is not in area 3\.1/,
    );
    fails(
      seedText.replace("3.1) Cross-border services", "Cross-border services"),
      31,
      /before any work area/,
    );
    fails(`${seedText}\n\n3.10.1) Stray.\n`, 514, /inside the annex/);
  });
  it("a footnote defined twice", () => {
    fails(
      seedText.replace("³ https://www.redGEALC.org/site", "² https://www.redGEALC.org/site"),
      71,
      /footnote 2 defined twice \(first at line 69\)/,
    );
  });
  it("no title with a year", () => {
    fails(seedText.replace("2023 WORK PLAN Report", "WORK PLAN Report"), 3, /plan year/);
  });
});

describe("warnings", () => {
  it("a footnote cited but never defined: at the line citing it", () => {
    const text = seedText.replace(/^⁴ <https:[^\n]*\n/m, "");
    const { plan: p, warnings } = parseTextReport(text, { fileName: "r.txt" });
    assert.deepEqual(warnings, [{ line: 53, message: "footnote 4 is cited but never defined" }]);
    assert.equal(p.sources.length, 64);
    assert.deepEqual(activity(p, "3.1.3").sources, [4]);
  });
  it("a footnote defined but never cited: at its definition", () => {
    const text = `${seedText}\n\n⁹⁹ https://example.org/extra\n`;
    const { plan: p, warnings } = parseTextReport(text, { fileName: "r.txt" });
    assert.deepEqual(warnings, [{ line: 514, message: "footnote 99 is defined but never cited" }]);
    assert.equal(p.sources.at(-1)?.url, "https://example.org/extra");
  });
  it("a link that is not http(s) is kept as a note, with a warning", () => {
    const text = seedText.replace("⁵⁴ www.redGEALC.org", "⁵⁴ <javascript:alert(1)>");
    const { plan: p, warnings } = parseTextReport(text, { fileName: "r.txt" });
    assert.deepEqual(p.sources.find((s) => s.id === 54)?.note, "<javascript:alert(1)>");
    assert.equal(p.sources.find((s) => s.id === 54)?.url, null);
    assert.deepEqual(
      warnings.map((w) => w.line),
      [462],
    );
  });
  it("a timing or status it cannot read: kept as written, with a warning", () => {
    const text = seedText
      .replace("Date: September 19.", "Date: when the stars align.")
      .replace("Executed².", "Zorgled².");
    const { plan: p, warnings } = parseTextReport(text, { fileName: "r.txt" });
    const a = activity(p, "3.1.1");
    assert.deepEqual([a.planned.kind, a.planned.text], ["unspecified", "when the stars align"]);
    assert.equal(a.status.text, "Zorgled[^2].");
    assert.deepEqual(a.sources, [2]);
    assert.deepEqual(
      warnings.map((w) => w.line),
      [35, 37],
    );
  });
});

describe("a status sentence no rule reads", () => {
  const odd = seedText.replace(
    "3.6.3) Regional document update.\n\nDate: Annual.\n\nLocation: Virtual meetings.\n\nIn progress.",
    "3.6.3) Regional document update.\n\nDate: Annual.\n\nLocation: Virtual meetings.\n\nAwaiting the partners' comments.",
  );
  const got = parseTextReport(odd, { fileName: "odd.txt" });

  it("is imported as unclassified with its sentence kept, and a warning naming the line", () => {
    assert.notEqual(odd, seedText);
    const a = activity(got.plan, "3.6.3");
    assert.equal(a.status.code, "unclassified");
    assert.equal(a.status.text, "Awaiting the partners' comments.");
    assert.equal(a.status.note, "Awaiting the partners' comments.");
    assert.equal(got.warnings.length, 1);
    assert.match(got.warnings[0]?.message ?? "", /3\.6\.3: status not recognised.*unclassified/);
    const line = odd.split("\n").indexOf("Awaiting the partners' comments.") + 1;
    assert.equal(got.warnings[0]?.line, line);
  });
});
