/**
 * The system tools some tests drive: Chromium (PDF, browser tests), LibreOffice (DOCX),
 * poppler (PDF text and page size) and xmllint (IATI schema). One place decides whether
 * they are there: a test that needs a missing tool is skipped with a reason naming it, and
 * the skip-summary reporter lists those skips once at the end of the run, with the command
 * that installs them. With WORKPLAN_REQUIRE_TOOLS=1 (CI) a missing tool fails instead.
 */
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { INSTALL_TOOLS, skipReason } from "./skip-summary.ts";

/** Each tool's executable, and the Debian package that brings it. */
export const TOOLS = {
  chromium: "chromium",
  soffice: "libreoffice-writer-nogui",
  pdftotext: "poppler-utils",
  pdfinfo: "poppler-utils",
  xmllint: "libxml2-utils",
  nginx: "nginx",
} as const;

export type Tool = keyof typeof TOOLS;

const found = new Map<Tool, string | null>();

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Where a tool is: for Chromium CHROMIUM_PATH when set (as the app reads it), otherwise the
 * first executable of that name on PATH; null when there is none.
 */
export function findTool(tool: Tool): string | null {
  if (found.has(tool)) return found.get(tool) ?? null;
  const env = process.env.CHROMIUM_PATH;
  const candidates =
    tool === "chromium" && env
      ? [env]
      : (process.env.PATH ?? "").split(delimiter).flatMap((dir) => (dir ? [join(dir, tool)] : []));
  const path = candidates.find(executable) ?? null;
  found.set(tool, path);
  return path;
}

/**
 * For a test's or suite's `skip` option: false when every tool is installed, else the reason
 * ("needs soffice, pdftotext (not installed)"). With WORKPLAN_REQUIRE_TOOLS set it throws
 * instead, so the test file fails and names what to install.
 */
export function needs(...tools: Tool[]): false | string {
  const missing = tools.filter((t) => findTool(t) === null);
  if (missing.length === 0) return false;
  if (process.env.WORKPLAN_REQUIRE_TOOLS) {
    throw new Error(
      `WORKPLAN_REQUIRE_TOOLS is set but ${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} not installed: ${INSTALL_TOOLS}`,
    );
  }
  return skipReason(missing);
}

/** The path of a tool, for a test that `needs` it (so it is there). */
export function toolPath(tool: Tool): string {
  const path = findTool(tool);
  if (!path) throw new Error(`${tool} is not installed (guard the test with needs("${tool}"))`);
  return path;
}
