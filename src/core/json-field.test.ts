import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { jsonMember, scanJsonMember } from "./json-field.ts";

test("jsonMember gives what JSON.parse gives, for every member of awkward objects", () => {
  const objects: unknown[] = [
    { a: 1, title: "x" },
    { a: { title: "inner" }, b: [1, { title: "deep" }, "]}"], title: "outer" },
    { 't"itle': "q", s: 'a "quoted" \\ back\\slash \\"', title: "é ✓ \u0000 \ud800" },
    { n: -1.5e-7, t: true, f: false, z: null, e: {}, l: [], title: null },
    { title: { nested: ["[", "{", "\\"] } },
    { other: 1 },
    {},
  ];
  for (const o of objects) {
    for (const text of [
      JSON.stringify(o),
      JSON.stringify(o, null, 2),
      ` \n${JSON.stringify(o)} `,
    ]) {
      const parsed = JSON.parse(text) as Record<string, unknown>;
      for (const key of [...Object.keys(parsed), "title", "missing"]) {
        assert.deepEqual(jsonMember(text, key), parsed[key], `${key} of ${text}`);
      }
    }
  }
});

test("jsonMember reads a plan document's title like JSON.parse", () => {
  const text = readFileSync(
    new URL("../../examples/gealc-2023/plan.json", import.meta.url),
    "utf8",
  );
  const doc = JSON.parse(text) as { title: string };
  assert.equal(jsonMember(text, "title"), doc.title);
  assert.equal(jsonMember(JSON.stringify(doc), "title"), doc.title);
});

test("jsonMember throws as JSON.parse does on text that is no JSON", () => {
  assert.throws(() => jsonMember('{"a": ', "title"), SyntaxError);
  assert.throws(() => jsonMember("not json", "title"), SyntaxError);
});

test("scanJsonMember tells nothing from text cut before the member ends", () => {
  const text = JSON.stringify({ schema: "s", year: 2023, title: "A title", areas: [1, 2] });
  for (let n = 0; n <= text.length; n++) {
    const got = scanJsonMember(text.slice(0, n), "title");
    if (got !== null) assert.deepEqual(got, { value: "A title" }, `cut at ${n}`);
    else assert.ok(n < text.indexOf("A title") + "A title".length + 2, `cut at ${n}`);
  }
  assert.equal(scanJsonMember(text.slice(0, text.indexOf(",")), "year"), null);
});
