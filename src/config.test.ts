import assert from "node:assert/strict";
import { test } from "node:test";
import { loadConfig } from "./config.ts";

test("TRUST_PROXY: unset is false; true, a hop count or a list of addresses", () => {
  const trust = (v?: string) => loadConfig(v === undefined ? {} : { TRUST_PROXY: v }).trustProxy;
  assert.equal(trust(), false);
  assert.equal(trust(""), false);
  assert.equal(trust("false"), false);
  assert.equal(trust("true"), true);
  assert.equal(trust("2"), 2);
  assert.deepEqual(trust("10.0.0.1, 10.1.0.0/16"), ["10.0.0.1", "10.1.0.0/16"]);
});
