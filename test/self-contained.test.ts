import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

// The repository must work cloned alone: nothing in it may point at a sibling folder of the
// checkout (where example inputs were first copied from) or at a build machine's paths.
const ROOT = fileURLToPath(new URL("..", import.meta.url));
// .git is a folder in a clone and a pointer file in a worktree.
const SKIP = new Set([".git", "node_modules", "data", "out", "tmp", "package-lock.json"]);
const SELF = fileURLToPath(import.meta.url); // its examples of what is refused

const OUTSIDE = new RegExp(
  [
    String.raw`\.\./shared\b`,
    "/shared/(?:seed|iati)/",
    String.raw`(?:^|[\s"'\x60(=])/(?:work|home|root|Users|tmp/bash_jobs)/`,
  ].join("|"),
);

function* textFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (SKIP.has(entry.name) || path === SELF) continue;
    if (entry.isDirectory()) yield* textFiles(path);
    else if (entry.isFile()) yield path;
  }
}

test("no file in the repository points outside it", () => {
  const found: string[] = [];
  for (const file of textFiles(ROOT)) {
    const bytes = readFileSync(file);
    if (bytes.includes(0)) continue; // binary: images, Word and PDF fixtures
    bytes
      .toString("utf8")
      .split("\n")
      .forEach((line, i) => {
        if (OUTSIDE.test(line)) found.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
      });
  }
  assert.deepEqual(found, []);
});

test("the pattern finds what it is meant to find", () => {
  for (const bad of [
    `readFileSync(new URL("../../${"shared"}/seed/report.txt", import.meta.url))`,
    `xmllint --schema ../${"shared"}/iati/x.xsd`,
    ` * follows /${"work"}/${"shared"}/seed/x.txt`,
    `const p = "/${"home"}/me/report.txt"`,
  ]) {
    assert.match(bad, OUTSIDE, bad);
  }
  assert.doesNotMatch('new URL("../examples/gealc-2023/plan.json", import.meta.url)', OUTSIDE);
  assert.doesNotMatch("https://example.org/work/plan", OUTSIDE);
});
