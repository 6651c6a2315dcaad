/**
 * Makes the upgrade fixture of a release: a database built by this release's code (the GEALC
 * 2023 example approved and published, then tracked: a status set, a meeting recorded with
 * new evidence, a user and the 2024 draft carried over), saved as a backup, with the plan
 * documents this release reads from it. `test/upgrade.test.ts` restores every fixture with
 * the newest migrations and checks each document is unchanged. Run it once per release, before
 * the release's first new migration lands, with the release's name:
 *   node scripts/make-upgrade-fixture.ts 2026-11
 */
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { carryOverPlan } from "../src/app/carry-over-plan.ts";
import { createUser } from "../src/app/create-user.ts";
import { type Deps, silentLog } from "../src/app/deps.ts";
import { getPlanDocument } from "../src/app/get-plan-document.ts";
import { listPlans } from "../src/app/list-plans.ts";
import { recordOccurrence } from "../src/app/record-occurrence.ts";
import { setStatus } from "../src/app/set-status.ts";
import { loadExample } from "../src/cli/commands/serve.ts";
import { CLI_ACTOR } from "../src/cli/db-deps.ts";
import { LANGUAGES } from "../src/core/plan.ts";
import { findActivity } from "../src/db/activity.repository.ts";
import { backupDatabase } from "../src/db/backup.ts";
import { createDb } from "../src/db/create-db.ts";
import { findPlan } from "../src/db/plan.repository.ts";

const release = process.argv[2];
if (!release || !/^[\w.-]+$/.test(release)) {
  console.error("usage: node scripts/make-upgrade-fixture.ts RELEASE");
  process.exit(2);
}
const out = new URL(`../test/fixtures/upgrade/${release}/`, import.meta.url);
mkdirSync(out, { recursive: true });

const dir = mkdtempSync(join(tmpdir(), "wp-fixture-"));
const handle = await createDb(join(dir, "release.sqlite"));
let tick = Date.parse("2023-11-21T12:00:00Z");
const deps: Deps = {
  db: handle.db,
  clock: () => {
    tick += 1000;
    return new Date(tick);
  },
  actor: CLI_ACTOR,
  log: silentLog,
};
try {
  await loadExample(deps);
  const key = { network: "gealc", year: 2023 };
  const plan = await findPlan(handle.db, key.network, key.year);
  if (!plan) throw new Error("the example was not loaded");
  const version = async (code: string) =>
    (await findActivity(handle.db, plan, code, "en"))?.version ?? 0;
  await setStatus(deps, {
    ...key,
    code: "3.6.3",
    expectedVersion: await version("3.6.3"),
    status: { code: "executed", when: null, note: "Held in Lima.", text: "" },
  });
  await recordOccurrence(deps, {
    ...key,
    code: "3.1.5",
    expectedVersion: await version("3.1.5"),
    when: { kind: "date", start: "2023-11-30", end: "2023-11-30", count: null, text: "" },
    evidence: [{ url: "https://www.redgealc.org/noticias/reunion-noviembre", label: "News" }],
  });
  await createUser(deps, { email: "editor@example.org", name: "Ana Pérez", role: "editor" });
  await carryOverPlan(deps, { ...key });

  const documents: Record<string, unknown> = {};
  for (const p of await listPlans(deps)) {
    for (const lang of LANGUAGES) {
      const { document } = await getPlanDocument(deps, {
        network: p.network.slug,
        year: p.year,
        lang,
      });
      documents[`${p.network.slug}/${p.year}/${lang}`] = document;
    }
  }
  writeFileSync(new URL("documents.json", out), `${JSON.stringify(documents, null, 1)}\n`);
  const rows = await backupDatabase(
    handle.db,
    handle.dialect,
    createWriteStream(new URL("backup.jsonl.gz", out)),
    new Date(tick),
  );
  console.log(`fixture ${release}: ${Object.keys(documents).length} documents`, rows);
} finally {
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
}
