/**
 * Renders, in the background, the pages published editions should have kept for this build
 * (app/public-pages.ts) and lack: after a start (a deploy renders every edition's plan page
 * anew) and after every write (a publication). Through the portal's own route, asked as an
 * anonymous reader asks (and so kept by it): what is kept is what a reader would have been
 * sent, and a plan the public may not read is never rendered. One page at a time, each after
 * the requests waiting, so readers come first.
 */
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import type { Deps } from "../app/deps.ts";
import { plansLackingPages } from "../app/public-pages.ts";
import { LANGUAGES } from "../core/plan.ts";

/** Plans looked up at once. */
const BATCH = 100;

export class PageKeeper {
  readonly #inject: (o: InjectOptions) => Promise<LightMyRequestResponse>;
  readonly #log: Pick<Deps["log"], "error">;
  readonly #deps: Pick<Deps, "db">;
  readonly #buildId: string;
  #running: Promise<void> | null = null;
  #again = false;
  #stopped = false;
  /** Pages asked for, and those that failed (not kept: their first reader renders them). */
  readonly stats = { asked: 0, failed: 0 };

  /** `inject` asks the server (Fastify's inject: no socket, the routes as a reader meets them). */
  constructor(
    inject: (o: InjectOptions) => Promise<LightMyRequestResponse>,
    deps: Pick<Deps, "db"> & { log: Pick<Deps["log"], "error"> },
    buildId: string,
  ) {
    this.#inject = inject;
    this.#log = deps.log;
    this.#deps = deps;
    this.#buildId = buildId;
  }

  /** Whether a pass is running now. */
  get busy(): boolean {
    return this.#running !== null;
  }

  /** Starts a pass, or another after the one running (a write may have published). */
  kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#pass()
      .catch((e: unknown) => this.#log.error({ err: String(e) }, "keeping pages stopped"))
      .finally(() => {
        this.#running = null;
        if (this.#again) {
          this.#again = false;
          this.kick();
        }
      });
  }

  /** Resolves when no pass is running (none started, or all done). */
  async settled(): Promise<void> {
    while (this.#running) await this.#running;
  }

  /** Stops after the page being rendered (the server closing). */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.settled();
  }

  async #pass(): Promise<void> {
    let after = "";
    for (;;) {
      const plans = await plansLackingPages(this.#deps, {
        page: "plan",
        buildId: this.#buildId,
        langs: LANGUAGES.length,
        after,
        limit: BATCH,
      });
      for (const p of plans) {
        for (const lang of LANGUAGES) {
          if (this.#stopped) return;
          // After the requests already waiting: readers come first.
          await new Promise((resolve) => setImmediate(resolve));
          this.stats.asked++;
          const res = await this.#inject({
            method: "GET",
            url: `/${encodeURIComponent(p.network)}/${p.year}?lang=${lang}`,
            headers: { "accept-encoding": "gzip" },
          });
          if (res.statusCode !== 200) this.stats.failed++;
        }
        after = p.planId;
      }
      if (plans.length < BATCH) return;
    }
  }
}
