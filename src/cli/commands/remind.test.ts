import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { gealc2023 } from "../../../test/fixtures/gealc-2023-tracking.ts";
import { runCli } from "../../../test/helpers/cli.ts";
import { admin, testDeps } from "../../../test/helpers/db.ts";
import { startTestSmtp, type TestSmtp } from "../../../test/helpers/smtp.ts";
import { createUser } from "../../app/create-user.ts";
import { importReport } from "../../app/import-report.ts";
import { setCoordinatorAreas } from "../../app/set-coordinator-areas.ts";
import { createDb } from "../../db/create-db.ts";

describe("workplan remind (end to end)", () => {
  let dir: string;
  let smtp: TestSmtp;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    smtp = await startTestSmtp();
    dir = mkdtempSync(join(tmpdir(), "wp-cli-"));
    const handle = await createDb(join(dir, "wp.sqlite"));
    const d = testDeps(handle.db, admin);
    await importReport(testDeps(handle.db, admin), { document: gealc2023() });
    const ana = await createUser(d, { email: "ana@example.org", name: "Ana", role: "coordinator" });
    await setCoordinatorAreas(d, {
      userId: ana.id,
      areas: [{ network: "gealc", year: 2023, code: "3.9" }],
    });
    await createUser(d, { email: "eva@example.org", name: "Eva", role: "editor" });
    await handle.close();
    env = {
      DATABASE_URL: join(dir, "wp.sqlite"),
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      SMTP_FROM: "workplan <wp@wp.example>",
      PUBLIC_URL: "https://wp.example",
    };
  });
  after(async () => {
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("--dry-run prints what would be sent and sends nothing", async () => {
    const { stdout } = await runCli(["remind", "--dry-run", "--net", "gealc", "--year", "2023"], {
      env,
    });
    assert.match(stdout, /^\d{4}-\d\d-\d\d: 2 digest\(s\) for gealc 2023\n/);
    assert.match(stdout, /^=== To: Ana <ana@example\.org> \(coordinator, es\)$/m);
    assert.match(
      stdout,
      /^- 3\.9\.3 Hold the meeting and approve documents: vencía el 22 de noviembre de 2023/m,
    );
    assert.equal(smtp.messages.length, 0);
  });

  it("sends through the configured SMTP server", async () => {
    const { stdout } = await runCli(["remind", "--net", "gealc", "--year", "2023"], { env });
    assert.equal(stdout, "sent ana@example.org\nsent eva@example.org\n2 sent, 0 failed\n");
    assert.deepEqual(smtp.messages.map((m) => m.to[0]).sort(), [
      "ana@example.org",
      "eva@example.org",
    ]);
  });

  it("wants both --net and --year", async () => {
    assert.equal((await runCli(["remind", "--net", "gealc"], { env })).code, 2);
  });
});
