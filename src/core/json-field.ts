/**
 * One member of a JSON object's text, read without parsing the rest: a stored plan document
 * is ~50 KB, and a list that shows only its title (the fourth member) reads a few dozen
 * bytes of it. Members before the one asked for are skipped by their brackets and strings.
 */

const WS = new Set([" ", "\t", "\n", "\r"]);

function skipSpace(json: string, i: number): number {
  while (i < json.length && WS.has(json[i] as string)) i++;
  return i;
}

/** The index just past the string opening at `i` (json[i] is '"'), or -1. */
function stringEnd(json: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = json.indexOf('"', j);
    if (q < 0) return -1;
    let slashes = 0;
    for (let k = q - 1; json[k] === "\\"; k--) slashes++;
    if (slashes % 2 === 0) return q + 1;
    j = q + 1;
  }
}

/** The index just past the value starting at `i`, or -1. */
function valueEnd(json: string, i: number): number {
  const c = json[i];
  if (c === '"') return stringEnd(json, i);
  if (c === "{" || c === "[") {
    let depth = 0;
    let j = i;
    while (j < json.length) {
      const d = json[j];
      if (d === '"') {
        j = stringEnd(json, j);
        if (j < 0) return -1;
        continue;
      }
      if (d === "{" || d === "[") depth++;
      else if (d === "}" || d === "]") {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
    return -1;
  }
  let j = i;
  while (j < json.length && !WS.has(json[j] as string) && !",}]".includes(json[j] as string)) j++;
  // A member's value is followed by at least the object's "}": text cut short ends nothing.
  return j === i || j === json.length ? -1 : j;
}

/**
 * Member `key` of the JSON object whose text starts with `json` (the whole text, or only its
 * first characters): `{ value }` when found, `{ value: undefined }` when the whole object was
 * read and has none, null when the text read cannot tell (cut short, or not an object).
 * The first of a member written twice (JSON.stringify writes none twice).
 */
export function scanJsonMember(json: string, key: string): { value: unknown } | null {
  let i = skipSpace(json, 0);
  if (json[i] !== "{") return null;
  i = skipSpace(json, i + 1);
  while (i < json.length) {
    if (json[i] === "}") return { value: undefined };
    const keyEnd = json[i] === '"' ? stringEnd(json, i) : -1;
    if (keyEnd < 0) return null;
    const name = JSON.parse(json.slice(i, keyEnd)) as string;
    i = skipSpace(json, keyEnd);
    if (json[i] !== ":") return null;
    i = skipSpace(json, i + 1);
    const end = valueEnd(json, i);
    if (end < 0) return null;
    if (name === key) return { value: JSON.parse(json.slice(i, end)) };
    i = skipSpace(json, end);
    if (json[i] === ",") i = skipSpace(json, i + 1);
    else if (json[i] !== "}") return null;
  }
  return null;
}

/**
 * The value of member `key` of the JSON object `json` (as JSON.parse gives it), or undefined
 * when the object has none; what the scan cannot tell, JSON.parse decides (and throws on).
 */
export function jsonMember(json: string, key: string): unknown {
  const found = scanJsonMember(json, key);
  return found ? found.value : (JSON.parse(json) as Record<string, unknown>)[key];
}
