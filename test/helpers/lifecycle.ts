/**
 * The GEALC 2023 plan's lifecycle as tests walk it through the use cases: submitted and
 * approved by the XVI Assembly (Lima, 11 November 2022), as the real plan was.
 */
import { approvePlan } from "../../src/app/approve-plan.ts";
import { approveReport } from "../../src/app/approve-report.ts";
import type { Deps } from "../../src/app/deps.ts";
import { publishReport } from "../../src/app/publish-report.ts";
import { submitPlan } from "../../src/app/submit-plan.ts";
import { getPlan } from "../../src/db/plan.repository.ts";

export const GEALC_2023 = { network: "gealc", year: 2023 } as const;

/** The plan's current version (what the next lifecycle step expects). */
export const planVersion = async (deps: Pick<Deps, "db">, key = GEALC_2023): Promise<number> =>
  (await getPlan(deps.db, key.network, key.year)).version;

/** Submits the draft plan and records its approval by the XVI Assembly. */
export async function approveAtAssembly(admin: Deps, key = GEALC_2023): Promise<void> {
  await submitPlan(admin, { ...key, expectedVersion: await planVersion(admin, key) });
  await approvePlan(admin, {
    ...key,
    expectedVersion: await planVersion(admin, key),
    assembly: { ordinal: 16, date: "2022-11-11", place: "Lima, Peru" },
  });
}

/**
 * Approves the plan's report (its data as of `dataAsOf`, default 31 December) and publishes
 * it as the first edition, through the use cases alone (no edition file is rendered).
 */
export async function publishFirstEdition(
  admin: Deps,
  opts: { dataAsOf?: string } = {},
  key = GEALC_2023,
): Promise<void> {
  await approveReport(admin, {
    ...key,
    expectedVersion: await planVersion(admin, key),
    ...(opts.dataAsOf ? { dataAsOf: opts.dataAsOf } : {}),
  });
  await publishReport(admin, { ...key, expectedVersion: await planVersion(admin, key) });
}
