/**
 * A plan -> a Word document (.docx) in the order and wording of the seed report, written
 * from the shared report model (report.ts): the distribution note (drafts), ORIGINAL:
 * <language>, the assembly and the title, 1. Background, 2) Purpose, 3) Work areas with each
 * area and activity, the annex, and real Word footnotes.
 *
 * Headings use Word's Title and Heading 1-3 styles, so Word's navigation pane lists sections,
 * areas and activities. Word numbers footnotes in order of reference; the report model
 * numbers sources in order of first citation, so the first citation of each source is a real
 * footnote and Word's numbers are the model's. A later citation of the same source is a
 * superscript cross-reference to that number (Word has one reference per footnote).
 */
import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  Footer,
  FootnoteReferenceRun,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  type ParagraphChild,
  TextRun,
} from "docx";
import { splitCitations } from "../core/citations.ts";
import type { Language, PlanDocument } from "../core/plan.ts";
import { type Footnote, splitFootnote } from "./footnotes.ts";
import { buildReport, withPeriod } from "./report.ts";

export type DocxOptions = {
  /** The language of the labels; the plan's own language when not given. */
  lang?: Language;
  /** Shows the distribution note; by default, when the plan has one. */
  draft?: boolean;
};

const FONT = "Arial";

/** Footnote text with its links clickable; the characters stay exactly as written. */
function linkedRuns(text: string): ParagraphChild[] {
  return splitFootnote(text).flatMap((part): ParagraphChild[] => {
    if ("text" in part) return [new TextRun(part.text)];
    if (part.url === null) return [new TextRun(part.written)];
    const angle = part.written.startsWith("<") && part.written.endsWith(">");
    const shown = angle ? part.written.slice(1, -1) : part.written;
    const link = new ExternalHyperlink({
      link: part.url,
      children: [new TextRun({ text: shown, style: "Hyperlink" })],
    });
    return angle ? [new TextRun("<"), link, new TextRun(">")] : [link];
  });
}

/** A plan as the bytes of a .docx report. */
export async function renderDocx(plan: PlanDocument, opts: DocxOptions = {}): Promise<Uint8Array> {
  const r = buildReport(plan, opts);
  const l = r.labels;
  const notes = new Map<number, Footnote>();
  for (const n of [
    ...(r.background?.notes ?? []),
    ...(r.purpose?.notes ?? []),
    ...r.areas.flatMap((a) => a.notes),
    ...(r.annex?.notes ?? []),
    ...r.endNotes,
  ]) {
    notes.set(n.number, n);
  }
  const noteText = (n: Footnote | undefined) => (n?.found ? n.text : l.missingSource);

  const footnotes: Record<string, { children: Paragraph[] }> = {};
  const runs = (text: string, bold = false): ParagraphChild[] =>
    splitCitations(text).map((seg) => {
      if ("text" in seg) return new TextRun(bold ? { text: seg.text, bold } : seg.text);
      const n = seg.source;
      if (footnotes[String(n)]) return new TextRun({ text: String(n), superScript: true });
      footnotes[String(n)] = {
        children: [new Paragraph({ children: linkedRuns(noteText(notes.get(n))) })],
      };
      return new FootnoteReferenceRun(n);
    });

  const children: Paragraph[] = [];
  const right = (text: string, bold: boolean, after = 0) =>
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      spacing: { after },
      children: [new TextRun({ text, bold })],
    });
  const center = (text: string) =>
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 60 },
      children: [new TextRun({ text, bold: true, size: 26 })],
    });
  const heading = (level: 1 | 2 | 3, text: string) =>
    new Paragraph({
      heading:
        level === 1
          ? HeadingLevel.HEADING_1
          : level === 2
            ? HeadingLevel.HEADING_2
            : HeadingLevel.HEADING_3,
      keepNext: true,
      children: runs(text),
    });
  const field = (label: string, text: string) =>
    new Paragraph({
      keepNext: false,
      children: [new TextRun({ text: `${label}: `, bold: true }), ...runs(text)],
    });
  const para = (text: string, justify = false) =>
    new Paragraph({
      alignment: justify ? AlignmentType.JUSTIFIED : undefined,
      children: runs(text),
    });

  if (r.distribution.length > 0) {
    children.push(
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        spacing: { after: 0 },
        children: r.distribution.map(
          (line, i) => new TextRun({ text: line, bold: i === 0, break: i > 0 ? 1 : 0 }),
        ),
      }),
    );
  }
  children.push(right(r.original, true, 480));
  if (r.incomplete !== null) children.push(center(r.incomplete));
  if (r.assembly !== null) children.push(center(r.assembly));
  if (r.date !== null) children.push(center(r.date.text));
  children.push(
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      spacing: { before: 120, after: 360 },
      children: runs(r.title),
    }),
  );

  if (r.background) {
    children.push(
      heading(1, `1. ${l.background}`),
      ...r.background.paragraphs.map((p) => para(p, true)),
    );
  }
  if (r.purpose)
    children.push(heading(1, `2) ${l.purpose}`), ...r.purpose.paragraphs.map((p) => para(p, true)));
  if (r.areas.length > 0 || r.annex) children.push(heading(1, `${r.areasNumber}) ${l.workAreas}`));
  for (const area of r.areas) {
    children.push(heading(2, `${area.code}) ${area.title}`));
    if (area.objective !== null) children.push(field(l.objective, area.objective));
    for (const a of area.activities) {
      children.push(heading(3, `${a.code}) ${withPeriod(a.title)}`));
      if (a.location !== null) children.push(field(l.location, withPeriod(a.location)));
      if (a.date !== null) children.push(field(l.date, withPeriod(a.date)));
      if (a.status.line !== null) children.push(para(a.status.line));
    }
  }
  if (r.annex) {
    children.push(heading(2, `${r.annex.code}) ${l.annex}`));
    if (r.annex.intro !== null) children.push(para(r.annex.intro));
    for (const item of r.annex.items)
      children.push(
        para(withPeriod(item.when === "" ? item.title : `${item.when}: ${item.title}`)),
      );
  }
  // Sources cited nowhere cannot be Word footnotes (a footnote needs a reference): listed last.
  const uncited = r.endNotes.filter((n) => !footnotes[String(n.number)]);
  if (uncited.length > 0) {
    children.push(heading(1, l.notes));
    for (const n of uncited)
      children.push(
        new Paragraph({ children: [new TextRun(`${n.number} `), ...linkedRuns(noteText(n))] }),
      );
  }

  const doc = new Document({
    title: r.title.replace(/\[\^\d+\]/g, ""),
    creator: "workplan",
    description: `${plan.network.name} ${plan.year}`,
    styles: {
      default: {
        document: {
          run: { font: FONT, size: 22 },
          paragraph: { spacing: { after: 140, line: 264 } },
        },
        title: { run: { font: FONT, size: 34, bold: true, color: "1F3864" } },
        heading1: {
          run: { font: FONT, size: 28, bold: true, color: "1F3864" },
          paragraph: { outlineLevel: 0, spacing: { before: 360, after: 140 } },
        },
        heading2: {
          run: { font: FONT, size: 24, bold: true, color: "2E74B5" },
          paragraph: { outlineLevel: 1, spacing: { before: 280, after: 120 } },
        },
        heading3: {
          run: { font: FONT, size: 22, bold: true, color: "000000" },
          paragraph: { outlineLevel: 2, spacing: { before: 220, after: 60 } },
        },
      },
    },
    footnotes,
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: 1247, bottom: 1247, left: 1304, right: 1304 },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: [PageNumber.CURRENT] })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
