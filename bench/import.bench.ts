/**
 * Import cost per activity: the seed report against a synthetic report 100 times its size
 * (the seed's areas repeated with renumbered codes and footnotes), measured in the same run.
 * A ratio near 1 means the parser's cost grows linearly. Run:
 *   node bench/import.bench.ts
 */
import { readFileSync } from "node:fs";
import { normalizeMarkers } from "../src/import/decode.ts";
import { parseTextReport } from "../src/import/parse-text-report.ts";

const SEED = new URL("../examples/gealc-2023/gealc-2023-work-plan-report.en.txt", import.meta.url);
const seed = readFileSync(SEED, "utf8");
const COPIES = 100;
const AREAS_PER_COPY = 9;
const IDS_PER_COPY = 65;

/** The seed with its work areas repeated `copies` times, codes and footnotes renumbered. */
function synthetic(copies: number): string {
  const lines = seed.split("\n").map(normalizeMarkers);
  const areasAt = lines.findIndex((l) => /^3\.1\) /.test(l));
  const annexAt = lines.findIndex((l) => /^3\.10\) /.test(l));
  const head = lines.slice(0, areasAt);
  const block = lines.slice(areasAt, annexAt).join("\n");
  const annex = lines.slice(annexAt).join("\n");
  const shift = (text: string, r: number) =>
    text
      .replace(/\[\^(\d+)\]/g, (_, n: string) => `[^${Number(n) + IDS_PER_COPY * r}]`)
      .replace(/^3\.(\d+)\)/gm, (_, a: string) => `3.${Number(a) + AREAS_PER_COPY * r})`)
      .replace(
        /\b3\.(\d+)\.(\d+)\b/g,
        (_, a: string, b: string) => `3.${Number(a) + AREAS_PER_COPY * r}.${b}`,
      );
  const blocks = Array.from({ length: copies }, (_, r) => shift(block, r));
  const lastAnnex = annex
    .replace(/^3\.10\)/m, `3.${AREAS_PER_COPY * copies + 1})`)
    .replace(/\[\^(\d+)\]/g, (_, n: string) => `[^${Number(n) + IDS_PER_COPY * (copies - 1)}]`);
  return [...head, ...blocks, lastAnnex].join("\n");
}

function activities(text: string): number {
  const { plan } = parseTextReport(text, { fileName: "bench.txt" });
  return plan.areas.reduce((n, a) => n + a.activities.length, 0);
}

/** Median milliseconds of `runs` imports, after half a second of warm-up (JIT). */
function time(text: string, runs: number): number {
  const until = performance.now() + 500;
  while (performance.now() < until) parseTextReport(text, { fileName: "bench.txt" });
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    parseTextReport(text, { fileName: "bench.txt" });
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)] as number;
}

const big = synthetic(COPIES);
const nSeed = activities(seed);
const nBig = activities(big);
const tSeed = time(seed, 200);
const tBig = time(big, 9);
const perSeed = (tSeed / nSeed) * 1000;
const perBig = (tBig / nBig) * 1000;
const lines = (s: string) => s.split("\n").length;

console.log(
  `seed      ${nSeed} activities, ${lines(seed)} lines: ${tSeed.toFixed(2)} ms, ${perSeed.toFixed(1)} µs/activity`,
);
console.log(
  `synthetic ${nBig} activities, ${lines(big)} lines: ${tBig.toFixed(1)} ms, ${perBig.toFixed(1)} µs/activity`,
);
console.log(
  `ratio (synthetic / seed, per activity): ${(perBig / perSeed).toFixed(2)} (1.00 = linear)`,
);
