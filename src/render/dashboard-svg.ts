/**
 * Dashboard charts as static, accessible SVG: their Vega-Lite specs are written here and
 * drawn by Vega in the chart renderer, a child process (chart-renderer.ts), so the server
 * never loads Vega. Every chart generation lives here: views get strings of SVG, and always
 * print the same numbers in a table. Vega escapes the text it writes and emits no style
 * attributes (CSP-safe inline SVG).
 */
import type { TopLevelSpec } from "vega-lite";
import type { Language } from "../core/plan.ts";
import {
  PROGRESS_STATE_LABELS,
  type ProgressState,
  type ProgressSummary,
  STATUS_GROUP_LABELS,
  STATUS_GROUPS,
  type StatusGroup,
} from "../core/progress.ts";
import { type ChartJob, ChartRenderer } from "./chart-renderer-process.ts";
import { escapeHtml } from "./html-escape.ts";

type Words = {
  activities: string;
  meetings: string;
  held: string;
  target: string;
  expected: string;
  planned: string;
  scheduled: string;
  today: string;
  rate: string;
  year: string;
  byArea: string;
  byAreaDesc: (n: number) => string;
  targets: string;
  targetsDesc: string;
  timeline: string;
  timelineDesc: string;
  byYear: string;
  tooMany: (n: number) => string;
  byYearDesc: string;
};

/**
 * The most rows a one-row-per-activity chart draws: past it the chart would cost seconds
 * and megabytes (a plan at the limits has 2,000 activities) and be unreadable anyway, so
 * it gives way to a sentence, and the table under it keeps every row.
 */
export const CHART_MAX_ROWS = 150;

/** In place of a chart with too many rows: its title, and a sentence pointing at the table. */
function tooManyToChart(text: ChartText, rows: number, lang: Language): Planned {
  return { chart: { ...text, svg: `<p class="chart-omitted">${WORDS[lang].tooMany(rows)}</p>` } };
}

const WORDS: Record<Language, Words> = {
  en: {
    activities: "Activities",
    meetings: "Meetings",
    held: "Held",
    target: "Target",
    expected: "Due by today",
    planned: "Planned window",
    scheduled: "Scheduled",
    today: "Today",
    rate: "Execution rate",
    year: "Year",
    byArea: "Execution by area",
    byAreaDesc: (n) =>
      `Activities of each of the ${n} areas, by status. The table below gives the numbers.`,
    targets: "Meeting targets",
    targetsDesc:
      "Meetings held against the yearly target and the number due by today. The table below gives the numbers.",
    timeline: "Planned and actual dates",
    timelineDesc:
      "Each activity's planned window as a bar, the dates it was held as dots, scheduled dates as rings. The table below gives the dates.",
    byYear: "Execution rate by year",
    tooMany: (n) =>
      `${n} activities are too many to draw one per line: the table below has every one.`,
    byYearDesc:
      "Share of each year's activities executed or executed otherwise, out of all but the cancelled and those needing a status. The table below gives the numbers.",
  },
  es: {
    activities: "Actividades",
    meetings: "Reuniones",
    held: "Celebradas",
    target: "Meta",
    expected: "Previstas a hoy",
    planned: "Plazo previsto",
    scheduled: "Programada",
    today: "Hoy",
    rate: "Tasa de ejecución",
    year: "Año",
    byArea: "Ejecución por área",
    byAreaDesc: (n) =>
      `Actividades de cada una de las ${n} áreas, por estado. La tabla siguiente da las cifras.`,
    targets: "Metas de reuniones",
    targetsDesc:
      "Reuniones celebradas frente a la meta anual y a las previstas a hoy. La tabla siguiente da las cifras.",
    timeline: "Fechas previstas y reales",
    timelineDesc:
      "El plazo previsto de cada actividad como barra, las fechas en que se realizó como puntos y las fechas programadas como anillos. La tabla siguiente da las fechas.",
    byYear: "Tasa de ejecución por año",
    tooMany: (n) =>
      `${n} actividades son demasiadas para dibujar una por línea: la tabla siguiente las tiene todas.`,
    byYearDesc:
      "Proporción de las actividades de cada año ejecutadas o ejecutadas de otra forma, sobre todas salvo las canceladas y las que requieren un estado. La tabla siguiente da las cifras.",
  },
  pt: {
    activities: "Atividades",
    meetings: "Reuniões",
    held: "Realizadas",
    target: "Meta",
    expected: "Previstas até hoje",
    planned: "Prazo previsto",
    scheduled: "Agendada",
    today: "Hoje",
    rate: "Taxa de execução",
    year: "Ano",
    byArea: "Execução por área",
    byAreaDesc: (n) =>
      `Atividades de cada uma das ${n} áreas, por situação. A tabela a seguir traz os números.`,
    targets: "Metas de reuniões",
    targetsDesc:
      "Reuniões realizadas frente à meta anual e às previstas até hoje. A tabela a seguir traz os números.",
    timeline: "Datas previstas e reais",
    timelineDesc:
      "O prazo previsto de cada atividade como barra, as datas em que foi realizada como pontos e as datas agendadas como anéis. A tabela a seguir traz as datas.",
    byYear: "Taxa de execução por ano",
    tooMany: (n) =>
      `${n} atividades são demais para desenhar uma por linha: a tabela a seguir traz todas.`,
    byYearDesc:
      "Parcela das atividades de cada ano executadas ou executadas de outra forma, sobre todas menos as canceladas e as que precisam de um estado. A tabela a seguir traz os números.",
  },
};

/** Okabe–Ito colours: told apart with the common colour-vision deficiencies. */
const GROUP_COLORS: Record<StatusGroup, string> = {
  executed: "#009E73",
  executed_otherwise: "#56B4E9",
  superseded: "#999999",
  cancelled: "#000000",
  in_progress: "#E69F00",
  not_started: "#D55E00",
  unclassified: "#CC79A7",
};
const STATE_COLORS: Record<ProgressState, string> = {
  done: "#009E73",
  closed: "#999999",
  on_track: "#56B4E9",
  due_soon: "#E69F00",
  behind_target: "#CC79A7",
  late: "#D55E00",
};

/** The progress states that occur in `items`, in legend order. */
const statesIn = (items: readonly { state: ProgressState }[]): ProgressState[] =>
  (Object.keys(STATE_COLORS) as ProgressState[]).filter((s) => items.some((i) => i.state === s));

/** The colour encoding of a progress state: the same label and colour in every chart. */
const stateColor = (states: readonly ProgressState[], lang: Language) => ({
  field: "state",
  type: "nominal" as const,
  title: null,
  scale: {
    domain: states.map((s) => PROGRESS_STATE_LABELS[s][lang]),
    range: states.map((s) => STATE_COLORS[s]),
  },
});

// The shapes charts take (the dashboard use cases' results fit them).
export type TargetInput = {
  code: string;
  title: string;
  count: number;
  held: number;
  expected: number;
  state: ProgressState;
};
export type TimelineInput = {
  code: string;
  title: string;
  planned: { start: string; end: string };
  actual: readonly { start: string; end: string; kind: "held" | "scheduled" }[];
  state: ProgressState;
};
export type YearInput = { year: number; summary: Pick<ProgressSummary, "executionRate"> | null };

export type ChartText = { title: string; description: string };
export type Chart = ChartText & { svg: string };

/** Warnings of Vega and Vega-Lite go nowhere in production; tests check there are none. */
export const chartWarnings: string[] = [];

/**
 * What drawing has cost this process: charts drawn by Vega, chart sets drawn, specs
 * compiled and parsed (by its chart renderer). Tests count them to show a chart stored (or
 * cached) is not drawn again.
 */
export const chartDrawings = { charts: 0, sets: 0, specsCompiled: 0 };

/** This process's chart renderer: a child process, started on the first chart. */
export const chartRenderer = new ChartRenderer();

/** The tail of the drawing queue: each set waits for the one before it. */
let drawing: Promise<unknown> = Promise.resolve();

/**
 * Runs `draw` when every set queued before it has been drawn: at most one chart set is
 * drawn at a time per process, so Vega's scenegraphs for many requests at once never pile
 * up in the renderer's memory (a set takes ~100 ms of CPU: side by side would not be faster).
 */
function oneAtATime<T>(draw: () => Promise<T>): Promise<T> {
  const mine = drawing.then(draw, draw);
  drawing = mine.catch(() => undefined);
  return mine;
}

/** A chart's rows, by the name of the dataset its spec reads them from. */
type Datasets = Record<string, readonly object[]>;

/** A chart to draw (its spec, rows and words), or one that needs no drawing. */
type Planned = { chart: Chart } | { job: ChartJob; text: ChartText; id: string };

/**
 * A chart to draw from a Vega-Lite spec, its datasets' rows given apart (the spec names
 * them: `data: { name }`). The renderer compiles and parses each spec text once.
 */
function toDraw(
  spec: TopLevelSpec,
  data: Datasets,
  text: ChartText,
  opts: { id: string; lang: Language },
): Planned {
  return { job: { spec: JSON.stringify(spec), data, lang: opts.lang }, text, id: opts.id };
}

/** Draws the charts of a set in the renderer, in one exchange; each an accessible image. */
async function drawAll(planned: readonly Planned[]): Promise<Chart[]> {
  const jobs = planned.flatMap((p) => ("job" in p ? [p] : []));
  chartDrawings.charts += jobs.length;
  const answer =
    jobs.length > 0
      ? await chartRenderer.draw(jobs.map((p) => p.job))
      : { svgs: [], specsCompiled: 0, warnings: [] };
  chartDrawings.specsCompiled += answer.specsCompiled;
  chartWarnings.push(...answer.warnings);
  let i = 0;
  return planned.map((p) => {
    if ("chart" in p) return p.chart;
    const svg = answer.svgs[i++];
    if (svg === undefined) throw new Error("The chart renderer answered too few charts");
    return { ...p.text, svg: accessible(svg, p.text, p.id) };
  });
}

/**
 * The chart as one image for assistive technology: role="img" with a title and description
 * (the numbers are in the table beside it). Width and height stay as the chart's natural
 * size, with a viewBox, so a stylesheet may shrink it (max-width: 100%; height: auto).
 */
function accessible(svg: string, text: ChartText, id: string): string {
  const safeId = id.replace(/[^A-Za-z0-9_-]/g, "-");
  return svg.replace(/^<svg([^>]*)>/, (_m, attrs: string) => {
    const kept = attrs.replace(/\sclass="[^"]*"/, "");
    return (
      `<svg${kept} class="chart" role="img" aria-labelledby="${safeId}-title ${safeId}-desc">` +
      `<title id="${safeId}-title">${escapeHtml(text.title)}</title>` +
      `<desc id="${safeId}-desc">${escapeHtml(text.description)}</desc>`
    );
  });
}

const areaLabel = (a: { code: string; title: string }) => `${a.code} ${a.title}`;

/** Stacked bars: each area's activities by status group. */
function executionByAreaChart(
  areas: readonly { code: string; title: string; summary: ProgressSummary }[],
  lang: Language,
  id = "chart-areas",
): Planned {
  const w = WORDS[lang];
  const groups = STATUS_GROUPS.filter((g) => areas.some((a) => a.summary.byGroup[g] > 0));
  const values = areas.flatMap((a, i) =>
    groups.map((g) => ({
      area: areaLabel(a),
      order: i,
      group: STATUS_GROUP_LABELS[g][lang],
      rank: STATUS_GROUPS.indexOf(g),
      n: a.summary.byGroup[g],
    })),
  );
  return toDraw(
    {
      width: 360,
      height: { step: 22 },
      data: { name: "rows" },
      mark: { type: "bar" },
      encoding: {
        y: { field: "area", type: "nominal", title: null, sort: { field: "order", op: "min" } },
        x: {
          field: "n",
          type: "quantitative",
          title: w.activities,
          stack: "zero",
          axis: { tickMinStep: 1 },
        },
        color: {
          field: "group",
          type: "nominal",
          title: null,
          scale: {
            domain: groups.map((g) => STATUS_GROUP_LABELS[g][lang]),
            range: groups.map((g) => GROUP_COLORS[g]),
          },
        },
        order: { field: "rank", type: "quantitative" },
      },
    },
    { rows: values },
    { title: w.byArea, description: w.byAreaDesc(areas.length) },
    { id, lang },
  );
}

/** Per meeting target: the target (light bar), meetings held (bar) and due by today (tick). */
function targetsChart(
  targets: readonly TargetInput[],
  lang: Language,
  id = "chart-targets",
): Planned {
  const w = WORDS[lang];
  const text = { title: w.targets, description: w.targetsDesc };
  if (targets.length > CHART_MAX_ROWS) return tooManyToChart(text, targets.length, lang);
  const values = targets.map((t, i) => ({
    label: `${t.code} ${t.title}`,
    order: i,
    count: t.count,
    held: t.held,
    expected: t.expected,
    state: PROGRESS_STATE_LABELS[t.state][lang],
  }));
  const y = {
    field: "label",
    type: "nominal" as const,
    title: null,
    sort: { field: "order", op: "min" as const },
  };
  const states = statesIn(targets);
  return toDraw(
    {
      width: 300,
      height: { step: 24 },
      data: { name: "rows" },
      layer: [
        {
          mark: { type: "bar", color: "#e6e6e6" },
          encoding: {
            y,
            x: {
              field: "count",
              type: "quantitative",
              title: w.meetings,
              axis: { tickMinStep: 1 },
            },
          },
        },
        {
          mark: { type: "bar", height: { band: 0.5 } },
          encoding: {
            y,
            x: { field: "held", type: "quantitative" },
            color: stateColor(states, lang),
          },
        },
        {
          mark: { type: "tick", color: "#000", thickness: 2 },
          encoding: { y, x: { field: "expected", type: "quantitative" } },
        },
      ],
    },
    { rows: values },
    text,
    { id, lang },
  );
}

/** A Gantt of planned windows (bars) with actual dates (dots: held, rings: scheduled) and today. */
function timelineChart(
  rows: readonly TimelineInput[],
  year: number,
  today: string,
  lang: Language,
  id = "chart-timeline",
): Planned {
  const w = WORDS[lang];
  if (rows.length > CHART_MAX_ROWS) {
    return tooManyToChart({ title: w.timeline, description: w.timelineDesc }, rows.length, lang);
  }
  // Dates as UTC midnight instants; a window's bar runs to the end of its last day.
  const t = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
  const endOf = (iso: string) => t(iso) + 86_399_000;
  const label = (r: TimelineInput) => `${r.code} ${r.title}`;
  const sort = { field: "order", op: "min" as const };
  const planned = rows.map((r, i) => ({
    label: label(r),
    order: i,
    start: t(r.planned.start),
    end: endOf(r.planned.end),
    state: PROGRESS_STATE_LABELS[r.state][lang],
  }));
  const actual = rows.flatMap((r, i) =>
    r.actual.map((a) => ({
      label: label(r),
      order: i,
      start: (t(a.start) + endOf(a.end)) / 2,
      kind: a.kind === "held" ? w.held : w.scheduled,
    })),
  );
  const domain = [
    { year, month: 1, date: 1, utc: true },
    { year: year + 1, month: 1, date: 1, utc: true },
  ];
  // One time scale for every layer: UTC, the plan year.
  const xScale = {
    type: "temporal" as const,
    title: null,
    // domainMin/Max rather than domain: an explicit temporal domain with x2 trips
    // vega-lite#5733 (a spurious "conflicting domain" warning).
    scale: { type: "utc" as const, domainMin: domain[0], domainMax: domain[1] },
    axis: { format: "%b", tickCount: 12, orient: "top" as const },
  };
  const states = statesIn(rows);
  const kinds = [w.held, w.scheduled].filter((k) => actual.some((a) => a.kind === k));
  return toDraw(
    {
      width: 420,
      height: { step: 16 },
      // Shared by the layers, so they have one time scale (UTC, the plan year) and one y.
      encoding: {
        y: { field: "label", type: "nominal", title: null, sort },
        x: { field: "start", ...xScale },
      },
      layer: [
        {
          data: { name: "planned" },
          mark: { type: "bar", opacity: 0.45, height: { band: 0.7 } },
          encoding: {
            x2: { field: "end" },
            color: stateColor(states, lang),
          },
        },
        {
          data: { name: "actual" },
          mark: { type: "point", size: 40, strokeWidth: 1.5, color: "#000", filled: true },
          encoding: {
            shape: {
              field: "kind",
              type: "nominal",
              title: null,
              scale: {
                domain: kinds,
                range: kinds.map((k) => (k === w.held ? "circle" : "diamond")),
              },
            },
          },
        },
        {
          data: { name: "today" },
          mark: { type: "rule", color: "#000", strokeDash: [4, 3] },
          encoding: { y: null },
        },
      ],
    } as TopLevelSpec,
    { planned, actual, today: [{ start: t(today) }] },
    { title: w.timeline, description: w.timelineDesc },
    { id, lang },
  );
}

/** The data a plan dashboard's charts are drawn from (the dashboard use case's result fits). */
export type DashboardChartsInput = {
  year: number;
  today: string;
  areas: readonly { code: string; title: string; summary: ProgressSummary }[];
  targets: readonly TargetInput[];
  timeline: readonly TimelineInput[];
};

/** A plan dashboard's charts: by area, meeting targets (none without targets), timeline. */
export type DashboardCharts = { areas: Chart; targets: Chart | null; timeline: Chart };

/** Draws a plan dashboard's charts, one set at a time per process (see oneAtATime). */
export function drawDashboardCharts(
  d: DashboardChartsInput,
  lang: Language,
): Promise<DashboardCharts> {
  return oneAtATime(async () => {
    chartDrawings.sets++;
    // Drawn in the order they are shown: areas, targets (when there are any), timeline.
    const drawn = await drawAll([
      executionByAreaChart(d.areas, lang),
      ...(d.targets.length > 0 ? [targetsChart(d.targets, lang)] : []),
      timelineChart(d.timeline, d.year, d.today, lang),
    ]);
    const [areas, timeline] = [drawn[0], drawn.at(-1)];
    const targets = drawn.length === 3 ? drawn[1] : undefined;
    if (!areas || !timeline) throw new Error("The chart renderer answered too few charts");
    return { areas, targets: targets ?? null, timeline };
  });
}

/** Bars: a network's execution rate, year by year (years without a visible report left out). */
export function executionByYearChart(
  years: readonly YearInput[],
  lang: Language,
  id = "chart-years",
): Promise<Chart> {
  return oneAtATime(async () => {
    chartDrawings.sets++;
    const [chart] = await drawAll([executionByYear(years, lang, id)]);
    if (!chart) throw new Error("The chart renderer answered too few charts");
    return chart;
  });
}

function executionByYear(years: readonly YearInput[], lang: Language, id: string): Planned {
  const w = WORDS[lang];
  const values = years.flatMap((y) =>
    y.summary?.executionRate == null
      ? []
      : [{ year: String(y.year), rate: y.summary.executionRate }],
  );
  return toDraw(
    {
      width: { step: 48 },
      height: 200,
      data: { name: "rows" },
      mark: { type: "bar", color: "#009E73" },
      encoding: {
        x: { field: "year", type: "ordinal", title: w.year, axis: { labelAngle: 0 } },
        y: {
          field: "rate",
          type: "quantitative",
          title: w.rate,
          scale: { domain: [0, 1] },
          axis: { format: ".0%" },
        },
      },
    },
    { rows: values },
    { title: w.byYear, description: w.byYearDesc },
    { id, lang },
  );
}
