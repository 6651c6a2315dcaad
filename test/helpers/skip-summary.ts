/**
 * A node:test reporter, run beside the spec reporter (package.json's test script). Each test
 * file runs in a process of its own, so only a reporter sees the whole run. This one prints,
 * once at the end: what was skipped for want of a system tool (test/helpers/tools.ts decides,
 * with the reason `skipReason` writes) and the command that installs the tools; then the
 * run's totals as `# name value` lines (tests, pass, fail, ..., duration_ms), the lines CI
 * reads, whichever reporter runs beside it.
 */
import { relative } from "node:path";

/** What installs every tool the tests use (fonts-dejavu-core: the fonts the PDFs expect). */
export const INSTALL_TOOLS =
  "apt-get install chromium libreoffice-writer-nogui poppler-utils libxml2-utils fonts-dejavu-core nginx";

const MISSING = /^needs (.+) \(not installed\)$/;

/** The skip reason of a test that needs tools which are missing. */
export function skipReason(tools: readonly string[]): string {
  return `needs ${tools.join(", ")} (not installed)`;
}

type ToolSkip = { tools: string[]; name: string; file?: string };

/** The end-of-run lines about skips for missing tools ("" when there were none). */
export function skipSummary(skips: readonly ToolSkip[]): string {
  if (skips.length === 0) return "";
  const files = new Map<string, Set<string>>();
  for (const s of skips) {
    for (const tool of s.tools) {
      const set = files.get(tool) ?? new Set<string>();
      if (s.file) set.add(relative(process.cwd(), s.file));
      files.set(tool, set);
    }
  }
  return [
    `# skipped ${skips.length} test${skips.length === 1 ? "" : "s"} or suites that need system tools not installed here:`,
    ...[...files].map(([tool, f]) => `#   ${tool}: ${[...f].sort().join(", ")}`),
    `# to run them, install the tools: ${INSTALL_TOOLS}`,
    "",
  ].join("\n");
}

type Event = {
  type: string;
  data: {
    name?: string;
    file?: string;
    skip?: boolean | string;
    message?: string;
    nesting?: number;
  };
};

export default async function* reporter(source: AsyncIterable<Event>): AsyncGenerator<string> {
  const skips: ToolSkip[] = [];
  const totals: string[] = [];
  for await (const { type, data } of source) {
    if (type === "test:pass" && typeof data.skip === "string") {
      const m = MISSING.exec(data.skip);
      if (m?.[1]) skips.push({ tools: m[1].split(", "), name: data.name ?? "", file: data.file });
    }
    // The run's totals: top-level diagnostics that belong to no file.
    if (type === "test:diagnostic" && data.nesting === 0 && !data.file && data.message) {
      totals.push(`# ${data.message}\n`);
    }
  }
  yield skipSummary(skips);
  yield totals.join("");
}
