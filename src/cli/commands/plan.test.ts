import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { gealc2023 } from "../../../test/fixtures/gealc-2023-tracking.ts";
import { runCli } from "../../../test/helpers/cli.ts";
import { admin, testDeps } from "../../../test/helpers/db.ts";
import { importReport } from "../../app/import-report.ts";
import { createDb } from "../../db/create-db.ts";

describe("workplan plan carry-over (end to end)", () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "wp-cli-"));
    const handle = await createDb(join(dir, "wp.sqlite"));
    await importReport(testDeps(handle.db, admin), { document: gealc2023() });
    await handle.close();
    env = { DATABASE_URL: join(dir, "wp.sqlite") };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("carries once, then says there is nothing to carry", async () => {
    const dry = await runCli(["plan", "carry-over", "gealc", "2023", "--dry-run"], { env });
    assert.match(dry.stdout, /^dry run: nothing written\ncreated the 2024 draft\n/);
    const first = await runCli(["plan", "carry-over", "gealc", "2023"], { env });
    assert.match(first.stdout, /^created the 2024 draft\nadded area 3\.1\n/);
    assert.match(first.stdout, /^carried 2023:3\.1\.5 -> 3\.1\.2 \(recurring\)$/m);
    assert.match(first.stdout, /^carried 2023:3\.9\.1 -> 3\.9\.1 \(unfinished\)$/m);
    const second = await runCli(["plan", "carry-over", "gealc", "2023"], { env });
    assert.equal(second.stdout, "nothing to carry: 20 activities already carried into 2024\n");
  });

  it("fails plainly for a plan that does not exist", async () => {
    const r = await runCli(["plan", "carry-over", "gealc", "2001"], { env });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'no 2001 plan of network "gealc"\n');
  });
});
