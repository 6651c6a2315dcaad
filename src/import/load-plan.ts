import { extname } from "node:path";
import type { LoadedPlan } from "./loaded-plan.ts";
import { parseTextReport } from "./parse-text-report.ts";
import { parsePlanJson } from "./plan-json.ts";

export type { LoadedPlan, Warning } from "./loaded-plan.ts";

/** Reads any document we take (a plan JSON, a text or Markdown report) into a plan. */
export function loadPlan(bytes: Uint8Array, fileName: string): LoadedPlan {
  const ext = extname(fileName).toLowerCase();
  const head = Buffer.from(bytes.subarray(0, 64))
    .toString("utf8")
    .replace(/^\uFEFF/, "")
    .trimStart();
  if (ext === ".json" || (ext === "" && head.startsWith("{"))) {
    const text = Buffer.from(bytes)
      .toString("utf8")
      .replace(/^\uFEFF/, "");
    return { plan: parsePlanJson(text, fileName), warnings: [] };
  }
  return parseTextReport(bytes, { fileName });
}

/** A Word document: by its name, or by the zip signature a .docx starts with. */
const isDocx = (bytes: Uint8Array, fileName: string) =>
  extname(fileName).toLowerCase() === ".docx" ||
  (extname(fileName) === "" && bytes[0] === 0x50 && bytes[1] === 0x4b);

/** Like loadPlan, and also reads Word (.docx) reports. */
export async function loadAnyPlan(bytes: Uint8Array, fileName: string): Promise<LoadedPlan> {
  if (isDocx(bytes, fileName)) {
    // mammoth (~20 MB) loads with the first Word document.
    const { parseDocxReport } = await import("./parse-docx-report.ts");
    return parseDocxReport(bytes, { fileName });
  }
  return loadPlan(bytes, fileName);
}
