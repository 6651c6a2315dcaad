import { extname } from "node:path";
import type { PlanDocument } from "../core/plan.ts";
import { networkSlug } from "./governance.ts";
import type { LoadedPlan } from "./loaded-plan.ts";
import { parseTextReport } from "./parse-text-report.ts";
import { parsePlanJson } from "./plan-json.ts";

export type { LoadedPlan, Warning } from "./loaded-plan.ts";
/**
 * The network as the caller names it, over what the document says: a report whose header
 * cannot name its network needs `name`; `slug` defaults to the one made from the name.
 */
export type NetworkOverride = { name?: string; slug?: string };

/** The network the document is stored under, given the caller's override. */
export function overrideNetwork(
  plan: PlanDocument,
  network: NetworkOverride | undefined,
): PlanDocument {
  if (!network?.name && !network?.slug) return plan;
  const name = network.name ?? plan.network.name;
  const slug = network.slug ?? (network.name ? networkSlug(network.name) : plan.network.slug);
  return { ...plan, network: { slug, name } };
}

/** Reads any document we take (a plan JSON, a text or Markdown report) into a plan. */
export function loadPlan(
  bytes: Uint8Array,
  fileName: string,
  opts: { network?: NetworkOverride } = {},
): LoadedPlan {
  const ext = extname(fileName).toLowerCase();
  const head = Buffer.from(bytes.subarray(0, 64))
    .toString("utf8")
    .replace(/^\uFEFF/, "")
    .trimStart();
  if (ext === ".json" || (ext === "" && head.startsWith("{"))) {
    const text = Buffer.from(bytes)
      .toString("utf8")
      .replace(/^\uFEFF/, "");
    return { plan: overrideNetwork(parsePlanJson(text, fileName), opts.network), warnings: [] };
  }
  const read = parseTextReport(bytes, { fileName, network: opts.network });
  return { ...read, plan: overrideNetwork(read.plan, opts.network) };
}

/** A Word document: by its name, or by the zip signature a .docx starts with. */
const isDocx = (bytes: Uint8Array, fileName: string) =>
  extname(fileName).toLowerCase() === ".docx" ||
  (extname(fileName) === "" && bytes[0] === 0x50 && bytes[1] === 0x4b);

/** Like loadPlan, and also reads Word (.docx) reports. */
export async function loadAnyPlan(
  bytes: Uint8Array,
  fileName: string,
  opts: { network?: NetworkOverride } = {},
): Promise<LoadedPlan> {
  if (isDocx(bytes, fileName)) {
    // mammoth (~20 MB) loads with the first Word document.
    const { parseDocxReport } = await import("./parse-docx-report.ts");
    const read = await parseDocxReport(bytes, { fileName, network: opts.network });
    return { ...read, plan: overrideNetwork(read.plan, opts.network) };
  }
  return loadPlan(bytes, fileName, opts);
}
