import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { gealc2023 } from "../../test/fixtures/gealc-2023-tracking.ts";
import { dashboardOf } from "../app/get-dashboard.ts";
import { AppError } from "../core/errors.ts";
import { planProgress } from "../core/progress.ts";
import { type ChartJob, ChartRenderer } from "./chart-renderer-process.ts";
import { chartRenderer, drawDashboardCharts, executionByYearChart } from "./dashboard-svg.ts";

const sha = (svg: string) => createHash("sha256").update(svg).digest("hex").slice(0, 16);

/** A small bar chart, as dashboard-svg.ts writes them: the spec without rows, rows apart. */
const bars = (n: number): ChartJob => ({
  spec: JSON.stringify({
    width: 100,
    height: 50,
    data: { name: "rows" },
    mark: { type: "bar" },
    encoding: {
      x: { field: "k", type: "nominal" },
      y: { field: "n", type: "quantitative" },
    },
  }),
  data: { rows: [...Array(n).keys()].map((k) => ({ k: `k${k}`, n: k + 1 })) },
  lang: "en",
});

const alive = (pid: number | undefined) => {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const waitFor = async (what: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
};

describe("the chart renderer (a child process)", () => {
  it("draws the very SVG bytes Vega drew in the server's own process", async () => {
    // SHA-256 (first 16 hex digits) of each chart's SVG as drawn in-process before the
    // renderer was a child process (commit 29b4070), for the GEALC plan on three days.
    const want: Record<string, string[]> = {
      "2023-11-21:es": ["66e466b270a25dcf", "a6b05ad0a3ffdc2e", "9bc80cd658c325c8"],
      "years:es": ["196ff6fbfcc22d41"],
      "2023-07-01:en": ["86dafd28a2805088", "c0e76c0088102b59", "927ce34e23ff5afc"],
      "years:en": ["97de37c285c6dd8b"],
      "2024-02-01:pt": ["893262f482f41092", "b962aa347e3422af", "1f998285a0ced69f"],
      "years:pt": ["139e6bd161459a73"],
    };
    const got: Record<string, string[]> = {};
    const started = chartRenderer.started;
    const days = [
      ["2023-11-21", "es"],
      ["2023-07-01", "en"],
      ["2024-02-01", "pt"],
    ] as const;
    for (const [today, lang] of days) {
      const plan = gealc2023();
      const progress = planProgress(plan, { today });
      const set = await drawDashboardCharts(dashboardOf(plan, progress, []), lang);
      got[`${today}:${lang}`] = [set.areas, set.targets, set.timeline].flatMap((c) =>
        c ? [sha(c.svg)] : [],
      );
      const years = [
        { year: 2022, summary: null },
        { year: 2023, summary: progress.summary },
      ];
      got[`years:${lang}`] = [sha((await executionByYearChart(years, lang)).svg)];
    }
    assert.deepEqual(got, want);
    assert.ok(chartRenderer.started - started <= 1, "one renderer drew them all");
  });

  it("is started once and reused, replaced when killed, and a drawing it dies in is tried again", async () => {
    const renderer = new ChartRenderer();
    try {
      const first = await renderer.draw([bars(3), bars(4)]);
      assert.equal(first.svgs.length, 2);
      assert.match(first.svgs[0] ?? "", /^<svg/);
      const pid = renderer.pid;
      await renderer.draw([bars(5)]);
      assert.equal(renderer.pid, pid, "the same process");
      assert.equal(renderer.started, 1);

      // Killed between drawings: the next drawing starts another.
      process.kill(pid ?? 0, "SIGKILL");
      assert.ok(await waitFor(() => renderer.pid === undefined, 5000));
      assert.match((await renderer.draw([bars(2)])).svgs[0] ?? "", /^<svg/);
      assert.equal(renderer.started, 2);

      // Killed while it draws: the drawing is tried once more, on a new one.
      const drawing = renderer.draw([bars(6)]);
      process.kill(renderer.pid ?? 0, "SIGKILL");
      assert.match((await drawing).svgs[0] ?? "", /^<svg/);
      assert.equal(renderer.started, 3);
      assert.equal((await drawing).specsCompiled, 1, "a new process compiles the spec anew");
    } finally {
      renderer.stop();
    }
  });

  it("gives up on a renderer that does not answer, with a clear error, and starts afresh", async () => {
    const renderer = new ChartRenderer({ timeoutMs: 1500 });
    try {
      await renderer.draw([bars(3)]);
      const stuck = renderer.pid ?? 0;
      process.kill(stuck, "SIGSTOP"); // as if stuck in a loop
      await assert.rejects(
        renderer.draw([bars(3)]),
        (e: unknown) =>
          e instanceof AppError && e.code === "unavailable" && /did not answer/.test(e.message),
      );
      assert.ok(await waitFor(() => !alive(stuck), 5000), "the stuck renderer is killed");
      assert.match((await renderer.draw([bars(3)])).svgs[0] ?? "", /^<svg/);
      assert.notEqual(renderer.pid, stuck);
    } finally {
      renderer.stop();
    }
  });

  it("ignores what else its renderer sends on the channel (a preload from NODE_OPTIONS)", async () => {
    // A preload every process of the environment runs: it talks to its parent, as
    // bench/module-log.cjs did, and once crashed the server with "Cannot use 'in' operator".
    const dir = mkdtempSync(join(tmpdir(), "wp-preload-"));
    const preload = join(dir, "chatty.cjs");
    writeFileSync(
      preload,
      'process.send?.("lru-cache"); process.send?.(null); process.send?.(7);\n',
    );
    const before = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = `--require ${preload}`;
    const renderer = new ChartRenderer();
    try {
      const { svgs } = await renderer.draw([bars(2)]);
      assert.match(svgs[0] ?? "", /^<svg/);
    } finally {
      renderer.stop();
      if (before === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = before;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("stops once idle", async () => {
    const renderer = new ChartRenderer({ idleMs: 200 });
    await renderer.draw([bars(3)]);
    const pid = renderer.pid;
    assert.ok(alive(pid));
    assert.ok(await waitFor(() => !alive(pid), 5000), "gone after being idle");
    assert.equal(renderer.pid, undefined);
  });

  it("never keeps its parent alive: a process that drew a chart exits at once", async () => {
    const module = fileURLToPath(new URL("./dashboard-svg.ts", import.meta.url));
    const script = `
      const { executionByYearChart } = await import(${JSON.stringify(module)});
      const chart = await executionByYearChart([{ year: 2023, summary: { executionRate: 0.5 } }], "en");
      console.log(chart.svg.slice(0, 4));`;
    const t0 = Date.now();
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (b: Buffer) => {
      out += b.toString();
    });
    const code = await new Promise((resolve) => child.on("exit", resolve));
    assert.equal(code, 0);
    assert.equal(out.trim(), "<svg");
    // Well before the renderer's 30 s of idleness: nothing of it held the process.
    assert.ok(Date.now() - t0 < 15_000, `exited after ${Date.now() - t0} ms`);
  });
});
