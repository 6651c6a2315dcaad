import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { runCli } from "../../../test/helpers/cli.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { sharedDatabase } from "../../http/testing.ts";

const BIN = new URL("../../../bin/workplan", import.meta.url).pathname;
const EXAMPLE = new URL("../../../examples/gealc-2023/plan.json", import.meta.url).pathname;

for (const dialect of testDialects()) {
  describe(`workplan db/import/report/user/token [${dialect}]`, () => {
    let dir: string;
    let db: { url: string; cleanup: () => Promise<void> };
    let env: NodeJS.ProcessEnv;
    const run = (args: string[], stdin?: string) => runCli(args, { env, stdin });

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), "wp-cli-"));
      db = await sharedDatabase(dialect);
      env = { DATABASE_URL: db.url, LOAD_EXAMPLE: "0" };
    });
    after(async () => {
      await db.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    test("db migrate applies the migrations once", async () => {
      const first = await run(["db", "migrate"]);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /^applied 0001-initial/);
      const second = await run(["db", "migrate"]);
      assert.equal(second.stdout, "the database is up to date\n");
      assert.equal((await run(["db", "nothing"])).code, 2);
    });

    test("import stores a plan; again is a conflict (exit 1) unless --replace", async () => {
      const first = await run(["import", EXAMPLE]);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /^imported gealc 2023 \(\d+ areas, \d+ activities\)\n$/);
      const again = await run(["import", EXAMPLE]);
      assert.equal(again.code, 1);
      assert.match(again.stderr, /already/);
      const replaced = await run(["import", EXAMPLE, "--replace"]);
      assert.equal(replaced.code, 0, replaced.stderr);
      assert.match(replaced.stdout, /^replaced gealc 2023/);
      const other = await run(["import", EXAMPLE, "--slug", "copy-net"]);
      assert.match(other.stdout, /^imported copy-net 2023/);
      // --network names the network; its slug is made from the name unless --slug is given
      const named = await run(["import", EXAMPLE, "--network", "Red de Gobierno Copia"]);
      assert.equal(named.code, 0, named.stderr);
      assert.match(named.stdout, /^imported red-de-gobierno-copia 2023/);
      assert.equal((await run(["import", EXAMPLE, "--slug", "Not A Slug"])).code, 2);
      const bad = join(dir, "bad.json");
      await import("node:fs/promises").then((fs) => fs.writeFile(bad, '{\n  "schema": 1\n}\n'));
      const broken = await run(["import", bad]);
      assert.equal(broken.code, 1);
      assert.match(broken.stderr, /bad\.json:2:/);
      assert.equal((await run(["import"])).code, 2);
      assert.equal((await run(["import", join(dir, "missing.md")])).code, 1);
    });

    test("report writes Markdown and HTML; an unknown plan is exit 1", async () => {
      const md = await run(["report", "gealc", "2023", "--format", "md", "--lang", "en"]);
      assert.equal(md.code, 0, md.stderr);
      assert.match(md.stdout, /^# /m);
      const out = join(dir, "out", "report.html");
      const html = await run(["report", "gealc", "2023", "--format", "html", "--out", out]);
      assert.equal(html.code, 0, html.stderr);
      assert.match(readFileSync(out, "utf8"), /<html/i);
      assert.equal((await run(["report", "gealc", "1999", "--format", "md"])).code, 1);
      assert.equal((await run(["report", "gealc", "2023", "--format", "pdf"])).code, 2);
    });

    test("user add and token create; the token works", async () => {
      const added = await run(
        [
          "user",
          "add",
          "coord@example.org",
          "--role",
          "coordinator",
          "--password-stdin",
          "--area",
          "gealc/2023/3.1",
        ],
        "a long enough password\n",
      );
      assert.equal(added.code, 0, added.stderr);
      assert.equal(added.stdout, "added coord@example.org (coordinator)\n");
      const dup = await run(["user", "add", "coord@example.org", "--role", "viewer"]);
      assert.equal(dup.code, 1);
      const badRole = await run(["user", "add", "x@example.org", "--role", "king"]);
      assert.equal(badRole.code, 2);
      const token = await run([
        "token",
        "create",
        "--user",
        "coord@example.org",
        "--name",
        "laptop",
      ]);
      assert.equal(token.code, 0, token.stderr);
      assert.match(token.stdout, /^wp_[A-Za-z0-9_-]{43}\n$/);
      assert.match(token.stderr, /shown once/);
      const nobody = await run(["token", "create", "--user", "nobody@example.org"]);
      assert.equal(nobody.code, 1);
    });
  });
}

// The one test that runs bin/workplan itself, as a user would.
describe("workplan serve (bin/workplan, spawned)", () => {
  test("loads the example into an empty database, serves it, stops on SIGTERM", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wp-serve-"));
    const child = spawn(BIN, ["serve"], {
      env: {
        ...process.env,
        DATABASE_URL: join(dir, "wp.sqlite"),
        PORT: "0",
        HOST: "127.0.0.1",
        LOAD_EXAMPLE: "1",
        LOG_LEVEL: "warn",
      },
    });
    try {
      let stdout = "";
      let stderr = "";
      child.stderr.on("data", (d) => {
        stderr += d;
      });
      // No clock: it prints where it listens, or it exits and says why.
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (d) => {
          stdout += d;
          const m = /listening on (http:\/\/\S+)/.exec(stdout);
          if (m?.[1]) resolve(m[1]);
        });
        child.on("exit", (code) => reject(new Error(`serve exited ${code}: ${stdout}${stderr}`)));
      });
      assert.match(stdout, /loaded the example plan gealc 2023/);
      const doc = await fetch(`${url}/api/v1/networks/gealc/plans/2023`);
      assert.equal(doc.status, 200);
      assert.equal(((await doc.json()) as { year: number }).year, 2023);
      const report = await fetch(`${url}/api/v1/networks/gealc/plans/2023/report?format=html`);
      assert.equal(report.status, 200, "the example's report is published");
      const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
      child.kill("SIGTERM");
      assert.equal(await exited, 0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
