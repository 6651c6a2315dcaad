/**
 * A Word (.docx) report -> a plan. mammoth turns the document into HTML; each paragraph
 * becomes a line of text (with a blank line between paragraphs, as in the text reports),
 * each footnote reference becomes a citation marker `[^N]` (N: the number Word shows, which
 * counts references in order) and each footnote a definition line `[^N] text` after the body.
 * The text then goes through the text report parser, so both formats import alike.
 */
import mammoth from "mammoth";
import { parseError } from "../core/errors.ts";
import { stripControlCharacters } from "../core/limits.ts";
import type { LoadedPlan } from "./loaded-plan.ts";
import { parseTextReport } from "./parse-text-report.ts";
import { checkZipSize } from "./zip-size.ts";

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
};

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
    if (e[0] === "#") {
      const cp =
        e[1] === "x" || e[1] === "X" ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
      return Number.isFinite(cp) ? String.fromCodePoint(cp) : whole;
    }
    return ENTITIES[e.toLowerCase()] ?? whole;
  });
}

const REF = /<sup>\s*<a href="#footnote-([^"]+)" id="footnote-ref-[^"]+">\[\d+\]<\/a>\s*<\/sup>/g;
const BACKLINK = /\s*<a href="#footnote-ref-[^"]+">↑<\/a>/g;
const BLOCK = /<(p|h[1-6]|li)\b[^>]*>([\s\S]*?)<\/\1>/g;

/** The plain text of an HTML fragment: line breaks kept, tags dropped, entities decoded. */
function inlineText(html: string): string {
  return decodeEntities(html.replace(/<br\s*\/?>/g, "\n").replace(/<[^>]+>/g, ""));
}

/** mammoth's HTML of a report as the lines of a text report (exported for tests). */
export function htmlToReportText(html: string): string {
  // Footnotes are the last <ol> whose items have footnote ids; Word's number is the order of reference.
  const numbers = new Map<string, number>();
  const body = html
    .replace(REF, (_w, id: string) => {
      if (!numbers.has(id)) numbers.set(id, numbers.size + 1);
      return `[^${numbers.get(id)}]`;
    })
    // A later citation of a footnote already referred to: a superscript number (see render/docx.ts).
    .replace(/<sup>(\d+)<\/sup>/g, "[^$1]");
  const notesAt = body.search(/<ol>\s*<li id="(?:footnote|endnote)-/);
  const main = notesAt >= 0 ? body.slice(0, notesAt) : body;
  const notes = notesAt >= 0 ? body.slice(notesAt) : "";

  const lines: string[] = [];
  for (const m of main.matchAll(BLOCK)) {
    const text = inlineText(m[2] ?? "").trim();
    if (text) lines.push(text, "");
  }
  for (const m of notes.matchAll(/<li id="footnote-([^"]+)">([\s\S]*?)<\/li>/g)) {
    const n = numbers.get(m[1] ?? "");
    if (n === undefined) continue;
    const paras = [...(m[2] ?? "").replace(BACKLINK, "").matchAll(BLOCK)].map((p) =>
      inlineText(p[2] ?? "").trim(),
    );
    lines.push(`[^${n}] ${paras.filter(Boolean).join(" ")}`, "");
  }
  // Word keeps layout marks (vertical tab, form feed, bell) in its text: free text, stripped.
  return stripControlCharacters(lines.join("\n"));
}

/** Reads a .docx report (with real Word footnotes) into a plan, as its text version would. */
export async function parseDocxReport(
  bytes: Uint8Array,
  opts: { fileName: string; network?: { name?: string; slug?: string } },
): Promise<LoadedPlan> {
  checkZipSize(bytes);
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes) },
      { ignoreEmptyParagraphs: true },
    );
    html = result.value;
  } catch (e) {
    throw parseError(opts.fileName, 1, `not a Word document (${(e as Error).message})`);
  }
  return parseTextReport(new TextEncoder().encode(htmlToReportText(html)), {
    fileName: opts.fileName,
    network: opts.network,
  });
}
