/**
 * A plan at the limits (2,000 activities, 5,000 sources, 2,000 annex items, and occurrences
 * per activity as given) against the small test plan, in the same run: the public
 * dashboard's time and the process's extra peak memory (max RSS) for two anonymous visitors
 * at once, on a cold cache. The limits promise under 2 s and under 100 MB extra. Run:
 *   node bench/dashboard-limits.bench.ts [occurrences per activity, default 20]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { approvePlan } from "../src/app/approve-plan.ts";
import { approveReport } from "../src/app/approve-report.ts";
import { type Deps, silentLog } from "../src/app/deps.ts";
import { importReport } from "../src/app/import-report.ts";
import { publishReport } from "../src/app/publish-report.ts";
import { submitPlan } from "../src/app/submit-plan.ts";
import { LIMITS } from "../src/core/limits.ts";
import type { PlanDocument } from "../src/core/plan.ts";
import { createDb } from "../src/db/create-db.ts";
import { testConfig } from "../src/http/testing.ts";
import { buildServer } from "../src/server/build-server.ts";
import { bigPlan, smallPlan } from "../test/helpers/plans.ts";

const occurrences = Number(process.argv[2] ?? 20);
const dir = mkdtempSync(join(tmpdir(), "wp-bench-"));
const handle = await createDb(join(dir, "bench.sqlite"));
const clock = () => new Date("2023-09-15T12:00:00Z");
const deps: Deps = {
  db: handle.db,
  clock,
  actor: { userId: "bench", installAdmin: true, networks: {}, areaIds: [] },
  log: silentLog,
};

async function publish(doc: PlanDocument): Promise<void> {
  const { plan } = await importReport(deps, { document: doc });
  const key = { network: plan.network.slug, year: plan.year };
  await submitPlan(deps, key);
  await approvePlan(deps, { ...key, assembly: { ordinal: 16, date: "2022-11-11", place: "Lima" } });
  await approveReport(deps, key);
  await publishReport(deps, key);
}

const small = smallPlan();
const big = bigPlan({
  activities: LIMITS.activities_per_plan,
  sources: LIMITS.sources_per_plan,
  annex: LIMITS.annex_items_per_plan,
  occurrences,
});
big.network = { slug: "limits", name: "A network at the limits" };
let t0 = performance.now();
await publish(small);
await publish(big);
const occurrenceCount = big.areas.flatMap((a) => a.activities).length * occurrences;
console.log(
  `stored: ${LIMITS.activities_per_plan} activities, ${LIMITS.sources_per_plan} sources, ${LIMITS.annex_items_per_plan} annex items, ${occurrenceCount} occurrences (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
);

const config = testConfig({ databaseUrl: join(dir, "bench.sqlite") });
const app = await buildServer({ config, db: handle.db, clock, publicFreshnessMs: 0 });

const maxRssMb = () => process.resourceUsage().maxRSS / 1024;

/** Two anonymous visitors at once, on a cold chart cache: wall time and growth of peak RSS. */
async function visit(
  net: string,
): Promise<{ ms: number; cpuMs: number; extraMb: number; bytes: number }> {
  const before = maxRssMb();
  const cpu0 = process.cpuUsage();
  t0 = performance.now();
  const res = await Promise.all(
    [0, 1].map(() => app.inject({ method: "GET", url: `/${net}/2023/dashboard?lang=en` })),
  );
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  for (const r of res) if (r.statusCode !== 200) throw new Error(`${net}: ${r.statusCode}`);
  return { ms, cpuMs, extraMb: maxRssMb() - before, bytes: res[0]?.body.length ?? 0 };
}

const base = await visit("gealc");
const limits = await visit("limits");
const fmt = (v: { ms: number; cpuMs: number; extraMb: number; bytes: number }) =>
  `${v.ms.toFixed(0)} ms wall, ${v.cpuMs.toFixed(0)} ms CPU, +${v.extraMb.toFixed(1)} MB peak RSS, ${(v.bytes / 1024).toFixed(0)} KB page`;
console.log(`small plan (6 activities):  ${fmt(base)}`);
console.log(`plan at the limits:         ${fmt(limits)}`);
console.log(`ratio (limits / small, time): ${(limits.ms / base.ms).toFixed(1)}`);
// Wall time counts what other processes take of the CPU too; CPU time is this process's own.
console.log(
  `promise: < 2000 ms and < 100 MB extra -> ${limits.ms < 2000 && limits.extraMb < 100 ? "kept" : "BROKEN"} (wall), ${limits.cpuMs < 2000 && limits.extraMb < 100 ? "kept" : "BROKEN"} (CPU)`,
);
await app.close();
await handle.close();
rmSync(dir, { recursive: true, force: true });
