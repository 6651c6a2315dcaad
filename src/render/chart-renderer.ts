/**
 * The chart renderer: a child process (started by chart-renderer-process.ts) that draws
 * Vega-Lite specs to SVG with Vega (compiled to Vega, rendered headless with
 * `renderer: "none"` and `toSVG()`). Vega and Vega-Lite are ~34 MB of code once loaded and
 * tens of MB while drawing: they live here, never in the server. It reads requests from its
 * IPC channel one at a time and answers each with the SVGs, the specs it had to compile
 * and the warnings Vega gave; it exits when the channel closes (its parent gone, or idle).
 */
import { flushCompileCache } from "node:module";
import { LRUCache } from "lru-cache";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { Language } from "../core/plan.ts";
import type { ChartJob, RendererReply, RendererRequest } from "./chart-renderer-process.ts";

const LOCALES: Record<Language, string> = { en: "en-GB", es: "es", pt: "pt-BR" };

/** Each language's, made once: a DateTimeFormat costs ~0.2 ms and a locale takes 38. */
const timeLocales = new Map<Language, ReturnType<typeof makeTimeLocale>>();

/** A d3 time-format locale from Intl, so month names on time axes are in `lang`. */
function timeLocale(lang: Language) {
  let locale = timeLocales.get(lang);
  if (!locale) {
    locale = makeTimeLocale(lang);
    timeLocales.set(lang, locale);
  }
  return locale;
}

function makeTimeLocale(lang: Language) {
  const loc = LOCALES[lang];
  const fmt = (o: Intl.DateTimeFormatOptions, d: Date) =>
    new Intl.DateTimeFormat(loc, { ...o, timeZone: "UTC" }).format(d);
  const month = (m: number) => new Date(Date.UTC(2000, m, 1));
  const day = (d: number) => new Date(Date.UTC(2000, 0, 2 + d)); // 2 Jan 2000 was a Sunday
  return {
    dateTime: "%x, %X",
    date: "%d/%m/%Y",
    time: "%H:%M:%S",
    periods: ["AM", "PM"],
    days: [0, 1, 2, 3, 4, 5, 6].map((d) => fmt({ weekday: "long" }, day(d))),
    shortDays: [0, 1, 2, 3, 4, 5, 6].map((d) => fmt({ weekday: "short" }, day(d))),
    months: [...Array(12).keys()].map((m) => fmt({ month: "long" }, month(m))),
    shortMonths: [...Array(12).keys()].map((m) =>
      fmt({ month: "short" }, month(m)).replace(".", ""),
    ),
  };
}

/** Warnings of Vega and Vega-Lite while drawing a request: sent back with its answer. */
let warnings: string[] = [];
const quiet = {
  level(_?: number) {
    return this;
  },
  error(...args: unknown[]) {
    warnings.push(`error: ${args.join(" ")}`);
    return this;
  },
  warn(...args: unknown[]) {
    warnings.push(args.join(" "));
    return this;
  },
  info() {
    return this;
  },
  debug() {
    return this;
  },
};

const CONFIG = {
  font: "system-ui, sans-serif",
  axis: { labelFontSize: 11, titleFontSize: 12, labelLimit: 260 },
  legend: { labelFontSize: 11, titleFontSize: 12, orient: "bottom" as const },
  view: { stroke: null },
};

/**
 * Specs compiled and parsed, by their text: a spec names its datasets and carries no rows,
 * so every plan whose chart has the same words and legends (language, status groups or
 * states present, year) shares one. Compiling and parsing is about half of a chart's
 * drawing; a View is made anew from the parsed spec for each chart, its rows passed then.
 * A few dozen kept (a parsed spec holds some hundred KB): the most recently used.
 */
const parsedSpecs = new LRUCache<string, vega.Runtime>({ max: 48 });
let specsCompiled = 0;

function parsedSpec(text: string): vega.Runtime {
  const known = parsedSpecs.get(text);
  if (known) return known;
  specsCompiled++;
  const spec = JSON.parse(text) as TopLevelSpec;
  const compiled = compile(
    { ...spec, config: { ...CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec,
    { logger: quiet },
  ).spec;
  const parsed = vega.parse(compiled);
  parsedSpecs.set(text, parsed);
  return parsed;
}

/** One chart: a View made from its parsed spec, its datasets' rows given, drawn to SVG. */
async function draw(job: ChartJob): Promise<string> {
  const view = new vega.View(parsedSpec(job.spec), {
    renderer: "none",
    logLevel: vega.Warn,
    logger: quiet,
    // The View takes locale definitions ({ number, time }), though typed as formatters.
    locale: { time: timeLocale(job.lang) } as unknown as vega.LocaleFormatters,
  });
  try {
    for (const [name, rows] of Object.entries(job.data)) view.data(name, rows as object[]);
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

async function answer(request: RendererRequest): Promise<RendererReply> {
  warnings = [];
  const compiledBefore = specsCompiled;
  try {
    const svgs: string[] = [];
    for (const job of request.jobs) svgs.push(await draw(job));
    return { id: request.id, svgs, specsCompiled: specsCompiled - compiledBefore, warnings };
  } catch (e) {
    return { id: request.id, error: (e as Error).stack ?? String(e) };
  }
}

const send = process.send?.bind(process);
if (!send)
  throw new Error("chart-renderer.ts runs as a child process: see chart-renderer-process.ts");

// One request at a time, in order (the parent sends one at a time anyway).
let queue: Promise<unknown> = Promise.resolve();
process.on("message", (request: RendererRequest) => {
  queue = queue.then(async () => send(await answer(request)));
});
// The parent gone or done with it: nothing is left to draw for.
process.on("disconnect", () => process.exit(0));
// Vega compiled, for the next renderer (NODE_COMPILE_CACHE, which bin/workplan sets): it
// stops when idle, often by a signal, and would not write it at exit.
flushCompileCache();
send({ ready: true } satisfies RendererReply);
