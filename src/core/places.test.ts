import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { countryCode, parseLocation } from "./places.ts";

describe("parseLocation", () => {
  const place = (text: string, city: string | null, country: string | null) =>
    it(`reads "${text}"`, () => {
      assert.deepEqual(parseLocation(text), { kind: "place", text, city, country });
    });
  place("Brasilia", "Brasilia", "BR");
  place("Florianopolis, Brazil", "Florianopolis", "BR");
  place("Florianópolis, Brasil", "Florianópolis", "BR");
  place("Kingston, Jamaica", "Kingston", "JM");
  place("Santiago de Chile", "Santiago de Chile", "CL");
  place("Montevideo, Uruguay", "Montevideo", "UY");
  place("Lima, Perú", "Lima", "PE");
  place("Lima, Peru", "Lima", "PE");
  place("Cartagena de Indias, Colombia", "Cartagena de Indias", "CO");
  place("Uruguay", null, "UY");
  place("Atlantis", "Atlantis", null);

  it("refuses to guess a capital shared by two countries", () => {
    // Kingston is the capital of Jamaica and of Norfolk Island.
    assert.equal(parseLocation("Kingston").country, null);
  });

  for (const text of [
    "Virtual",
    "Virtual meetings",
    "Virtual exchanges",
    "Reuniones virtuales",
    "Intercambios virtuales",
    "Reuniões virtuais",
  ]) {
    it(`reads "${text}" as virtual`, () => {
      assert.deepEqual(parseLocation(text), { kind: "virtual", text, city: null, country: null });
    });
  }

  it("keeps citation markers in the text but ignores them for resolving", () => {
    assert.deepEqual(parseLocation("Kingston, Jamaica[^4]"), {
      kind: "place",
      text: "Kingston, Jamaica[^4]",
      city: "Kingston",
      country: "JM",
    });
  });

  it("reads an empty wording as unspecified", () => {
    assert.deepEqual(parseLocation(""), {
      kind: "unspecified",
      text: "",
      city: null,
      country: null,
    });
    assert.equal(parseLocation("  ").kind, "unspecified");
  });
});

describe("countryCode", () => {
  const cases: [string, string | null][] = [
    ["Bolivia", "BO"],
    ["Brazil", "BR"],
    ["Brasil", "BR"],
    ["Dominica", "DM"],
    ["Dominican Republic", "DO"],
    ["República Dominicana", "DO"],
    ["El Salvador", "SV"],
    ["Perú", "PE"],
    ["PERU", "PE"],
    ["Trinidad & Tobago", "TT"],
    ["Trinidad y Tobago", "TT"],
    ["Trindade e Tobago", "TT"],
    ["Surinam", "SR"],
    ["Suriname", "SR"],
    ["Estados Unidos", "US"],
    ["", null],
    ["Nowhere Land", null],
  ];
  for (const [name, code] of cases) {
    it(`"${name}" -> ${code}`, () => assert.equal(countryCode(name), code));
  }
});
