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
import { splitFootnote } from "./footnotes.ts";
import { buildReport, type Phrase, type ReportNote, type Shown, withPeriod } from "./report.ts";

export type DocxOptions = {
  /** The language of the labels; the plan's own language when not given. */
  lang?: Language;
  /** Shows the distribution note; by default, when the plan has one. */
  draft?: boolean;
};

const FONT = "Arial";

/**
 * The language tag Word and LibreOffice proof a run's text with (`w:lang`): the document's
 * default is the report's language; a run shown in another language carries its own.
 */
export const DOCX_LANGUAGE: Record<Language, string> = {
  en: "en-US",
  es: "es-ES",
  pt: "pt-BR",
};

/** A run's `language` option: none when the text is in the document's default language. */
const languageOf = (lang: Language, reportLang: Language) =>
  lang === reportLang ? {} : { language: { value: DOCX_LANGUAGE[lang] } };

/** Footnote text with its links clickable; the characters stay exactly as written. */
function linkedRuns(text: string, lang: object = {}): ParagraphChild[] {
  const run = (t: string) =>
    Object.keys(lang).length === 0 ? new TextRun(t) : new TextRun({ text: t, ...lang });
  return splitFootnote(text).flatMap((part): ParagraphChild[] => {
    if ("text" in part) return [run(part.text)];
    if (part.url === null) return [run(part.written)];
    const angle = part.written.startsWith("<") && part.written.endsWith(">");
    const shown = angle ? part.written.slice(1, -1) : part.written;
    const link = new ExternalHyperlink({
      link: part.url,
      children: [new TextRun({ text: shown, style: "Hyperlink", ...lang })],
    });
    return angle ? [run("<"), link, run(">")] : [link];
  });
}

/** A plan as the bytes of a .docx report. */
export async function renderDocx(plan: PlanDocument, opts: DocxOptions = {}): Promise<Uint8Array> {
  const r = buildReport(plan, opts);
  const l = r.labels;
  const notes = new Map<number, ReportNote>();
  for (const n of [
    ...(r.background?.notes ?? []),
    ...(r.purpose?.notes ?? []),
    ...r.areas.flatMap((a) => a.notes),
    ...(r.annex?.notes ?? []),
    ...r.endNotes,
  ]) {
    notes.set(n.number, n);
  }
  // A text shown in another language: its runs carry that language (w:lang), and a mark in
  // the report's language follows it ("(en inglés)").
  const markRun = (lang: Language) =>
    new TextRun({ text: ` ${l.inLanguage(lang)}`, italics: true, color: "595959" });
  const marks = (langs: Iterable<Language>) =>
    [...new Set(langs)].filter((x) => x !== r.lang).map(markRun);
  const noteRuns = (n: ReportNote | undefined): ParagraphChild[] =>
    n?.found
      ? [...linkedRuns(n.text, languageOf(n.lang, r.lang)), ...marks([n.lang])]
      : [new TextRun(l.missingSource)];

  const footnotes: Record<string, { children: Paragraph[] }> = {};
  const runs = (text: string | Shown | Phrase, bold = false): ParagraphChild[] => {
    const ph: Phrase =
      typeof text === "string" ? [{ text, lang: r.lang }] : "text" in text ? [text] : text;
    const out = ph.flatMap((piece) =>
      splitCitations(piece.text).map((seg) => {
        if ("text" in seg) {
          const lang = languageOf(piece.lang, r.lang);
          if (!bold && !("language" in lang)) return new TextRun(seg.text);
          return new TextRun({ text: seg.text, ...(bold ? { bold } : {}), ...lang });
        }
        const n = seg.source;
        if (footnotes[String(n)]) return new TextRun({ text: String(n), superScript: true });
        footnotes[String(n)] = { children: [new Paragraph({ children: noteRuns(notes.get(n)) })] };
        return new FootnoteReferenceRun(n);
      }),
    );
    return [...out, ...marks(ph.map((x) => x.lang))];
  };

  const period = (s: Shown): Shown => ({ ...s, text: withPeriod(s.text) });
  /** A heading's code and its text: the code is in no language, the text in its own. */
  const prefixed = (code: string, s: Shown, f: (t: string) => string = (t) => t): Phrase =>
    s.lang === r.lang
      ? [{ text: `${code}${f(s.text)}`, lang: r.lang }]
      : [
          { text: code, lang: r.lang },
          { text: f(s.text), lang: s.lang },
        ];

  const children: Paragraph[] = [];
  const right = (text: string, bold: boolean, after = 0) =>
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      spacing: { after },
      children: [new TextRun({ text, bold })],
    });
  const center = (text: string | Phrase) =>
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 60 },
      children:
        typeof text === "string"
          ? [new TextRun({ text, bold: true, size: 26 })]
          : [
              ...text.map(
                (x) =>
                  new TextRun({
                    text: x.text,
                    bold: true,
                    size: 26,
                    ...languageOf(x.lang, r.lang),
                  }),
              ),
              ...marks(text.map((x) => x.lang)),
            ],
    });
  const heading = (level: 1 | 2 | 3, text: string | Phrase) =>
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
  const field = (label: string, text: Shown) =>
    new Paragraph({
      keepNext: false,
      children: [new TextRun({ text: `${label}: `, bold: true }), ...runs(text)],
    });
  const para = (text: Shown | Phrase, justify = false) =>
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
    children.push(heading(2, prefixed(`${area.code}) `, area.title)));
    if (area.objective !== null) children.push(field(l.objective, area.objective));
    for (const a of area.activities) {
      children.push(heading(3, prefixed(`${a.code}) `, a.title, withPeriod)));
      if (a.location !== null) children.push(field(l.location, period(a.location)));
      if (a.date !== null) children.push(field(l.date, period(a.date)));
      if (a.status.line !== null) children.push(para(a.status.line));
    }
  }
  if (r.annex) {
    children.push(heading(2, `${r.annex.code}) ${l.annex}`));
    if (r.annex.intro !== null) children.push(para(r.annex.intro));
    for (const item of r.annex.items)
      children.push(
        para(
          item.when === null
            ? period(item.title)
            : [{ ...item.when, text: `${item.when.text}: ` }, period(item.title)],
        ),
      );
  }
  // Sources cited nowhere cannot be Word footnotes (a footnote needs a reference): listed last.
  const uncited = r.endNotes.filter((n) => !footnotes[String(n.number)]);
  if (uncited.length > 0) {
    children.push(heading(1, l.notes));
    for (const n of uncited)
      children.push(new Paragraph({ children: [new TextRun(`${n.number} `), ...noteRuns(n)] }));
  }

  const doc = new Document({
    title: r.title.replace(/\[\^\d+\]/g, ""),
    creator: "workplan",
    description: `${plan.network.name} ${plan.year}`,
    styles: {
      default: {
        document: {
          // The report's language is the document's: Word and LibreOffice proof it so.
          run: { font: FONT, size: 22, language: { value: DOCX_LANGUAGE[r.lang] } },
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
