import { findNodeAtLocation, type ParseError, parse, parseTree } from "jsonc-parser";
import { parseError } from "../core/errors.ts";
import {
  CONTROL_CHARACTERS,
  jsonDepth,
  LIMITS,
  overLimit,
  stripControlCharacters,
} from "../core/limits.ts";
import { type PlanDocument, PlanDocument as PlanSchema } from "../core/plan.ts";

const lineAt = (text: string, offset: number) => text.slice(0, offset).split("\n").length;

/** Reads a plan JSON document; a bad field fails with its line and path, never half a plan. */
export function parsePlanJson(text: string, fileName: string): PlanDocument {
  // Before the (recursive) parser: a hostile nesting must not exhaust its stack.
  if (jsonDepth(text) > LIMITS.json_depth) {
    throw overLimit("json_depth", `${fileName} nests deeper than ${LIMITS.json_depth} levels`);
  }
  const errors: ParseError[] = [];
  const value: unknown = stripControls(parse(text, errors, { allowTrailingComma: false }));
  const first = errors[0];
  if (first) throw parseError(fileName, lineAt(text, first.offset), "not valid JSON");
  const result = PlanSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw parseError(fileName, 1, "not a plan document");
  const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
  // Point at the deepest node that exists on the issue's path (a missing field points at its parent).
  const tree = parseTree(text);
  let line = 1;
  for (let n = path.length; n >= 0 && tree; n--) {
    const node = findNodeAtLocation(tree, path.slice(0, n));
    if (node) {
      line = lineAt(text, node.offset);
      break;
    }
  }
  const where = path.length > 0 ? `${path.join(".")}: ` : "";
  throw parseError(fileName, line, `${where}${issue.message}`);
}

/** Every string of a parsed document without control characters (free text: stripped). */
function stripControls(value: unknown): unknown {
  if (typeof value === "string") {
    return CONTROL_CHARACTERS.test(value) ? stripControlCharacters(value) : value;
  }
  if (Array.isArray(value)) return value.map(stripControls);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripControls(v)]));
  }
  return value;
}
