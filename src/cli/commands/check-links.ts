import { parseArgs } from "node:util";
import { checkLinks, type LinkCheck, type LinkProgress } from "../../app/check-links.ts";
import { netYear, withCliDeps } from "../db-deps.ts";
import { UsageError } from "../exit.ts";
import type { Io } from "../io.ts";

export const usage =
  "workplan check-links NET YEAR [--concurrency 4] [--timeout 10] (seconds) [--max-redirects 5]";

/** One line per checked link, for logs and pipes. */
export function checkLine(c: LinkCheck): string {
  const what = c.ok ? "ok  " : "FAIL";
  const why = c.ok ? String(c.status) : (c.error ?? "");
  const where = c.finalUrl && c.finalUrl !== c.url ? ` -> ${c.finalUrl}` : "";
  return `${what} [${c.source}] ${why} ${c.url}${where}`;
}

/** A one-line progress bar, redrawn in place on a terminal. */
export function progressBar(p: LinkProgress, columns = 80): string {
  const width = 24;
  const filled = p.total === 0 ? width : Math.round((p.done / p.total) * width);
  const head = `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${p.done}/${p.total} `;
  const room = Math.max(0, columns - head.length - 1);
  const url =
    p.check.url.length > room ? `${p.check.url.slice(0, Math.max(0, room - 1))}…` : p.check.url;
  return head + url;
}

const positiveInt = (v: string | undefined, name: string, dflt: number) => {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number`);
  return n;
};

/** Checks every evidence link of a stored plan and records the results. */
export async function checkLinksCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      concurrency: { type: "string" },
      timeout: { type: "string" },
      "max-redirects": { type: "string" },
    },
  });
  const { network, year } = netYear(positionals, "check-links");
  const concurrency = Math.floor(positiveInt(values.concurrency, "concurrency", 4));
  const timeoutMs = positiveInt(values.timeout, "timeout", 10) * 1000;
  const maxRedirects = Math.floor(positiveInt(values["max-redirects"], "max-redirects", 5));
  const tty = io.stderr.isTTY === true;
  const onProgress = (p: LinkProgress) => {
    if (tty) io.stderr.write(`\r\x1b[2K${progressBar(p, io.stderr.columns ?? 80)}`);
    else io.stdout.write(`${checkLine(p.check)}\n`);
  };
  const result = await withCliDeps(io, (deps) =>
    checkLinks({ ...deps, onProgress }, { network, year, concurrency, timeoutMs, maxRedirects }),
  );
  if (tty) io.stderr.write("\r\x1b[2K");
  if (tty) for (const b of result.broken) io.stdout.write(`${checkLine(b)}\n`);
  io.stdout.write(
    `${result.checked.length} links checked, ${result.broken.length} broken` +
      (result.skipped ? `, ${result.skipped} sources without an http(s) link\n` : "\n"),
  );
  return 0;
}
