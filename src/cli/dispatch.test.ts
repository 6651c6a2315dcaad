import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runCli } from "../../test/helpers/cli.ts";
import { COMMANDS } from "./dispatch.ts";

/** Each command's subcommands, asked for help as `workplan COMMAND SUB --help` too. */
const SUBCOMMANDS: Record<string, string[]> = {
  plan: ["carry-over"],
  db: ["migrate", "backup", "restore"],
  user: ["add"],
  token: ["create"],
};

describe("workplan COMMAND --help", () => {
  for (const [name, command] of Object.entries(COMMANDS)) {
    for (const sub of [[], ...(SUBCOMMANDS[name] ?? []).map((s) => [s])]) {
      for (const flag of ["--help", "-h"]) {
        const argv = [name, ...sub, flag];
        it(`workplan ${argv.join(" ")} prints its usage and exits 0`, async () => {
          // No environment: help must not open a database or read a file.
          const r = await runCli(argv, { env: { DATABASE_URL: "/nonexistent/wp.sqlite" } });
          assert.equal(r.code, 0, r.stderr);
          assert.equal(r.stderr, "");
          assert.ok(r.stdout.startsWith(`usage:\n  ${command.usage}\n`), r.stdout);
          assert.match(r.stdout, /\n\n\S.*\n$/, "then one line on what it does");
        });
      }
    }
  }

  it("knows every subcommand a command has (its usage names them)", () => {
    for (const [name, subs] of Object.entries(SUBCOMMANDS)) {
      for (const sub of subs)
        assert.ok(COMMANDS[name]?.usage.includes(` ${sub}`), `${name} ${sub}`);
    }
  });

  it("help COMMAND says the same; --help alone lists every command", async () => {
    assert.equal(
      (await runCli(["help", "export"])).stdout,
      (await runCli(["export", "-h"])).stdout,
    );
    const all = await runCli(["--help"]);
    assert.equal(all.code, 0);
    for (const c of Object.values(COMMANDS)) assert.ok(all.stdout.includes(c.usage), c.usage);
    assert.equal((await runCli(["-h"])).stdout, all.stdout);
  });

  it("after --, -h is an argument, not a request for help", async () => {
    const r = await runCli(["convert", "--", "-h"]);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /^workplan: --to must be json, md or html\n\nusage:\n {2}workplan convert /,
    );
  });

  it("an unknown command, or none, is a usage error (exit 2) with the list of commands", async () => {
    for (const argv of [["frobnicate"], [], ["help", "frobnicate"]]) {
      const r = await runCli(argv);
      assert.equal(r.code, 2, argv.join(" "));
      assert.match(r.stderr, /^workplan: (unknown command|no command given)/);
      assert.match(r.stderr, /workplan check-links NET YEAR/);
    }
  });
});
