import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { insertChunks, MAX_PARAMETERS } from "./plan-document-write.repository.ts";

describe("insertChunks", () => {
  it("keeps every statement within the parameter limit, rows in order", () => {
    const wide = Array.from({ length: 5000 }, (_, i) =>
      Object.fromEntries(Array.from({ length: 40 }, (_, c) => [`c${c}`, i])),
    );
    const chunks = insertChunks(wide);
    assert.ok(chunks.every((c) => c.length * 40 <= MAX_PARAMETERS));
    assert.equal(chunks[0]?.length, Math.floor(MAX_PARAMETERS / 40));
    assert.deepEqual(chunks.flat(), wide);
  });

  it("caps narrow rows at a thousand a statement, and makes none of nothing", () => {
    const narrow = Array.from({ length: 2500 }, (_, i) => ({ a: i, b: i }));
    assert.deepEqual(
      insertChunks(narrow).map((c) => c.length),
      [1000, 1000, 500],
    );
    assert.deepEqual(insertChunks([]), []);
    // As many rows as a plan at the limits may hold, without spreading them into one call.
    assert.equal(insertChunks(Array.from({ length: 400_000 }, () => ({ a: 1 }))).length, 400);
  });

  it("puts a row wider than the limit alone in its statement (the database then refuses it)", () => {
    const huge = {
      ...Object.fromEntries(Array.from({ length: MAX_PARAMETERS + 5 }, (_, c) => [`c${c}`, c])),
    };
    assert.deepEqual(
      insertChunks([huge, huge]).map((c) => c.length),
      [1, 1],
    );
  });
});
