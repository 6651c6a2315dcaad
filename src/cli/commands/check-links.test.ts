import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { gealc2023 } from "../../../test/fixtures/gealc-2023-tracking.ts";
import { runCli } from "../../../test/helpers/cli.ts";
import { admin, testDeps } from "../../../test/helpers/db.ts";
import { type LinkServer, startLinkServer } from "../../../test/helpers/http-links.ts";
import { importReport } from "../../app/import-report.ts";
import { createDb } from "../../db/create-db.ts";
import { checkLine, progressBar } from "./check-links.ts";

const check = {
  source: 3,
  url: "http://a.example/moved",
  ok: true,
  status: 200,
  error: null,
  finalUrl: "http://a.example/ok",
  redirects: 1,
  checkedAt: "2024-01-01T00:00:00.000Z",
};

describe("check-links output", () => {
  it("writes one line per link", () => {
    assert.equal(checkLine(check), "ok   [3] 200 http://a.example/moved -> http://a.example/ok");
    assert.equal(
      checkLine({ ...check, ok: false, status: null, error: "timeout", finalUrl: null }),
      "FAIL [3] timeout http://a.example/moved",
    );
  });
  it("draws a progress bar that fits the terminal", () => {
    const line = progressBar({ done: 6, total: 24, check }, 50);
    assert.equal(line, "[######..................] 6/24 http://a.example…");
    assert.ok(line.length <= 50);
  });
});

describe("workplan check-links (end to end)", () => {
  let srv: LinkServer;
  let dir: string;
  before(async () => {
    srv = await startLinkServer();
    dir = mkdtempSync(join(tmpdir(), "wp-cli-"));
    const handle = await createDb(join(dir, "wp.sqlite"));
    const plan = gealc2023();
    for (const s of plan.sources)
      if (s.url) s.url = s.id === 2 ? `${srv.base}/missing` : `${srv.base}/ok`;
    await importReport(testDeps(handle.db, admin), { document: plan });
    await handle.close();
  });
  after(async () => {
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("checks the stored plan's links, one plain line each off a terminal", async () => {
    // Every link answers at once (no /slow here): the timeout is only a backstop.
    const { code, stdout, stderr } = await runCli(
      ["check-links", "gealc", "2023", "--timeout", "60"],
      { env: { DATABASE_URL: join(dir, "wp.sqlite") } },
    );
    assert.equal(code, 0, stderr);
    const lines = stdout.trim().split("\n");
    assert.match(stdout, /^FAIL \[2\] HTTP 404 http:\/\/127\.0\.0\.1:\d+\/missing$/m);
    assert.match(
      lines.at(-1) ?? "",
      /^\d+ links checked, 1 broken, 1 sources without an http\(s\) link$/,
    );
  });

  it("on a terminal, draws its progress on standard error and lists only the broken", async () => {
    const r = await runCli(["check-links", "gealc", "2023"], {
      env: { DATABASE_URL: join(dir, "wp.sqlite") },
      tty: true,
    });
    assert.equal(r.code, 0, r.stderr);
    // Each redraw clears the line first; the last clears it for the results.
    const frames = r.stderr.split("\r\u001b[2K");
    assert.equal(frames[0], "");
    assert.equal(frames.at(-1), "");
    assert.match(frames[1] ?? "", /^\[\.{24}\] 1\/(\d+) http:\/\/127\.0\.0\.1:\d+\//);
    assert.match(frames.at(-2) ?? "", /^\[#{24}\] (\d+)\/\1 /);
    assert.match(r.stdout, /^FAIL \[2\] HTTP 404 \S+\/missing\n\d+ links checked, 1 broken, /);
  });

  it("says how to call it", async () => {
    const r = await runCli(["check-links", "gealc"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /check-links takes NET YEAR/);
  });
});
