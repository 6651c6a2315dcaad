/**
 * The server's side of the chart renderer (chart-renderer.ts): a child process of the same
 * Node.js that draws charts with Vega, so the server never loads Vega (~34 MB of code, and
 * tens of MB more while drawing). Started on first need and reused; it exits once idle for
 * a while, and its handles are unref'd when nothing is being drawn, so it never keeps a CLI
 * command or a test alive. A drawing that gets no answer in time is an error (the renderer
 * is killed); a renderer that dies while drawing is replaced and the drawing tried once more.
 */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { AppError } from "../core/errors.ts";
import type { Language } from "../core/plan.ts";

/** One chart to draw: its Vega-Lite spec as JSON text (no rows), its datasets' rows. */
export type ChartJob = {
  spec: string;
  data: Record<string, readonly object[]>;
  lang: Language;
};

/** The renderer's answer: each job's SVG, the specs it compiled and Vega's warnings. */
export type ChartAnswer = { svgs: string[]; specsCompiled: number; warnings: string[] };

export type RendererRequest = { id: number; jobs: readonly ChartJob[] };
export type RendererReply =
  | { ready: true }
  | ({ id: number } & ChartAnswer)
  | { id: number; error: string };

export type ChartRendererOptions = {
  /** Milliseconds a drawing may take once the renderer runs (default 30 s). */
  timeoutMs?: number;
  /** Milliseconds the renderer may take to start (default 30 s; ~1 s on a busy machine). */
  startTimeoutMs?: number;
  /** Milliseconds the renderer stays without work before it is stopped (default 30 s). */
  idleMs?: number;
  /**
   * Its V8 old-generation limit, MB (default 128): ~25 MB stay live, and the largest sets
   * (150 rows a chart) draw within 48.
   */
  maxOldSpaceMb?: number;
};

const ENTRY = fileURLToPath(new URL("./chart-renderer.ts", import.meta.url));

/** The renderer died before answering: the drawing may be tried again on a new one. */
class RendererExited extends Error {}

type Waiting = { resolve: (a: ChartAnswer) => void; reject: (e: Error) => void };

/** One renderer process and the drawings waiting on it. */
type Renderer = { proc: ChildProcess; ready: Promise<void>; waiting: Map<number, Waiting> };

export class ChartRenderer {
  readonly #timeoutMs: number;
  readonly #startTimeoutMs: number;
  readonly #idleMs: number;
  readonly #maxOldSpaceMb: number;
  #current: Renderer | null = null;
  #nextId = 1;
  #idle: NodeJS.Timeout | null = null;
  /** Renderer processes started so far. */
  started = 0;

  constructor(opts: ChartRendererOptions = {}) {
    this.#timeoutMs = opts.timeoutMs ?? 30_000;
    this.#startTimeoutMs = opts.startTimeoutMs ?? 30_000;
    this.#idleMs = opts.idleMs ?? 30_000;
    this.#maxOldSpaceMb = opts.maxOldSpaceMb ?? 128;
  }

  /** The running renderer's process id, if one runs. */
  get pid(): number | undefined {
    return this.#current?.proc.pid;
  }

  /** Draws `jobs` in the renderer: once more on a new one if it died meanwhile. */
  async draw(jobs: readonly ChartJob[]): Promise<ChartAnswer> {
    try {
      return await this.#drawOnce(jobs);
    } catch (e) {
      if (!(e instanceof RendererExited)) throw e;
      try {
        return await this.#drawOnce(jobs);
      } catch (again) {
        if (!(again instanceof RendererExited)) throw again;
        throw new AppError("unavailable", `The chart renderer failed twice: ${again.message}`);
      }
    }
  }

  /** Stops the renderer now (it would stop once idle anyway). */
  stop(): void {
    if (this.#idle) clearTimeout(this.#idle);
    this.#idle = null;
    const r = this.#current;
    this.#current = null;
    if (r) {
      r.proc.kill();
      fail(r, new RendererExited("the chart renderer was stopped"));
    }
  }

  #drawOnce(jobs: readonly ChartJob[]): Promise<ChartAnswer> {
    if (this.#idle) clearTimeout(this.#idle);
    this.#idle = null;
    const r = this.#renderer();
    const id = this.#nextId++;
    r.proc.channel?.ref();
    return new Promise<ChartAnswer>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      /** Gives up after `ms`: the renderer, stuck or too slow, is killed. */
      const giveUpAfter = (ms: number, what: string) => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          r.waiting
            .get(id)
            ?.reject(
              new AppError("unavailable", `The chart renderer ${what} ${ms} ms; it was stopped`),
            );
          if (this.#current === r) this.#current = null;
          r.proc.kill("SIGKILL");
        }, ms);
      };
      const settle = () => {
        clearTimeout(timer);
        r.waiting.delete(id);
        if (r.waiting.size === 0) this.#rest(r);
      };
      r.waiting.set(id, {
        resolve: (a) => {
          settle();
          resolve(a);
        },
        reject: (e) => {
          settle();
          reject(e);
        },
      });
      giveUpAfter(this.#startTimeoutMs, "did not start within");
      // (If it exits first, its exit fails what waits on it: see #renderer.)
      void r.ready.then(() => {
        if (!r.waiting.has(id)) return;
        giveUpAfter(this.#timeoutMs, "did not answer within");
        r.proc.send({ id, jobs } satisfies RendererRequest);
      });
    });
  }

  /** Nothing to draw: the parent may exit without it, and it stops after a while. */
  #rest(r: Renderer): void {
    r.proc.channel?.unref();
    if (this.#current !== r) return;
    this.#idle = setTimeout(() => {
      if (this.#current === r && r.waiting.size === 0) this.stop();
    }, this.#idleMs);
    this.#idle.unref();
  }

  /** The running renderer, or a new one. */
  #renderer(): Renderer {
    const running = this.#current;
    if (running?.proc.connected) return running;
    // Young-generation semi-spaces of 4 MB, as bin/workplan gives the server: Vega's garbage
    // is short-lived, and V8's default held ~250 MB resident instead of ~130.
    const proc = fork(ENTRY, [], {
      execPath: process.execPath,
      execArgv: [`--max-old-space-size=${this.#maxOldSpaceMb}`, "--max-semi-space-size=4"],
      stdio: ["ignore", "ignore", "inherit", "ipc"],
      serialization: "advanced",
    });
    this.started++;
    proc.unref();
    let markReady: () => void = () => undefined;
    const r: Renderer = {
      proc,
      ready: new Promise<void>((resolve) => {
        markReady = resolve;
      }),
      waiting: new Map(),
    };
    proc.on("message", (message: unknown) => {
      // Only the renderer's own replies (a preload the environment gives every process,
      // NODE_OPTIONS=--require, may send other things on the same channel).
      if (typeof message !== "object" || message === null) return;
      const reply = message as RendererReply;
      if ("ready" in reply) return markReady();
      const w = r.waiting.get(reply.id);
      if (!w) return;
      if ("error" in reply) w.reject(new Error(`The chart renderer failed: ${reply.error}`));
      else
        w.resolve({
          svgs: reply.svgs,
          specsCompiled: reply.specsCompiled,
          warnings: reply.warnings,
        });
    });
    const gone = (why: string) => {
      if (this.#current === r) this.#current = null;
      fail(r, new RendererExited(why));
    };
    proc.on("exit", (code, signal) =>
      gone(`the chart renderer exited (${signal ?? `code ${code}`})`),
    );
    proc.on("error", (e) => gone(`the chart renderer failed to run: ${e.message}`));
    this.#current = r;
    return r;
  }
}

/** Every drawing waiting on `r` fails with `e`. */
function fail(r: Renderer, e: Error): void {
  for (const w of [...r.waiting.values()]) w.reject(e);
}
