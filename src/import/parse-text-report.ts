/**
 * Plain-text and Markdown execution reports (English, Spanish, Portuguese) -> PlanDocument.
 *
 * Line-based on purpose: in real reports a footnote block can interrupt an activity, and
 * field and status lines can be adjacent with no blank line between. One pass sorts the
 * lines into a draft (header, paragraphs, areas, activities, annex lines, footnotes); a
 * second reads the draft into the plan. Both are linear in the number of lines.
 */
import { citedIds } from "../core/citations.ts";
import { parseError } from "../core/errors.ts";
import { parseLocation } from "../core/places.ts";
import {
  type Activity,
  type AnnexItem,
  type Area,
  type Language,
  PLAN_SCHEMA_ID,
  PlanDocument,
  type Relation,
  type Source,
  type Status,
  type Timing,
} from "../core/plan.ts";
import { parseStatusLine } from "../core/status.ts";
import { parseTiming, unspecifiedTiming } from "../core/timing.ts";
import { stripLanguageMark, unescapeMarkdown } from "../render/markdown-escape.ts";
import { decodeLines } from "./decode.ts";
import { readSource } from "./footnotes.ts";
import { mergeAssemblies, networkSlug, readGovernance } from "./governance.ts";
import { type HeaderLine, readHeader } from "./report-header.ts";
import {
  classifyLine,
  fold,
  isMarkdown,
  type SectionKind,
  unescapeLine,
  winningLanguage,
} from "./report-lines.ts";

export type ImportWarning = { line: number; message: string };
export type ParseTextReportOptions = {
  fileName: string;
  network?: { slug?: string; name?: string };
};

type At = { line: number; text: string };
type Paragraph = { line: number; parts: string[] };
type ActivityDraft = {
  code: string;
  line: number;
  title: string;
  location: At | null;
  date: At | null;
  status: At[];
  /** Every line of the activity in order, for the order of citation. */
  texts: string[];
};
type AreaDraft = {
  code: string;
  line: number;
  title: string;
  objective: string[];
  activities: ActivityDraft[];
};
type AnnexLine = At & { afterBlank: boolean };

const JOINT = /\b(?:joint|jointly|conjunta|conjuntamente|em conjunto|en conjunto)\b/;
const ACTIVITY_CODE = /\b\d+\.\d+\.\d+\b/g;

/** Reads a text or Markdown execution report into a validated plan document. */
export function parseTextReport(
  input: Uint8Array | string,
  opts: ParseTextReportOptions,
): { plan: PlanDocument; warnings: ImportWarning[] } {
  const file = opts.fileName;
  const decoded = decodeLines(input, file);
  if (decoded.every((l) => l.trim() === "")) throw parseError(file, 1, "empty file");

  const markdown = isMarkdown(file, decoded);
  const unesc = markdown ? unescapeMarkdown : (s: string) => s;
  // Our Markdown reports mark a text shown in another language (" _(en inglés)_"): not content.
  const lines = markdown ? decoded.map(stripLanguageMark) : decoded;
  const warnings: ImportWarning[] = [];
  const warn = (line: number, message: string) => warnings.push({ line, message });
  const votes = new Map<Language, number>();
  const header: HeaderLine[] = [];
  const paragraphs: Record<"background" | "purpose" | "annex", Paragraph[]> = {
    background: [],
    purpose: [],
    annex: [],
  };
  const areas: AreaDraft[] = [];
  const areaLines = new Map<string, number>();
  const activityLines = new Map<string, number>();
  const annexLines: AnnexLine[] = [];
  const footnotes = new Map<number, At>();
  const firstCitation = new Map<number, number>();
  let areasHeading: number | null = null;

  type Phase = "header" | SectionKind | "area";
  let phase: Phase = "header";
  let area: AreaDraft | null = null;
  let activity: ActivityDraft | null = null;
  let paragraph: Paragraph | null = null;
  let blank = true;
  let previous: "footnote" | "objective" | "other" = "other";
  let lastFootnote: number | null = null;
  let otherSection: { line: number; title: string } | null = null;

  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    const raw = lines[i] as string;
    const t = raw.trim();
    if (t === "") {
      paragraph = null;
      blank = true;
      continue;
    }
    const afterBlank = blank;
    blank = false;

    // An indented line right after a footnote continues it (Markdown footnotes).
    if (previous === "footnote" && !afterBlank && /^\s/.test(raw) && lastFootnote !== null) {
      const def = footnotes.get(lastFootnote) as At;
      def.text = `${def.text} ${t}`;
      continue;
    }
    // Structure is read on the line as written (escapes are what keep "1\." from being a
    // heading); the pieces it yields are then unescaped.
    const { line, lang } = unescapeLine(classifyLine(t), unesc);
    if (lang) votes.set(lang, (votes.get(lang) ?? 0) + 1);

    if (line.kind === "footnote") {
      const had = footnotes.get(line.id);
      if (had)
        throw parseError(file, n, `footnote ${line.id} defined twice (first at line ${had.line})`);
      footnotes.set(line.id, { line: n, text: line.text });
      lastFootnote = line.id;
      previous = "footnote";
      paragraph = null;
      continue;
    }
    for (const id of citedIds(t)) if (!firstCitation.has(id)) firstCitation.set(id, n);
    const wasObjective = previous === "objective" && !afterBlank;
    previous = "other";

    switch (line.kind) {
      case "section":
        paragraph = null;
        activity = null;
        area = null;
        phase = line.section;
        if (line.section === "areas") areasHeading ??= n;
        otherSection = line.section === "other" ? { line: n, title: t } : null;
        if (otherSection) warn(n, `section "${t}" not understood; its text is skipped`);
        continue;
      case "area": {
        const had = areaLines.get(line.code);
        if (had !== undefined) {
          throw parseError(file, n, `duplicate area code ${line.code} (first at line ${had})`);
        }
        areaLines.set(line.code, n);
        paragraph = null;
        activity = null;
        if (line.annex) {
          area = null;
          phase = "annex";
          continue;
        }
        area = {
          code: line.code,
          line: n,
          title: stripStop(line.title),
          objective: [],
          activities: [],
        };
        areas.push(area);
        phase = "area";
        continue;
      }
      case "activity": {
        const had = activityLines.get(line.code);
        if (had !== undefined) {
          throw parseError(file, n, `duplicate activity code ${line.code} (first at line ${had})`);
        }
        if (!area) {
          const where = phase === "annex" ? "inside the annex" : "before any work area";
          throw parseError(file, n, `activity ${line.code} ${where}`);
        }
        if (!line.code.startsWith(`${area.code}.`)) {
          throw parseError(
            file,
            n,
            `activity ${line.code} is not in area ${area.code} (line ${area.line})`,
          );
        }
        activityLines.set(line.code, n);
        const title = stripStop(line.title);
        activity = {
          code: line.code,
          line: n,
          title,
          location: null,
          date: null,
          status: [],
          texts: [title],
        };
        area.activities.push(activity);
        continue;
      }
    }

    // A field or plain text, read by where we are (Markdown heading marks dropped).
    const body = line.kind === "text" ? line.text : unesc(t);
    if (phase === "header") {
      header.push({ line: n, text: body });
    } else if (phase === "background" || phase === "purpose") {
      if (paragraph) paragraph.parts.push(body);
      else {
        paragraph = { line: n, parts: [body] };
        paragraphs[phase].push(paragraph);
      }
    } else if (phase === "annex") {
      annexLines.push({ line: n, text: body, afterBlank });
    } else if (phase === "area" && area && activity) {
      if (line.kind === "field" && line.field !== "objective") {
        const slot = line.field;
        if (activity[slot]) warn(n, `activity ${activity.code}: a second ${slot} line is ignored`);
        else activity[slot] = { line: n, text: stripStop(line.value) };
      } else {
        activity.status.push({ line: n, text: body });
      }
      activity.texts.push(body);
    } else if (phase === "area" && area) {
      if (line.kind === "field" && line.field === "objective") {
        area.objective.push(line.value);
        previous = "objective";
      } else if (line.kind === "text" && wasObjective) {
        area.objective.push(body);
        previous = "objective";
      } else warn(n, `area ${area.code}: line before its first activity skipped`);
    } else if (phase === "areas") {
      warn(n, "text before the first work area skipped");
    } else if (phase === "other" && otherSection) {
      warn(n, `line skipped: it is in section "${otherSection.title}" (line ${otherSection.line})`);
    }
  }

  if (areas.length === 0) {
    // The "3) Work areas" heading, or else the last line with text (not a trailing newline).
    let last = lines.length;
    while (last > 1 && !lines[last - 1]?.trim()) last--;
    throw parseError(
      file,
      areasHeading ?? last,
      'no work areas found (e.g. "3.1) Cross-border services")',
    );
  }
  const language = winningLanguage(votes) ?? "en";
  if (votes.size === 0) warn(1, "language not recognised from the labels; assuming English");

  const head = readHeader(header);
  warnings.push(...head.warnings);
  const year = head.year;
  const firstLine = header[0]?.line ?? 1;
  if (year === null || head.title === null) {
    throw parseError(file, firstLine, 'no title with the plan year (e.g. "2023 WORK PLAN Report")');
  }
  const networkName = opts.network?.name ?? head.network;
  if (!networkName) {
    const why = head.meetingLine
      ? `"${head.meetingLine.text}" names the meeting but not the network`
      : 'no "<ordinal> <network> <meeting>" line in the header, e.g. "XVII GEALC Network Annual Assembly"';
    throw parseError(
      file,
      head.meetingLine?.line ?? firstLine,
      `the network is not named (${why}); name it with --network "Name"`,
    );
  }
  const slug = opts.network?.slug ?? networkSlug(networkName);

  // Sources first: relations read their notes.
  const sources: Source[] = [];
  const sourceById = new Map<number, Source>();
  for (const [id, def] of [...footnotes].sort((a, b) => a[0] - b[0])) {
    const { source, warning } = readSource(id, def.text);
    if (warning) warn(def.line, warning);
    sources.push(source);
    sourceById.set(id, source);
    if (!firstCitation.has(id)) warn(def.line, `footnote ${id} is defined but never cited`);
  }
  for (const [id, line] of firstCitation) {
    if (!footnotes.has(id)) warn(line, `footnote ${id} is cited but never defined`);
  }

  const timing = (at: At | null): Timing => {
    if (!at || at.text === "") return unspecifiedTiming(year, "");
    const t = parseTiming(at.text, { year });
    if (t) return t;
    warn(at.line, `timing not understood: "${at.text}"`);
    return unspecifiedTiming(year, at.text);
  };

  const planAreas: Area[] = areas.map((a) => ({
    code: a.code,
    title: a.title,
    objective: a.objective.join(" "),
    activities: a.activities.map((d) => buildActivity(d)),
  }));

  function buildActivity(d: ActivityDraft): Activity {
    const location = parseLocation(d.location?.text ?? "");
    if (d.location && location.kind === "place" && location.country === null) {
      warn(d.location.line, `activity ${d.code}: country of "${d.location.text}" not recognised`);
    }
    let status: Status = { code: "planned", when: null, note: null, text: "", sources: [] };
    let occurrences: Activity["occurrences"] = [];
    const statusLine = d.status[0];
    if (statusLine) {
      const text = d.status.map((s) => s.text).join(" ");
      const parsed = parseStatusLine(text, { year: year as number });
      status = parsed.status;
      occurrences = parsed.occurrences;
      // Never a guess: the sentence is kept and the activity waits for someone to classify it.
      if (!parsed.recognised)
        warn(
          statusLine.line,
          `activity ${d.code}: status not recognised, imported as unclassified (needs a status): "${text}"`,
        );
    } else warn(d.line, `activity ${d.code} has no status line`);

    const ids = new Set<number>();
    for (const text of d.texts) for (const id of citedIds(text)) ids.add(id);
    for (const id of status.sources) ids.add(id);
    for (const o of occurrences) for (const id of o.sources) ids.add(id);
    const sourceIds = [...ids];
    return {
      code: d.code,
      title: d.title,
      location,
      planned: timing(d.date),
      status,
      occurrences,
      sources: sourceIds,
      relations: relationsOf(d, sourceIds),
    };
  }

  function relationsOf(d: ActivityDraft, ids: readonly number[]): Relation[] {
    const out: Relation[] = [];
    for (const id of ids) {
      const note = sourceById.get(id);
      if (!note || note.url !== null || !note.note || !JOINT.test(fold(note.note))) continue;
      for (const code of note.note.match(ACTIVITY_CODE) ?? []) {
        if (code === d.code || out.some((r) => r.activity === code)) continue;
        if (!activityLines.has(code)) {
          warn(
            footnotes.get(id)?.line ?? d.line,
            `footnote ${id} names activity ${code}, which is not in the plan`,
          );
          continue;
        }
        out.push({ kind: "joint", activity: code, source: id });
      }
    }
    return out;
  }

  const { annexIntro, annex } = readAnnex(annexLines, year, warn);
  const gov = readGovernance(
    paragraphs.background.map((p) => p.parts.join(" ")),
    { meeting: head.meeting },
  );
  for (const w of gov.warnings) warn(paragraphs.background[w.paragraph]?.line ?? 1, w.message);
  const assemblies = mergeAssemblies([
    ...gov.assemblies,
    ...(head.presentedAt
      ? [{ ordinal: head.presentedAt, date: head.assemblyDate, place: null }]
      : []),
  ]);

  const candidate = {
    schema: PLAN_SCHEMA_ID,
    network: { slug, name: networkName },
    year,
    title: head.title,
    language,
    originalLanguage: head.originalLanguage ?? language,
    distribution: head.distribution,
    presentedAt: head.presentedAt,
    governance: gov.governance,
    assemblies,
    background: paragraphs.background.map((p) => p.parts.join(" ")),
    purpose: paragraphs.purpose.map((p) => p.parts.join(" ")),
    areas: planAreas,
    annexIntro,
    annex,
    sources,
  };
  const checked = PlanDocument.safeParse(candidate);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const path = issue?.path.join(".") ?? "";
    throw parseError(
      file,
      lineOfPath(issue?.path ?? [], areas, footnotes),
      `${path}: ${issue?.message}`,
    );
  }
  warnings.sort((a, b) => a.line - b.line);
  return { plan: checked.data, warnings };
}

/** The annex: an intro paragraph, then "Month: title." items (wrapped lines continue one). */
function readAnnex(
  lines: readonly AnnexLine[],
  year: number,
  warn: (line: number, message: string) => void,
): { annexIntro: string | null; annex: AnnexItem[] } {
  const intro: string[][] = [];
  const annex: AnnexItem[] = [];
  let lastItem: { item: AnnexItem; title: string } | null = null;
  for (const l of lines) {
    // A Markdown list item is an item too: "- January: ...".
    const m = /^(?:[-*+]\s+)?([^:]{1,40}):\s*(\S.*)$/.exec(l.text);
    const when = m ? parseTiming((m[1] as string).trim(), { year }) : null;
    if (m && when && when.kind !== "unspecified") {
      const title = stripStop(m[2] as string);
      lastItem = { item: { when, title, sources: citedIds(title) }, title };
      annex.push(lastItem.item);
    } else if (lastItem && !l.afterBlank) {
      lastItem.item.title = stripStop(`${lastItem.title} ${l.text}`);
      lastItem.title = lastItem.item.title;
      lastItem.item.sources = citedIds(lastItem.item.title);
    } else if (annex.length === 0) {
      if (l.afterBlank || intro.length === 0) intro.push([l.text]);
      else intro[intro.length - 1]?.push(l.text);
    } else warn(l.line, `annex line not understood (expected "Month: title"): "${l.text}"`);
  }
  const annexIntro = intro.length ? intro.map((p) => p.join(" ")).join("\n\n") : null;
  return { annexIntro, annex };
}

/** The text without one final full stop ("Title[^3]." -> "Title[^3]"), keeping "D.C.". */
function stripStop(text: string): string {
  const t = text.trim();
  if (!t.endsWith(".") || /(?:^|[\s.])\p{Lu}\.$/u.test(t)) return t;
  return t.slice(0, -1).trimEnd();
}

function lineOfPath(
  path: readonly PropertyKey[],
  areas: readonly AreaDraft[],
  footnotes: ReadonlyMap<number, At>,
): number {
  const [top, i, sub, j] = path;
  if (top === "areas" && typeof i === "number") {
    const a = areas[i];
    if (sub === "activities" && typeof j === "number")
      return a?.activities[j]?.line ?? a?.line ?? 1;
    return a?.line ?? 1;
  }
  if (top === "sources" && typeof i === "number") {
    return [...footnotes].sort((x, y) => x[0] - y[0])[i]?.[1].line ?? 1;
  }
  return 1;
}
