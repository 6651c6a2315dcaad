/**
 * A plan -> a Word document (.docx) in the order and wording of the seed report: the
 * distribution note (drafts), ORIGINAL: <language>, the assembly and the title, 1. Background,
 * 2) Purpose, 3) Work areas with each area and activity, the annex, and real Word footnotes.
 *
 * Headings use Word's Heading 1-3 styles, so Word's navigation pane lists sections, areas
 * and activities. Footnotes are numbered by Word in order of reference, which is the order
 * of citation: one footnote per citation marker, in document order.
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
import { languageName } from "../core/language.ts";
import type { Activity, Language, PlanDocument, Source } from "../core/plan.ts";
import { formatStatusLine } from "../core/status.ts";
import { formatTiming } from "../core/timing.ts";

export type DocxOptions = {
  /** The language of the labels; the plan's own language when not given. */
  lang?: Language;
  /** Shows the distribution note; by default, when the plan has one. */
  draft?: boolean;
};

const FONT = "Arial";
const URL_IN_TEXT = /https?:\/\/[^\s<>]+/g;

/** Text with its http(s) links made clickable; the characters stay exactly as written. */
function linkedRuns(text: string): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_IN_TEXT)) {
    const at = m.index ?? 0;
    if (at > last) out.push(new TextRun(text.slice(last, at)));
    out.push(
      new ExternalHyperlink({
        link: m[0],
        children: [new TextRun({ text: m[0], style: "Hyperlink" })],
      }),
    );
    last = at + m[0].length;
  }
  if (last < text.length) out.push(new TextRun(text.slice(last)));
  return out;
}

/** What a footnote says: the text as written, or one made from its label, link and note. */
export function sourceText(s: Source): string {
  if (s.text !== null) return s.text;
  const parts = [s.label, s.url, s.note].filter((p): p is string => !!p);
  return s.label && s.url
    ? `${s.label}: ${[s.url, s.note].filter(Boolean).join(" ")}`
    : parts.join(" ");
}

type Labels = {
  distribution: [string, string];
  original: string;
  assembly: (ordinal: string, network: string) => string;
  background: string;
  purpose: string;
  workAreas: string;
  objective: string;
  location: string;
  date: string;
  annex: string;
};

const LABELS: Record<Language, Labels> = {
  en: {
    distribution: ["For PUBLIC distribution", "(once approved)"],
    original: "ORIGINAL",
    assembly: (n, net) => `${n} ${net} Annual Assembly`,
    background: "1. Background",
    purpose: "2) Purpose",
    workAreas: "3) Work areas",
    objective: "Objective",
    location: "Location",
    date: "Date",
    annex: "Annex",
  },
  es: {
    distribution: ["Para distribución PÚBLICA", "(una vez aprobado)"],
    original: "ORIGINAL",
    assembly: (n, net) => `${n} Asamblea Anual de la ${net}`,
    background: "1. Antecedentes",
    purpose: "2) Propósito",
    workAreas: "3) Áreas de trabajo",
    objective: "Objetivo",
    location: "Lugar",
    date: "Fecha",
    annex: "Anexo",
  },
  pt: {
    distribution: ["Para distribuição PÚBLICA", "(uma vez aprovado)"],
    original: "ORIGINAL",
    assembly: (n, net) => `${n} Assembleia Anual da ${net}`,
    background: "1. Antecedentes",
    purpose: "2) Propósito",
    workAreas: "3) Áreas de trabalho",
    objective: "Objetivo",
    location: "Local",
    date: "Data",
    annex: "Anexo",
  },
};

/** One paragraph of the report, before it is written in any format. */
export type Block =
  | { kind: "distribution"; lines: string[] }
  | { kind: "original"; text: string }
  | { kind: "masthead"; text: string }
  | { kind: "title"; text: string }
  | { kind: "heading"; level: 1 | 2 | 3; text: string }
  | { kind: "field"; label: string; text: string }
  | { kind: "text"; text: string; justify?: boolean };

const ROMAN: [number, string][] = [
  [1000, "M"],
  [900, "CM"],
  [500, "D"],
  [400, "CD"],
  [100, "C"],
  [90, "XC"],
  [50, "L"],
  [40, "XL"],
  [10, "X"],
  [9, "IX"],
  [5, "V"],
  [4, "IV"],
  [1, "I"],
];
function roman(n: number): string {
  let out = "";
  for (const [v, s] of ROMAN) for (; n >= v; n -= v) out += s;
  return out;
}

/** "November 21, 2023" / "21 de noviembre de 2023" / "21 de novembro de 2023". */
function longDate(iso: string, lang: Language): string {
  return new Intl.DateTimeFormat(lang, {
    year: "numeric",
    month: "long",
    day: "numeric",
    timeZone: "UTC",
  }).format(new Date(`${iso}T00:00:00Z`));
}

/** Ends a sentence with a period unless it ends with one already. */
const sentence = (s: string) => (/[.!?:]$/.test(s.trimEnd()) ? s : `${s}.`);

/** The report as paragraphs in the seed's order; texts keep their citation markers. */
export function reportBlocks(plan: PlanDocument, opts: DocxOptions = {}): Block[] {
  const lang = opts.lang ?? plan.language;
  const own = lang === plan.language;
  const L = LABELS[lang];
  const timing = (t: Activity["planned"]) => (own ? t.text : formatTiming(t, lang));
  const out: Block[] = [];

  const draft = opts.draft ?? plan.distribution !== null;
  if (draft) {
    const written =
      own && plan.distribution ? plan.distribution.match(/^(.*?)\s*(\(.*\))\s*$/) : null;
    out.push({
      kind: "distribution",
      lines: written ? [written[1] ?? "", written[2] ?? ""] : [...L.distribution],
    });
  }
  out.push({
    kind: "original",
    text: `${L.original}: ${languageName(plan.originalLanguage, lang).toUpperCase()}`,
  });
  if (plan.presentedAt !== null) {
    out.push({ kind: "masthead", text: L.assembly(roman(plan.presentedAt), plan.network.name) });
    const date = plan.assemblies.find((a) => a.ordinal === plan.presentedAt)?.date;
    if (date) out.push({ kind: "masthead", text: longDate(date, lang) });
  }
  out.push({ kind: "title", text: plan.title });

  out.push({ kind: "heading", level: 1, text: L.background });
  for (const p of plan.background) out.push({ kind: "text", text: p, justify: true });
  out.push({ kind: "heading", level: 1, text: L.purpose });
  for (const p of plan.purpose) out.push({ kind: "text", text: p, justify: true });
  out.push({ kind: "heading", level: 1, text: L.workAreas });

  for (const area of plan.areas) {
    out.push({ kind: "heading", level: 2, text: `${area.code}) ${area.title}` });
    if (area.objective) out.push({ kind: "field", label: L.objective, text: area.objective });
    for (const a of area.activities) {
      out.push({ kind: "heading", level: 3, text: `${a.code}) ${sentence(a.title)}` });
      if (a.location.kind !== "unspecified" || a.location.text)
        out.push({ kind: "field", label: L.location, text: sentence(a.location.text) });
      if (a.planned.kind !== "unspecified" || a.planned.text)
        out.push({ kind: "field", label: L.date, text: sentence(timing(a.planned)) });
      const status =
        own && a.status.text
          ? a.status.text
          : a.status.text || a.status.code !== "planned"
            ? formatStatusLine(a, lang)
            : "";
      if (status) out.push({ kind: "text", text: status });
    }
  }

  if (plan.annex.length > 0 || plan.annexIntro) {
    const last = plan.areas.at(-1)?.code;
    const [section, n] = (last ?? "3.0").split(".");
    out.push({ kind: "heading", level: 2, text: `${section}.${Number(n) + 1}) ${L.annex}` });
    if (plan.annexIntro) out.push({ kind: "text", text: plan.annexIntro });
    for (const item of plan.annex)
      out.push({ kind: "text", text: `${timing(item.when)}: ${sentence(item.title)}` });
  }
  return out;
}

/** A plan as the bytes of a .docx report. */
export async function renderDocx(plan: PlanDocument, opts: DocxOptions = {}): Promise<Uint8Array> {
  const blocks = reportBlocks(plan, opts);
  const byId = new Map(plan.sources.map((s) => [s.id, s]));
  const footnotes: Record<string, { children: Paragraph[] }> = {};
  let nextNote = 1;

  const runs = (text: string, bold = false): ParagraphChild[] =>
    splitCitations(text).map((seg) => {
      if ("text" in seg) return new TextRun({ text: seg.text, bold });
      const id = nextNote++;
      const s = byId.get(seg.source);
      footnotes[String(id)] = {
        children: [
          new Paragraph({
            children: s ? linkedRuns(sourceText(s)) : [new TextRun(`[${seg.source}]`)],
          }),
        ],
      };
      return new FootnoteReferenceRun(id);
    });

  const paragraph = (b: Block): Paragraph => {
    switch (b.kind) {
      case "distribution":
        return new Paragraph({
          alignment: AlignmentType.RIGHT,
          children: b.lines.map(
            (l, i) => new TextRun({ text: l, bold: i === 0, break: i > 0 ? 1 : 0 }),
          ),
        });
      case "original":
        return new Paragraph({
          alignment: AlignmentType.RIGHT,
          spacing: { after: 480 },
          children: [new TextRun({ text: b.text, bold: true })],
        });
      case "masthead":
        return new Paragraph({
          alignment: AlignmentType.CENTER,
          children: [new TextRun({ text: b.text, bold: true, size: 26 })],
        });
      case "title":
        return new Paragraph({
          heading: HeadingLevel.TITLE,
          alignment: AlignmentType.CENTER,
          spacing: { after: 360 },
          children: runs(b.text),
        });
      case "heading":
        return new Paragraph({
          heading:
            b.level === 1
              ? HeadingLevel.HEADING_1
              : b.level === 2
                ? HeadingLevel.HEADING_2
                : HeadingLevel.HEADING_3,
          keepNext: true,
          children: runs(b.text),
        });
      case "field":
        return new Paragraph({
          children: [new TextRun({ text: `${b.label}: `, bold: true }), ...runs(b.text)],
        });
      case "text":
        return new Paragraph({
          alignment: b.justify ? AlignmentType.JUSTIFIED : undefined,
          children: runs(b.text),
        });
    }
  };

  const children = blocks.map(paragraph);
  const doc = new Document({
    title: plan.title,
    creator: "workplan",
    description: `${plan.network.name} ${plan.year}`,
    styles: {
      default: {
        document: {
          run: { font: FONT, size: 22 },
          paragraph: { spacing: { after: 160, line: 264 } },
        },
        heading1: {
          run: { font: FONT, size: 28, bold: true, color: "1F3864" },
          paragraph: { spacing: { before: 360, after: 160 } },
        },
        heading2: {
          run: { font: FONT, size: 24, bold: true, color: "2E74B5" },
          paragraph: { spacing: { before: 280, after: 120 } },
        },
        heading3: {
          run: { font: FONT, size: 22, bold: true, color: "000000" },
          paragraph: { spacing: { before: 220, after: 80 } },
        },
        title: { run: { font: FONT, size: 32, bold: true, color: "1F3864" } },
      },
    },
    footnotes,
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: 1440, bottom: 1440, left: 1440, right: 1440 },
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
