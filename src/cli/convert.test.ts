import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { runCli } from "../../test/helpers/cli.ts";

const SEED = fileURLToPath(
  new URL("../../examples/gealc-2023/gealc-2023-work-plan-report.en.txt", import.meta.url),
);
const EXAMPLE = fileURLToPath(new URL("../../examples/gealc-2023/plan.json", import.meta.url));

const run = (...args: string[]) => runCli(args);
const dir = mkdtempSync(join(tmpdir(), "wp-cli-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("convert: the seed report to the plan JSON on stdout", async () => {
  const r = await run("convert", SEED, "--to", "json");
  assert.equal(r.code, 0, r.stderr);
  assert.deepStrictEqual(JSON.parse(r.stdout), JSON.parse(readFileSync(EXAMPLE, "utf8")));
});

test("convert: plan JSON to a Spanish HTML report in a file", async () => {
  const out = join(dir, "sub", "report.html");
  const r = await run("convert", EXAMPLE, "--to", "html", "--lang", "es", "--out", out);
  assert.equal(r.code, 0, r.stderr);
  const html = readFileSync(out, "utf8");
  assert.match(html, /<html lang="es"/);
  assert.match(html, /Áreas de trabajo/);
});

test("convert: Markdown out reads back to the same plan", async () => {
  const md = join(dir, "report.md");
  assert.equal((await run("convert", EXAMPLE, "--to", "md", "--out", md)).code, 0);
  const back = await run("convert", md, "--to", "json");
  assert.equal(back.code, 0, back.stderr);
  assert.deepStrictEqual(JSON.parse(back.stdout), JSON.parse(readFileSync(EXAMPLE, "utf8")));
});

test("convert: a Word report reads to the same plan as its text", async () => {
  const docx = fileURLToPath(
    new URL("../../test/fixtures/docx/gealc-2023-work-plan-report.en.docx", import.meta.url),
  );
  const r = await run("convert", docx, "--to", "json");
  assert.equal(r.code, 0, r.stderr);
  assert.deepStrictEqual(JSON.parse(r.stdout), JSON.parse(readFileSync(EXAMPLE, "utf8")));
});

test("convert: a bad report fails with FILE:LINE: message on stderr and exit 1", async () => {
  const file = join(dir, "dup.txt");
  const seed = readFileSync(SEED, "utf8");
  writeFileSync(file, seed.replace("3.1.2) Regional", "3.1.1) Regional"));
  const line = seed.split("\n").findIndex((l) => l.startsWith("3.1.2)")) + 1;
  const r = await run("convert", file, "--to", "json");
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:${line}: `));
  assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
});

test("convert: an empty file and a missing file are clear errors", async () => {
  const empty = join(dir, "empty.txt");
  writeFileSync(empty, "");
  const r = await run("convert", empty, "--to", "md");
  assert.equal(r.code, 1);
  assert.match(r.stderr, /empty\.txt:1: /);
  const missing = await run("convert", join(dir, "nope.txt"), "--to", "md");
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /nope\.txt: no such file/);
});

test("convert: --network and --slug name a network the header does not", async () => {
  const file = join(dir, "nameless.txt");
  const seed = readFileSync(SEED, "utf8");
  writeFileSync(file, seed.replace("XVII GEALC Network Annual Assembly", "XVII Annual Assembly"));
  const refused = await run("convert", file, "--to", "json");
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /nameless\.txt:7: the network is not named .*--network "Name"/);
  const named = await run("convert", file, "--to", "json", "--network", "GEALC Network");
  assert.equal(named.code, 0, named.stderr);
  assert.deepStrictEqual(JSON.parse(named.stdout), JSON.parse(readFileSync(EXAMPLE, "utf8")));
  const slugged = await run(
    "convert",
    file,
    "--to",
    "json",
    "--network",
    "Red GEALC",
    "--slug",
    "red",
  );
  assert.deepEqual(JSON.parse(slugged.stdout).network, { slug: "red", name: "Red GEALC" });
  assert.equal((await run("convert", file, "--to", "json", "--network", " ")).code, 2);
});

test("convert: usage errors exit 2", async () => {
  assert.equal((await run("convert", SEED)).code, 2);
  assert.equal((await run("convert", SEED, "--to", "pdfx")).code, 2);
  assert.equal((await run("convert", SEED, "--to", "md", "--lang", "fr")).code, 2);
  assert.equal((await run("convert", SEED, "--to", "md", "--bogus")).code, 2);
  assert.equal((await run("frobnicate")).code, 2);
});
