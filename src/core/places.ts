/**
 * Places as people write them ("Kingston, Jamaica", "Santiago de Chile", "Virtual meetings")
 * resolved to a city and an ISO 3166-1 country code. Country names come from
 * i18n-iso-countries (English, Spanish and Portuguese first, then any other registered
 * locale when they all agree) and capitals from countries-list: no hand-written list.
 */
import { createRequire } from "node:module";
import type * as CountriesList from "countries-list";
import type IsoCountries from "i18n-iso-countries";
import type { Location } from "./plan.ts";

// Loaded on first use (importing, approving or editing a place), not by every process that
// imports this module: the country lists take some 2 MB of a server's heap.
const require = createRequire(import.meta.url);
let loaded: { iso: typeof IsoCountries; facts: typeof CountriesList.countries } | null = null;
function lists() {
  loaded ??= {
    iso: require("i18n-iso-countries") as typeof IsoCountries,
    facts: (require("countries-list") as typeof CountriesList).countries,
  };
  return loaded;
}

const PRIMARY_LANGS = ["en", "es", "pt"] as const;

/** Folds a name for matching: no accents, no case, "&"/"y"/"e" read as "and", no dots. */
export function foldName(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[.,'’()]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/ (?:y|e|and) /g, " and ")
    .replace(/^the /, "");
}

type Index = { primary: Map<string, string>; fallback: Map<string, string | null> };
let index: Index | null = null;
let capitals: Map<string, string | null> | null = null;

function add(map: Map<string, string | null>, key: string, code: string): void {
  const had = map.get(key);
  if (had === undefined) map.set(key, code);
  else if (had !== code) map.set(key, null); // ambiguous: refuse to guess
}

function names(lang: string): Record<string, string[]> {
  return lists().iso.getNames(lang, { select: "all" });
}

function countryIndex(): Index {
  if (index) return index;
  const primary = new Map<string, string | null>();
  for (const lang of PRIMARY_LANGS) {
    for (const [code, all] of Object.entries(names(lang))) {
      for (const n of all) add(primary, foldName(n), code);
    }
  }
  for (const [code, c] of Object.entries(lists().facts)) {
    for (const n of [c.name, c.native, ...(c.alias ?? [])]) {
      if (!primary.has(foldName(n))) add(primary, foldName(n), code);
    }
  }
  const fallback = new Map<string, string | null>();
  for (const lang of lists().iso.langs()) {
    if ((PRIMARY_LANGS as readonly string[]).includes(lang)) continue;
    for (const [code, all] of Object.entries(names(lang))) {
      for (const n of all) add(fallback, foldName(n), code);
    }
  }
  const clean = new Map<string, string>();
  for (const [k, v] of primary) if (v) clean.set(k, v);
  index = { primary: clean, fallback };
  return index;
}

function capitalIndex(): Map<string, string | null> {
  if (capitals) return capitals;
  capitals = new Map();
  for (const [code, c] of Object.entries(lists().facts)) {
    if (c.capital && !c.userAssigned) add(capitals, foldName(c.capital), code);
  }
  return capitals;
}

/** The code of a country named in English, Spanish or Portuguese, or null. */
function primaryCode(name: string): string | null {
  return countryIndex().primary.get(foldName(name)) ?? null;
}

/** The ISO 3166-1 alpha-2 code of a country name in en/es/pt (or another locale), or null. */
export function countryCode(name: string): string | null {
  const key = foldName(name);
  if (!key) return null;
  const { primary, fallback } = countryIndex();
  return primary.get(key) ?? fallback.get(key) ?? null;
}

const VIRTUAL = /\b(?:virtua(?:l|les|is)|online|en linea|on-line|remot[oa]s?)\b/;
const OF = /^(.+?) (?:de|do|da|of) (.+)$/;

/** The country of a city written alone: a capital ("Brasilia") or "<city> de <country>". */
function cityAlone(text: string): { city: string; country: string | null } {
  const asCapital = capitalIndex().get(foldName(text));
  if (asCapital) return { city: text, country: asCapital };
  const m = OF.exec(text);
  const inCountry = m?.[2] ? countryCode(m[2]) : null;
  return { city: text, country: inCountry };
}

/** A location wording resolved: virtual, a place (city and/or country), or unspecified. */
export function parseLocation(text: string): Location {
  const plain = text
    .replace(/\[\^\d+\]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  if (!plain) return { kind: "unspecified", text, city: null, country: null };
  if (VIRTUAL.test(foldName(plain))) return { kind: "virtual", text, city: null, country: null };
  const parts = plain
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length >= 2) {
    const last = parts[parts.length - 1] as string;
    const country = countryCode(last);
    if (country) {
      return { kind: "place", text, city: parts.slice(0, -1).join(", "), country };
    }
  }
  // A country's own name first, then a capital ("Brasilia" is also Brazil in Finnish).
  const whole = primaryCode(plain);
  if (whole) return { kind: "place", text, city: null, country: whole };
  const { city, country } = cityAlone(plain);
  if (country) return { kind: "place", text, city, country };
  const other = countryCode(plain);
  if (other) return { kind: "place", text, city: null, country: other };
  return { kind: "place", text, city, country: null };
}
