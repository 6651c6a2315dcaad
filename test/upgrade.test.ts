import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { PassThrough, Readable } from "node:stream";
import { after, describe, test } from "node:test";
import { gunzipSync, gzipSync } from "node:zlib";
import { Migrator, sql } from "kysely";
import { approvePlan } from "../src/app/approve-plan.ts";
import { type Deps, silentLog } from "../src/app/deps.ts";
import { getPlanDocument } from "../src/app/get-plan-document.ts";
import { importReport } from "../src/app/import-report.ts";
import { listPlans } from "../src/app/list-plans.ts";
import { redactExecution } from "../src/app/redact-execution.ts";
import { submitPlan } from "../src/app/submit-plan.ts";
import { updateActivity } from "../src/app/update-activity.ts";
import { loadExample } from "../src/cli/commands/serve.ts";
import { CLI_ACTOR } from "../src/cli/db-deps.ts";
import { AppError } from "../src/core/errors.ts";
import type { PlanDocument } from "../src/core/plan.ts";
import { backupDatabase, restoreDatabase } from "../src/db/backup.ts";
import { createDb, type DbHandle, type Dialect } from "../src/db/create-db.ts";
import { listEditions } from "../src/db/edition.repository.ts";
import { freezeUnfrozenPlans } from "../src/db/first-editions.ts";
import { MIGRATIONS, migrateToLatest } from "../src/db/migrate.ts";
import { openTestDb, testDialects } from "./helpers/db.ts";

const FIXTURES = new URL("fixtures/upgrade/", import.meta.url);
const example = (): PlanDocument =>
  JSON.parse(readFileSync(new URL("../examples/gealc-2023/plan.json", import.meta.url), "utf8"));
const RELEASES = readdirSync(FIXTURES).sort();

const deps = (h: DbHandle): Deps => ({
  db: h.db,
  clock: () => new Date("2023-12-01T00:00:00Z"),
  actor: CLI_ACTOR,
  log: silentLog,
});

/** The fixture's documents without the fields the language rule of issue 16 changed. */
function withoutLanguage(docs: Record<string, { language?: unknown }>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(docs).map(([k, { language: _l, ...rest }]) => [k, rest]),
  );
}

/** Every plan's document in every language, keyed network/year/lang, as the CLI reads it. */
async function documentsOf(h: DbHandle): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const p of await listPlans(deps(h))) {
    for (const lang of ["en", "es", "pt"] as const) {
      const { document } = await getPlanDocument(deps(h), {
        network: p.network.slug,
        year: p.year,
        lang,
      });
      // Since issue 16 a document names the language asked and marks each text shown in
      // another (textLanguages): the texts themselves are what must survive the upgrade.
      const { textLanguages: _marks, language: _asked, ...texts } = document;
      out[`${p.network.slug}/${p.year}/${lang}`] = texts;
    }
  }
  return out;
}

/**
 * A report that release published is edition 1 after the upgrade (with its publication's day
 * from the audit trail), and an anonymous reader gets from it the very document that release
 * served them (its working copy); an approved plan has its frozen snapshot. Running the step
 * again (a restart) freezes nothing more.
 */
async function assertFrozenAsServed(h: DbHandle, expected: Record<string, unknown>) {
  const published = (await listPlans(deps(h))).filter((p) => p.reportStatus === "published");
  assert.ok(published.length > 0, "the fixture has a published report");
  for (const p of published) {
    const editions = await listEditions(h.db, p.id);
    assert.equal(editions.length, 1, `${p.network.slug}/${p.year} has edition 1`);
    const [first] = editions;
    assert.equal(first?.number, 1);
    assert.deepEqual(first?.changes, []);
    const audited = await h.db
      .selectFrom("audit_log")
      .select("at")
      .where("action", "=", "report.publish")
      .where("entity_id", "=", p.id)
      .executeTakeFirstOrThrow();
    assert.equal(first?.publishedAt, audited.at, "published when the audit trail says");
    for (const lang of ["en", "es", "pt"] as const) {
      const key = { network: p.network.slug, year: p.year, lang };
      const got = await getPlanDocument({ ...deps(h), actor: null }, key);
      assert.equal(got.edition?.number, 1, `the anonymous ${lang} reader gets edition 1`);
      const { textLanguages: _m, language: _l, ...texts } = got.document;
      assert.deepEqual(texts, expected[`${p.network.slug}/${p.year}/${lang}`], `${lang} as served`);
    }
  }
  const approved = (await listPlans(deps(h))).filter((p) => p.lifecycleStatus === "approved");
  for (const p of approved) {
    const snapshots = await h.db
      .selectFrom("plan_versions")
      .select("number")
      .where("plan_id", "=", p.id)
      .execute();
    assert.ok(snapshots.length > 0, `${p.network.slug}/${p.year} has its approved snapshot`);
  }
  assert.deepEqual(await freezeUnfrozenPlans(h.db), { editions: [], snapshots: [] });
}

async function backupBytes(h: DbHandle): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on("data", (c: Buffer) => chunks.push(c));
  await backupDatabase(h.db, h.dialect, sink, new Date("2023-12-01T00:00:00Z"));
  return Buffer.concat(chunks);
}

function suite(dialect: Dialect) {
  const opened: (() => Promise<void>)[] = [];
  after(async () => {
    for (const close of opened.reverse()) await close();
  });
  /** An empty database (no schema), closed and removed after the suite. */
  const emptyDb = async () => {
    const made = await openTestDb(dialect, { migrate: false });
    opened.push(async () => {
      await made.handle.close();
      await made.cleanup();
    });
    return made;
  };

  for (const release of RELEASES) {
    test(`a database of release ${release} upgrades to this one with every plan document unchanged`, async () => {
      const { handle } = await emptyDb();
      const bytes = readFileSync(new URL(`${release}/backup.jsonl.gz`, FIXTURES));
      const { upgradedBy } = await restoreDatabase(handle.db, Readable.from([bytes]));
      const expected = JSON.parse(
        readFileSync(new URL(`${release}/documents.json`, FIXTURES), "utf8"),
      );
      assert.deepEqual(await documentsOf(handle), withoutLanguage(expected));
      // The fixture predates some migrations or none; either way the schema is now the newest.
      const names = Object.keys(MIGRATIONS);
      assert.ok(upgradedBy.every((m) => names.includes(m)));
      await assertFrozenAsServed(handle, withoutLanguage(expected));
    });
  }

  test("an approved plan an older release served live is frozen, at the upgrade, as it served it", async () => {
    const { handle } = await emptyDb();
    // Today's code writes today's schema only (texts as documents since 0015): the plan is
    // made there, then the schema goes back to the release before frozen public views (0012),
    // every row kept, as if that release had made it.
    const migrator = new Migrator({
      db: handle.db,
      provider: { getMigrations: async () => MIGRATIONS },
    });
    assert.equal((await migrator.migrateToLatest()).error, undefined);
    const d = deps(handle);
    const { plan } = await importReport(d, { document: example() });
    const key = { network: plan.network.slug, year: plan.year };
    await submitPlan(d, { ...key, expectedVersion: plan.version });
    await approvePlan(d, {
      ...key,
      expectedVersion: plan.version + 1,
      assembly: { ordinal: 16, date: "2022-11-11", place: "Lima, Peru" },
    });
    // A translation after approval, which that release showed the public at once.
    await updateActivity(d, { ...key, code: "3.2.3", title: "Documento regional", lang: "es" });
    assert.equal((await migrator.migrateTo("0012-audit-plan")).error, undefined);
    assert.deepEqual(await migrateToLatest(handle.db), [
      "0013-first-editions",
      "0014-compact-texts",
      "0015-text-documents",
      "0016-edition-summaries",
      "0017-edition-gzips",
      "0018-public-pages",
    ]);
    const served = redactExecution((await getPlanDocument(d, { ...key, lang: "es" })).document);
    const anonymous = await getPlanDocument({ ...d, actor: null }, { ...key, lang: "es" });
    assert.deepEqual(anonymous.document, served);
    assert.match(JSON.stringify(anonymous.document), /Documento regional/);
    // Once: a later start freezes nothing, and a later translation waits again.
    const versions = async () =>
      (await handle.db.selectFrom("plan_versions").select("number").distinct().execute()).length;
    assert.equal(await versions(), 2, "the approval's snapshot, and the upgrade's");
    assert.deepEqual(await migrateToLatest(handle.db), []);
    assert.equal(await versions(), 2);
    await updateActivity(d, { ...key, code: "3.2.3", title: "Otro título", lang: "es" });
    const after = await getPlanDocument({ ...d, actor: null }, { ...key, lang: "es" });
    assert.deepEqual(after.document, served);
  });

  test("backup then restore into an empty database gives the same documents", async () => {
    const from = await emptyDb();
    await createDb(from.url).then((h) => h.close()); // migrate
    const live = await createDb(from.url);
    opened.push(() => live.close());
    await loadExample(deps(live));
    const bytes = await backupBytes(live);
    const to = await emptyDb();
    const { rows } = await restoreDatabase(to.handle.db, Readable.from([bytes]));
    assert.ok((rows.activities ?? 0) > 30);
    assert.deepEqual(await documentsOf(to.handle), await documentsOf(live));
    if (dialect === "postgres") {
      // The restored tables carry the planner's statistics (a manual ANALYZE's, not
      // autovacuum's), so the first reads do not scan them whole.
      const analyzed = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_user_tables
        where relname in ('plans', 'activities', 'relations') and last_analyze is not null`.execute(
        to.handle.db,
      );
      assert.equal(analyzed.rows[0]?.n, 3);
    }
  });

  test("a restore refuses a database with tables, a newer release's backup, a cut or damaged file", async () => {
    const live = await emptyDb();
    await createDb(live.url).then((h) => h.close());
    const h = await createDb(live.url);
    opened.push(() => h.close());
    const good = await backupBytes(h);
    const refuse = async (bytes: Buffer, into: DbHandle, message: RegExp) => {
      await assert.rejects(restoreDatabase(into.db, Readable.from([bytes])), (e) => {
        assert.ok(e instanceof AppError);
        assert.match(e.message, message);
        return true;
      });
    };
    await refuse(good, h, /not empty/);
    const lines = gunzipSync(good).toString("utf8").trimEnd().split("\n");
    const header = JSON.parse(lines[0] ?? "{}");
    const newer = [JSON.stringify({ ...header, migrations: [...header.migrations, "9999-future"] })]
      .concat(lines.slice(1))
      .join("\n");
    await refuse(gzipSync(newer), (await emptyDb()).handle, /newer release.*9999-future/);
    await refuse(gzipSync(lines.slice(0, -1).join("\n")), (await emptyDb()).handle, /cut short/);
    await refuse(good.subarray(0, good.length - 20), (await emptyDb()).handle, /damaged|cut short/);
    await refuse(Buffer.from("hello\n"), (await emptyDb()).handle, /damaged|not a workplan backup/);
  });

  test("the app refuses to start on a schema newer than it knows", async () => {
    const made = await emptyDb();
    await createDb(made.url).then((h) => h.close());
    const h = await createDb(made.url);
    await h.db
      .insertInto("kysely_migration" as never)
      .values({ name: "9999-future", timestamp: new Date().toISOString() } as never)
      .execute();
    await h.close();
    await assert.rejects(createDb(made.url), /newer than this release knows \(9999-future\)/);
  });

  test("two instances starting together on an empty database migrate once and load the example once", async () => {
    const made = await emptyDb();
    // better-sqlite3 blocks its process while it waits for a lock, so two SQLite instances can
    // only start side by side in two processes; in one, they start one after the other.
    const [a, b] =
      dialect === "postgres"
        ? await Promise.all([createDb(made.url), createDb(made.url)])
        : [await createDb(made.url), await createDb(made.url)];
    opened.push(
      () => a.close(),
      () => b.close(),
    );
    const loaded = await Promise.all([loadExample(deps(a)), loadExample(deps(b))]);
    assert.equal(loaded.filter((m) => m !== null).length, 1);
    assert.equal((await listPlans(deps(a))).length, 1);
  });
}

for (const dialect of testDialects()) {
  describe(`upgrades, backups and restores [${dialect}]`, () => suite(dialect));
}
