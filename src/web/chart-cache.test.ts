import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ChartCache } from "./chart-cache.ts";

describe("ChartCache", () => {
  it("draws once per content: the same input is a hit, another input a new drawing", async () => {
    const cache = new ChartCache<string>();
    let drawn = 0;
    const draw = (label: string) => async () => `${label} #${++drawn}`;
    assert.equal(await cache.get(["pt", 2023, { done: 3 }], draw("a")), "a #1");
    assert.equal(await cache.get(["pt", 2023, { done: 3 }], draw("a")), "a #1");
    assert.equal(await cache.get(["pt", 2023, { done: 4 }], draw("b")), "b #2");
    assert.equal(drawn, 2);
  });

  it("shares one drawing between concurrent misses, and keeps no failure", async () => {
    const cache = new ChartCache<number>();
    let calls = 0;
    let release = () => {};
    const slow = () => {
      calls++;
      return new Promise<number>((resolve) => {
        release = () => resolve(42);
      });
    };
    const both = Promise.all([cache.get("x", slow), cache.get("x", slow)]);
    release();
    assert.deepEqual(await both, [42, 42]);
    assert.equal(calls, 1);
    await assert.rejects(
      cache.get("y", () => Promise.reject(new Error("vega"))),
      /vega/,
    );
    assert.equal(await cache.get("y", async () => 7), 7);
  });

  it("keeps at most its bound, least recently used out", async () => {
    const cache = new ChartCache<string>(2);
    await cache.get("a", async () => "a");
    await cache.get("b", async () => "b");
    await cache.get("a", async () => "a again");
    await cache.get("c", async () => "c");
    assert.equal(cache.size, 2);
    assert.equal(await cache.get("a", async () => "a redrawn"), "a", "a was used last");
    assert.equal(await cache.get("b", async () => "b redrawn"), "b redrawn", "b went out");
  });
});
