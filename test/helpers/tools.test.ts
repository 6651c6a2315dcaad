import assert from "node:assert/strict";
import { globSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { TOOLS } from "./tools.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

// A test that runs a tool by name, or Chromium by its Debian path, fails on a machine
// without it instead of skipping: every test goes through tools.ts (needs, toolPath).
test("no test runs a system tool but through test/helpers/tools.ts", () => {
  const names = Object.keys(TOOLS).join("|");
  const direct = new RegExp(
    `(execFile|execFileSync|spawn|spawnSync)\\(\\s*"(${names})"|"/usr/bin/chromium"`,
  );
  const self = "test/helpers/tools.test.ts"; // its pattern names what it refuses
  const found = globSync("{src,test}/**/*.test.ts", { cwd: ROOT })
    .concat(globSync("test/browser/*.ts", { cwd: ROOT }))
    .filter((file) => file !== self)
    .flatMap((file) =>
      readFileSync(join(ROOT, file), "utf8")
        .split("\n")
        .flatMap((line, i) => (direct.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
  assert.deepEqual(found, []);
});
