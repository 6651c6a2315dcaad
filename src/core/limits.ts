/**
 * The limits that keep one request, one file or one plan from costing the server more
 * than it can give (see README, "Limits"). Each refusal names the limit: a count or
 * length over it is limit_exceeded (422), a size payload_too_large (413).
 */
import { AppError } from "./errors.ts";
import type { PlanDocument } from "./plan.ts";

export const LIMITS = {
  activities_per_plan: 2000,
  annex_items_per_plan: 2000,
  sources_per_plan: 5000,
  occurrences_per_activity: 200,
  characters_per_text: 20_000,
  request_body_bytes: 10 * 1024 * 1024,
  docx_decompressed_bytes: 50 * 1024 * 1024,
  json_depth: 64,
} as const;
export type LimitName = keyof typeof LIMITS;

const SIZES: ReadonlySet<LimitName> = new Set([
  "request_body_bytes",
  "docx_decompressed_bytes",
  "json_depth",
]);

/** The error refusing something over `name` (what: what was over it, for the message). */
export function overLimit(name: LimitName, what: string, path?: string): AppError {
  const max = LIMITS[name];
  return new AppError(
    SIZES.has(name) ? "payload_too_large" : "limit_exceeded",
    `${what}: over the limit of ${max.toLocaleString("en")} (${name})`,
    path === undefined ? [] : [{ path, message: `over the limit ${name} (${max})` }],
    { limit: { name, max } },
  );
}

/** Throws over `name` when `count` (after the write) is over its limit. */
export function checkCount(name: LimitName, count: number, what: string): void {
  if (count > LIMITS[name]) throw overLimit(name, `${what} would be ${count}`);
}

/**
 * How deeply JSON text nests (arrays and objects), scanning no further than `max` + 1:
 * found without parsing, so a hostile file never reaches a recursive parser.
 */
export function jsonDepth(text: string, max: number = LIMITS.json_depth): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > max) return deepest;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/** Refuses JSON text nested deeper than the json_depth limit (413). */
export function checkJsonDepth(text: string, what = "the JSON"): void {
  if (jsonDepth(text) > LIMITS.json_depth) {
    throw overLimit("json_depth", `${what} nests deeper than ${LIMITS.json_depth} levels`);
  }
}

/**
 * Refuses a plan document over a count or text-length limit (activities, annex items,
 * sources, occurrences per activity, characters per text), naming the place.
 */
export function checkPlanLimits(doc: PlanDocument): void {
  const activities = doc.areas.flatMap((a) => a.activities);
  checkCount("activities_per_plan", activities.length, "the plan's activities");
  checkCount("annex_items_per_plan", doc.annex.length, "the plan's annex items");
  checkCount("sources_per_plan", doc.sources.length, "the plan's sources");
  doc.areas.forEach((area, ai) => {
    area.activities.forEach((a, i) => {
      if (a.occurrences.length > LIMITS.occurrences_per_activity) {
        throw overLimit(
          "occurrences_per_activity",
          `activity ${a.code} has ${a.occurrences.length} occurrences`,
          `areas.${ai}.activities.${i}.occurrences`,
        );
      }
    });
  });
  const long = longText(doc, "");
  if (long !== null) throw overLimit("characters_per_text", "a text is too long", long);
}

/** The path of the first string in `value` longer than characters_per_text, or null. */
export function longText(value: unknown, path: string): string | null {
  // The path is spelled out only for the string found: building one per value walked was
  // most of the walk's time (a plan has thousands of values).
  const keys: string[] = [];
  if (!findLong(value, keys)) return null;
  const below = keys.reverse().join(".");
  return path ? (below ? `${path}.${below}` : path) : below;
}

/** Whether `value` holds a string over the limit; if so, its keys are pushed innermost first. */
function findLong(value: unknown, keys: string[]): boolean {
  if (typeof value === "string") return value.length > LIMITS.characters_per_text;
  if (typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (findLong(value[i], keys)) {
        keys.push(String(i));
        return true;
      }
    }
    return false;
  }
  for (const k in value) {
    if (!Object.hasOwn(value, k)) continue;
    if (findLong((value as Record<string, unknown>)[k], keys)) {
      keys.push(k);
      return true;
    }
  }
  return false;
}

/** C0 controls but tab, line feed and carriage return; DEL; C1 controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const CONTROL_CHARACTERS_ALL = new RegExp(CONTROL_CHARACTERS.source, "g");

/** The text without control characters (tab, line feed and carriage return stay). */
export const stripControlCharacters = (s: string) => s.replace(CONTROL_CHARACTERS_ALL, "");
