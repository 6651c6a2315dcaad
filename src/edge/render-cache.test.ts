import assert from "node:assert/strict";
import { test } from "node:test";
import { RenderCache, type Rendered } from "./render-cache.ts";

const bytes = (n: number): Rendered => ({ body: Buffer.alloc(n), contentType: "x" });

test("a hit does not render again; concurrent misses share one rendering", async () => {
  const cache = new RenderCache({ maxBytes: 1000, buildId: "b1" });
  let renders = 0;
  const render = async () => {
    renders++;
    return bytes(10);
  };
  await Promise.all([cache.get("v1", "html", render), cache.get("v1", "html", render)]);
  await cache.get("v1", "html", render);
  assert.equal(renders, 1);
  await cache.get("v2", "html", render);
  assert.equal(renders, 2, "another version renders anew");
});

test("another build never answers with this build's renderings", async () => {
  const a = new RenderCache({ maxBytes: 1000, buildId: "a" });
  const b = new RenderCache({ maxBytes: 1000, buildId: "b" });
  await a.get("v", "x", () => bytes(1));
  let rendered = false;
  await b.get("v", "x", () => {
    rendered = true;
    return bytes(1);
  });
  assert.ok(rendered);
});

test("bounded by bytes, least recently used out; failures are not kept", async () => {
  const cache = new RenderCache({ maxBytes: 300, buildId: "b" });
  for (const v of ["1", "2", "3", "4"]) await cache.get(v, "x", () => bytes(90));
  assert.ok(cache.bytes <= 300, `${cache.bytes}`);
  assert.equal(cache.size, 3);
  await assert.rejects(cache.get("bad", "x", () => Promise.reject(new Error("no chromium"))));
  let again = false;
  await cache.get("bad", "x", () => {
    again = true;
    return bytes(1);
  });
  assert.ok(again, "a failed rendering is tried again");
});

test("by content: the same input is one entry", async () => {
  const cache = new RenderCache<{ svg: string }>({
    maxBytes: 1000,
    buildId: "b",
    sizeOf: (v) => v.svg.length,
  });
  let renders = 0;
  const draw = async () => ({ svg: `<svg>${++renders}</svg>` });
  await cache.byContent(["en", { a: 1 }], draw);
  await cache.byContent(["en", { a: 1 }], draw);
  await cache.byContent(["es", { a: 1 }], draw);
  assert.equal(renders, 2);
});
