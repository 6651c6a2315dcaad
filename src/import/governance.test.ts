import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  findFullDate,
  mergeAssemblies,
  networkSlug,
  parseAssemblyHeading,
  readGovernance,
  romanToInt,
} from "./governance.ts";
import { parseMeetingHeading } from "./meetings.ts";

describe("romanToInt", () => {
  for (const [r, n] of [
    ["I", 1],
    ["IV", 4],
    ["VIII", 8],
    ["XVI", 16],
    ["XVII", 17],
    ["XIX", 19],
    ["XL", 40],
    ["MCMXCIX", 1999],
  ] as const) {
    it(`${r} -> ${n}`, () => assert.equal(romanToInt(r), n));
  }
  it("refuses what is not a numeral", () => {
    for (const w of ["", "IIII", "VX", "ABC", "GEALC"]) assert.equal(romanToInt(w), null);
  });
});

describe("findFullDate", () => {
  it("reads English, Spanish and Portuguese dates", () => {
    assert.equal(findFullDate("November 21, 2023")?.iso, "2023-11-21");
    assert.equal(findFullDate("21 de noviembre de 2023")?.iso, "2023-11-21");
    assert.equal(findFullDate("21 de novembro de 2023")?.iso, "2023-11-21");
    assert.equal(findFullDate("3 de setiembre de 2023")?.iso, "2023-09-03");
    assert.equal(findFullDate("Lima, Peru, November 11, 2022")?.index, 12);
  });
  it("refuses impossible dates and words that are not months", () => {
    assert.equal(findFullDate("February 30, 2023"), null);
    assert.equal(findFullDate("Meeting 21, 2023"), null);
  });
});

describe("parseAssemblyHeading and networkSlug", () => {
  it("reads the assembly's ordinal and the network's name", () => {
    assert.deepEqual(parseAssemblyHeading("XVII GEALC Network Annual Assembly"), {
      ordinal: 17,
      network: "GEALC Network",
    });
    assert.deepEqual(parseAssemblyHeading("XVII Asamblea Anual de la Red GEALC"), {
      ordinal: 17,
      network: "Red GEALC",
    });
    assert.deepEqual(parseAssemblyHeading("XVIII Assembleia Anual da Rede GEALC"), {
      ordinal: 18,
      network: "Rede GEALC",
    });
    assert.equal(parseAssemblyHeading("2023 WORK PLAN Report"), null);
  });
  it("reads other networks' meetings, ordinals and word orders in en/es/pt", () => {
    const cases: [string, number, string | null][] = [
      [
        "12th Annual Meeting of the Caribbean Public Procurement Network",
        12,
        "Caribbean Public Procurement Network",
      ],
      [
        "Twelfth Plenary of the Network of Statistical Offices",
        12,
        "Network of Statistical Offices",
      ],
      ["The Caribbean Data Network's 4th Annual Conference", 4, "Caribbean Data Network"],
      ["XXI RIRC Council.", 21, "RIRC"],
      ["III General Assembly of the Andean Cadastre Network", 3, "Andean Cadastre Network"],
      ["Décima Segunda Reunión Anual de la Red Andina de Catastro", 12, "Red Andina de Catastro"],
      ["VII Encuentro de la Red de Compras Públicas", 7, "Red de Compras Públicas"],
      ["5.º Congreso de la Red Z", 5, "Red Z"],
      [
        "IX Plenária da Rede Lusófona de Registos Públicos",
        9,
        "Rede Lusófona de Registos Públicos",
      ],
      ["12ª Reunião Anual da Rede de Estatística", 12, "Rede de Estatística"],
      ["Vigésimo Primeiro Encontro da Rede W", 21, "Rede W"],
      ["IV Conferência da Rede V", 4, "Rede V"],
      ["Twenty-First Congress of the Andean Registries Network", 21, "Andean Registries Network"],
      ["Décimo Tercer Foro de la Red Y", 13, "Red Y"],
      ["Primer Encuentro de la Red Z", 1, "Red Z"],
      // a meeting that names no network: the ordinal, and no name
      ["XII Annual General Assembly", 12, null],
      ["XII Asamblea General", 12, null],
    ];
    for (const [line, ordinal, network] of cases) {
      const got = parseMeetingHeading(line);
      assert.deepEqual([got?.ordinal, got?.network], [ordinal, network], line);
    }
    assert.equal(parseMeetingHeading("IX Plenária da Rede X")?.meeting, "Plenária");
    // what is not a numbered meeting
    for (const line of [
      "2023 WORK PLAN Report",
      "21 de noviembre de 2023",
      "November 21, 2023",
      "mix Annual Meeting of Friends",
      "Annual Meeting of the Network",
      "Non Annual Meeting of the Network",
    ]) {
      assert.equal(parseMeetingHeading(line), null, line);
    }
    assert.equal(parseAssemblyHeading("XII Annual General Assembly"), null);
  });
  it("makes the slug from the acronym", () => {
    assert.equal(networkSlug("GEALC Network"), "gealc");
    assert.equal(networkSlug("Red GEALC"), "gealc");
    assert.equal(networkSlug("Rede de Governo Aberto"), "rede-de-governo-aberto");
  });
});

const EN = [
  "The 2022 Executive Committee, consisting of Bolivia, Brazil, Dominica, Ecuador, El Salvador, Guatemala, Paraguay and Trinidad & Tobago (under the presidency of Ecuador), supported by the OAS in the role of Technical Secretariat, the IDB as promoting body, and the Manager of the Network, executed the 2023 Work Plan approved at the XVI Annual Assembly of GEALC Network (Lima, Peru, November 11, 2022).",
  "The 2023 Executive Committee, consisting of Bolivia, Brazil, Dominica, Guatemala, Peru, Dominican Republic, Suriname and Uruguay (under the presidency of Peru), supported by the OAS in the role of Technical Secretariat, the IDB as the promoting body, and the Manager of the Network, presents this execution report.",
];
const ES = [
  "El Comité Ejecutivo 2022, integrado por Bolivia, Brasil, Dominica, Ecuador, El Salvador, Guatemala, Paraguay y Trinidad y Tobago (bajo la presidencia de Ecuador), con el apoyo de la OEA en su rol de Secretaría Técnica, el BID como organismo promotor y la Gerencia de la Red, ejecutó el Plan de Trabajo 2023 aprobado en la XVI Asamblea Anual de la Red GEALC (Lima, Perú, 11 de noviembre de 2022).",
  "El Comité Ejecutivo 2023, integrado por Bolivia, Brasil, Dominica, Guatemala, Perú, República Dominicana, Surinam y Uruguay (bajo la presidencia de Perú), con el apoyo de la OEA en su rol de Secretaría Técnica, el BID como organismo promotor y la Gerencia de la Red, presenta este informe de ejecución.",
];

describe("readGovernance", () => {
  const committees = (org: [string, string]) => [
    {
      year: 2022,
      committee: ["BO", "BR", "DM", "EC", "SV", "GT", "PY", "TT"],
      presidency: "EC",
      technicalSecretariat: org[0],
      promotingBody: org[1],
    },
    {
      year: 2023,
      committee: ["BO", "BR", "DM", "GT", "PE", "DO", "SR", "UY"],
      presidency: "PE",
      technicalSecretariat: org[0],
      promotingBody: org[1],
    },
  ];
  it("reads the English committees and assembly", () => {
    const got = readGovernance(EN);
    assert.deepEqual(got.governance, committees(["OAS", "IDB"]));
    assert.deepEqual(got.assemblies, [
      {
        ordinal: 16,
        date: "2022-11-11",
        place: { kind: "place", text: "Lima, Peru", city: "Lima", country: "PE" },
      },
    ]);
    assert.deepEqual(got.warnings, []);
  });
  it("reads the Spanish ones, keeping the acronyms as written", () => {
    const got = readGovernance(ES);
    assert.deepEqual(got.governance, committees(["OEA", "BID"]));
    assert.equal(got.assemblies[0]?.place?.country, "PE");
    assert.equal(got.assemblies[0]?.date, "2022-11-11");
  });
  it("reads Portuguese", () => {
    const got = readGovernance([
      "O Comitê Executivo 2023, composto por Bolívia, Brasil, Peru e Trindade e Tobago (sob a presidência do Peru), com o apoio da OEA no papel de Secretaria Técnica, o BID como organismo promotor, executou o Plano aprovado na XVI Assembleia Anual da Rede GEALC (Lima, Peru, 11 de novembro de 2022).",
    ]);
    assert.deepEqual(got.governance, [
      {
        year: 2023,
        committee: ["BO", "BR", "PE", "TT"],
        presidency: "PE",
        technicalSecretariat: "OEA",
        promotingBody: "BID",
      },
    ]);
    assert.equal(got.assemblies[0]?.ordinal, 16);
  });
  it("warns about a member it cannot name", () => {
    const got = readGovernance([
      "The 2024 Executive Committee, consisting of Bolivia and Atlantis (under the presidency of Bolivia).",
    ]);
    assert.deepEqual(got.governance[0]?.committee, ["BO"]);
    assert.match(got.warnings[0]?.message ?? "", /Atlantis/);
  });
});

describe("readGovernance: other bodies, secretariats and meetings", () => {
  it("reads an English Steering Committee, its secretariat, sponsor and meeting 'held in'", () => {
    const got = readGovernance(
      [
        "The 2024 Steering Committee, comprising Barbados, Belize, Guyana, Jamaica and Saint Lucia (chaired by Jamaica), with CARIPRO acting as Executive Secretariat and the CDF as sponsoring agency, executed the 2024 Work Plan approved at the 11th Annual Meeting of the Network held in Bridgetown, Barbados, on November 9, 2023.",
      ],
      { meeting: "Annual Meeting" },
    );
    assert.deepEqual(got.governance, [
      {
        year: 2024,
        committee: ["BB", "BZ", "GY", "JM", "LC"],
        presidency: "JM",
        technicalSecretariat: "CARIPRO",
        promotingBody: "CDF",
      },
    ]);
    assert.deepEqual(got.assemblies, [
      {
        ordinal: 11,
        date: "2023-11-09",
        place: { kind: "place", text: "Bridgetown, Barbados", city: "Bridgetown", country: "BB" },
      },
    ]);
    assert.deepEqual(got.warnings, []);
  });
  it("reads a Portuguese Conselho Diretor and a Plenária", () => {
    const got = readGovernance(
      [
        "O Conselho Diretor 2024, composto por Angola, Brasil, Cabo Verde, Moçambique, Portugal e São Tomé e Príncipe (presidido por Cabo Verde), com a ALRP como Secretaria Executiva e o FDL como entidade patrocinadora, executou o Plano de Trabalho 2024 aprovado na VIII Plenária da Rede (Praia, Cabo Verde, 14 de outubro de 2023).",
      ],
      { meeting: "Plenária" },
    );
    assert.deepEqual(got.governance[0], {
      year: 2024,
      committee: ["AO", "BR", "CV", "MZ", "PT", "ST"],
      presidency: "CV",
      technicalSecretariat: "ALRP",
      promotingBody: "FDL",
    });
    assert.deepEqual(
      got.assemblies.map((a) => [a.ordinal, a.date, a.place?.country]),
      [[8, "2023-10-14", "CV"]],
    );
  });
  it("reads a Spanish Junta Directiva with the secretariat after its role", () => {
    const got = readGovernance([
      "La Junta Directiva 2025, conformada por Chile, Perú y Uruguay (bajo la coordinación de Chile), con la Secretaría Ejecutiva a cargo de la CEPAL, ejecutó el plan.",
    ]);
    assert.deepEqual(got.governance[0], {
      year: 2025,
      committee: ["CL", "PE", "UY"],
      presidency: "CL",
      technicalSecretariat: "CEPAL",
      promotingBody: null,
    });
  });
  it("counts only the network's own kind of meeting", () => {
    const got = readGovernance(
      [
        "Approved at the III Ministerial Meeting (Cartagena, Colombia, December 4, 2014) and the XI Annual Meeting of the Network (Lima, Peru, November 9, 2023).",
      ],
      { meeting: "Annual Meeting" },
    );
    assert.deepEqual(
      got.assemblies.map((a) => a.ordinal),
      [11],
    );
  });
  it("warns about a body of a year it could not read", () => {
    const got = readGovernance(["The 2023 Board of Directors approved it.", "The Bureau meets."]);
    assert.deepEqual(got.governance, []);
    assert.equal(got.warnings.length, 1);
    assert.equal(got.warnings[0]?.paragraph, 0);
    assert.match(got.warnings[0]?.message ?? "", /"2023 Board of Directors" is named/);
  });
});

describe("mergeAssemblies", () => {
  it("merges by ordinal and sorts", () => {
    assert.deepEqual(
      mergeAssemblies([
        { ordinal: 17, date: "2023-11-21", place: null },
        { ordinal: 16, date: "2022-11-11", place: null },
        {
          ordinal: 17,
          date: null,
          place: { kind: "virtual", text: "Virtual", city: null, country: null },
        },
      ]),
      [
        { ordinal: 16, date: "2022-11-11", place: null },
        {
          ordinal: 17,
          date: "2023-11-21",
          place: { kind: "virtual", text: "Virtual", city: null, country: null },
        },
      ],
    );
  });
});
