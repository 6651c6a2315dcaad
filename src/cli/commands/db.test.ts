import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { runCli } from "../../../test/helpers/cli.ts";
import { openTestDb, testDialects } from "../../../test/helpers/db.ts";

// A restore drill, as an administrator would run it: back up a live database, restore it into a
// new one (of each dialect), and read the same plan from both.
describe("workplan db backup / restore", () => {
  const dir = mkdtempSync(join(tmpdir(), "wp-db-cli-"));
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const c of cleanups) await c();
    rmSync(dir, { recursive: true, force: true });
  });
  const source = join(dir, "live.sqlite");
  const file = join(dir, "backup.jsonl.gz");
  const env = (url: string) => ({ DATABASE_URL: url, LOAD_EXAMPLE: "0" });

  it("backs up a live database to FILE", async () => {
    const seeded = await runCli(["import", "examples/gealc-2023/plan.json"], {
      env: env(source),
      cwd: join(import.meta.dirname, "../../.."),
    });
    assert.equal(seeded.code, 0, seeded.stderr);
    const r = await runCli(["db", "backup", file], { env: env(source) });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /backed up \d+ rows of \d+ tables/);
    assert.ok(existsSync(file));
    assert.ok(!existsSync(`${file}.partial`));
  });

  for (const dialect of testDialects()) {
    it(`restores it into an empty ${dialect} database that then reads the same plan`, async () => {
      const target = await openTestDb(dialect, { migrate: false });
      await target.handle.close();
      cleanups.push(target.cleanup);
      const r = await runCli(["db", "restore", file], { env: env(target.url) });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /restored \d+ rows/);
      const read = async (url: string) =>
        (await runCli(["export", "gealc", "2023", "--format", "md"], { env: env(url) })).stdout;
      const restored = await read(target.url);
      assert.ok(restored.includes("3.6.3"));
      assert.equal(restored, await read(source));
      // Restoring again into the same (now full) database is refused, naming why.
      const again = await runCli(["db", "restore", file], { env: env(target.url) });
      assert.equal(again.code, 1);
      assert.match(again.stderr, /not empty/);
    });
  }

  it("refuses a file that is not a backup, and a missing one", async () => {
    const bogus = join(dir, "bogus.jsonl");
    writeFileSync(bogus, '{"hello":1}\n');
    const r = await runCli(["db", "restore", bogus], { env: env(join(dir, "new.sqlite")) });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /not a workplan backup/);
    const missing = await runCli(["db", "restore", join(dir, "none.gz")], {
      env: env(join(dir, "new2.sqlite")),
    });
    assert.equal(missing.code, 2);
  });
});
