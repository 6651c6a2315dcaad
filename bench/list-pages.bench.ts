/**
 * The pages of a big plan's lists against the whole plan document, in the same run: a plan
 * at the limits' size (2,000 activities, 5,000 sources) read by a signed-in editor, warm
 * caches. A page slices the document parsed once per version (see readDocument), so a page
 * of 50 should cost a fraction of the whole document, not more. Run:
 *   node bench/list-pages.bench.ts [requests per case, default 40]
 */
import { openTestApp } from "../src/http/testing.ts";
import { bigPlan } from "../test/helpers/plans.ts";

const n = Number(process.argv[2] ?? 40);
const t = await openTestApp("sqlite", {
  plan: bigPlan({ activities: 2000, sources: 5000, occurrences: 2, annex: 100, titleLength: 120 }),
});
const PLAN = "/api/v1/networks/gealc/plans/2023";

async function msPerRequest(url: string): Promise<number> {
  await t.inject({ url, as: "editor" });
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const res = await t.inject({ url, as: "editor" });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  }
  return (performance.now() - start) / n;
}

const whole = await msPerRequest(PLAN);
const cases = {
  "activities, a page of 50": `${PLAN}/activities?limit=50`,
  "activities, a page of 500": `${PLAN}/activities?limit=500`,
  "activities of one area with a status": `${PLAN}/activities?area=3.2&status=executed`,
  "sources, a page of 50": `${PLAN}/sources?limit=50`,
};
console.log(`whole plan document (baseline): ${whole.toFixed(1)} ms a request`);
for (const [name, url] of Object.entries(cases)) {
  const ms = await msPerRequest(url);
  console.log(`${name}: ${ms.toFixed(1)} ms, ${(ms / whole).toFixed(2)}× the document`);
}
await t.close();
