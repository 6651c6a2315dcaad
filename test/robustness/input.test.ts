import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { deflateRawSync } from "node:zlib";
import type { LightMyRequestResponse } from "fastify";
import { importReport } from "../../src/app/import-report.ts";
import { LIMITS } from "../../src/core/limits.ts";
import { body } from "../../src/http/testing.ts";
import { checkZipSize } from "../../src/import/zip-size.ts";
import { testDialects } from "../helpers/db.ts";
import { bigPlan } from "../helpers/plans.ts";
import { type Instances, json, openInstances, PLAN } from "./setup.ts";

const when = { kind: "month", start: "2023-05-01", end: "2023-05-31", count: null, text: "May" };

/** A 4xx problem document (never a 5xx), with `code` when given. */
function refused(res: LightMyRequestResponse, status: number, code?: string) {
  assert.equal(res.statusCode, status, res.body.slice(0, 300));
  if (code) assert.equal(body(res).code, code);
}

for (const dialect of testDialects()) {
  describe(`robustness: bad input [${dialect}]`, () => {
    let t: Instances;
    before(async () => {
      t = await openInstances(dialect, 1, { portal: true });
    });
    after(() => t.close());

    const write = (
      method: "PATCH" | "PUT" | "POST",
      url: string,
      payload: unknown,
      as: "editor" | "admin" = "editor",
    ) => t.inject({ method, url, as, ...json(payload) });

    test("NUL in a title, a note, a source label, an annex title: 400 before the database", async () => {
      refused(
        await write("PATCH", `${PLAN}/activities/3.1.1`, { title: "a\u0000b" }),
        400,
        "invalid_input",
      );
      refused(
        await write("PUT", `${PLAN}/activities/3.1.1/status`, { code: "ongoing", note: "x\u0000" }),
        400,
      );
      refused(await write("POST", `${PLAN}/sources`, { label: "\u0000", url: null }), 400);
      refused(await write("POST", `${PLAN}/annex`, { when, title: "t\u0000" }), 400);
      refused(await write("PATCH", PLAN, { background: ["ok", "no\u0000"] }), 400);
    });

    test("other control characters refused; tab and line breaks kept", async () => {
      for (const c of ["\u0007", "\u001b", "\u007f", "\u0085", "\u000b"]) {
        refused(await write("PATCH", `${PLAN}/activities/3.1.1`, { title: `a${c}b` }), 400);
      }
      const ok = await write("PATCH", `${PLAN}/activities/3.1.1`, { title: "a\tb\nc\r\nd" });
      assert.equal(ok.statusCode, 200);
      assert.equal(body(ok).title, "a\tb\nc\r\nd");
    });

    test("NUL in a key, the sign-in e-mail, a path, a query, a cookie: 4xx", async () => {
      refused(await write("PATCH", `${PLAN}/activities/3.1.1`, { "ti\u0000tle": "x" }), 400);
      refused(
        await t.inject({
          method: "POST",
          url: "/api/v1/session",
          ...json({ email: "admin@example.org\u0000", password: "whatever it is" }),
        }),
        400,
      );
      refused(await t.inject({ method: "GET", url: "/api/v1/networks/a%00b/plans/2023" }), 400);
      refused(await t.inject({ method: "GET", url: `${PLAN}?lang=e%00n` }), 400);
      const page = await t.inject({ method: "GET", url: "/a%00b/2023" });
      assert.ok(page.statusCode >= 400 && page.statusCode < 500, String(page.statusCode));
      const cookie = await t.inject({
        method: "GET",
        url: "/gealc/2023",
        headers: { cookie: "wp_session=%00abc" },
      });
      assert.ok(cookie.statusCode < 500, String(cookie.statusCode));
    });

    test("imported documents: control characters stripped from free text (NUL in plan JSON too)", async () => {
      const doc = bigPlan({ activities: 3, sources: 1, occurrences: 0, annex: 0 });
      doc.network = { slug: "ctrl", name: "Control\u0007 network" };
      (doc.areas[0] as { title: string }).title = "Area\u0000 one\u000b";
      const res = await t.inject({
        method: "POST",
        url: "/api/v1/imports",
        // A new network: only the install's administrator creates one.
        as: "admin",
        payload: JSON.stringify(doc),
        headers: { "content-type": "application/json" },
      });
      assert.equal(res.statusCode, 201, res.body);
      const read = await t.inject({
        method: "GET",
        url: "/api/v1/networks/ctrl/plans/2023",
        as: "admin",
      });
      assert.equal(body(read).areas[0].title, "Area one");
      assert.equal(body(read).network.name, "Control network");
      const text = await t.inject({
        method: "POST",
        url: "/api/v1/imports?filename=r.txt",
        as: "editor",
        payload: "not\u0000 a report",
        headers: { "content-type": "text/plain" },
      });
      refused(text, 422, "parse_error");
    });

    test("JSON deeper than 64 levels: 413 naming json_depth, on /imports and on any JSON body", async () => {
      const deep = `${"[".repeat(5000)}${"]".repeat(5000)}`;
      const imp = await t.inject({
        method: "POST",
        url: "/api/v1/imports",
        as: "editor",
        payload: `{"a":${deep}}`,
        headers: { "content-type": "application/json" },
      });
      refused(imp, 413, "payload_too_large");
      assert.deepEqual(body(imp).limit, { name: "json_depth", max: 64 });
      const nested = (n: number): unknown => (n === 0 ? "x" : { a: nested(n - 1) });
      const patch = await write("PATCH", `${PLAN}/activities/3.1.1`, {
        title: "t",
        location: nested(100),
      });
      refused(patch, 413);
      assert.equal(body(patch).limit.name, "json_depth");
      const deepBody = await t.inject({
        method: "PATCH",
        url: `${PLAN}/activities/3.1.1`,
        as: "editor",
        payload: deep,
        headers: { "content-type": "application/json" },
      });
      refused(deepBody, 413);
    });

    test("a text over 20,000 characters: 422 naming characters_per_text", async () => {
      const long = "x".repeat(LIMITS.characters_per_text + 1);
      const res = await write("PATCH", `${PLAN}/activities/3.1.1`, { title: long });
      refused(res, 422, "limit_exceeded");
      assert.deepEqual(body(res).limit, { name: "characters_per_text", max: 20_000 });
      const ok = await write("PATCH", `${PLAN}/activities/3.1.1`, { title: "y".repeat(20_000) });
      assert.equal(ok.statusCode, 200);
      const doc = bigPlan({ activities: 1, sources: 0, occurrences: 0, annex: 0 });
      doc.network = { slug: "longtext", name: "Long" };
      doc.purpose = [long];
      const imp = await t.inject({
        method: "POST",
        url: "/api/v1/imports",
        as: "admin", // a new network
        payload: JSON.stringify(doc),
        headers: { "content-type": "application/json" },
      });
      refused(imp, 422, "limit_exceeded");
    });

    test("a body over 10 MB: 413 naming request_body_bytes", async () => {
      const res = await t.inject({
        method: "POST",
        url: "/api/v1/imports?filename=big.txt",
        as: "editor",
        payload: Buffer.alloc(LIMITS.request_body_bytes + 1, 0x61),
        headers: { "content-type": "text/plain" },
      });
      refused(res, 413, "payload_too_large");
      assert.deepEqual(body(res).limit, {
        name: "request_body_bytes",
        max: LIMITS.request_body_bytes,
      });
    });

    test("a plan over the limits does not import: 422 naming the limit", async () => {
      const over = [
        [{ activities: 2001, sources: 0, occurrences: 0, annex: 0 }, "activities_per_plan"],
        [{ activities: 1, sources: 5001, occurrences: 0, annex: 0 }, "sources_per_plan"],
        [{ activities: 1, sources: 1, occurrences: 201, annex: 0 }, "occurrences_per_activity"],
        [{ activities: 1, sources: 1, occurrences: 0, annex: 2001 }, "annex_items_per_plan"],
      ] as const;
      for (const [size, name] of over) {
        await assert.rejects(
          importReport(t.admin, {
            document: { ...bigPlan(size), network: { slug: "over", name: "Over" } },
          }),
          (e: { code?: string; limit?: { name: string } }) =>
            e.code === "limit_exceeded" && e.limit?.name === name,
          name,
        );
      }
    });

    test("a plan at the limits takes no more: activity, source, annex item, occurrence 422", async () => {
      const doc = bigPlan({ activities: 2000, sources: 5000, occurrences: 0, annex: 2000 });
      doc.network = { slug: "full", name: "Full" };
      // One activity at its 200 occurrences.
      const first = doc.areas[0]?.activities[0];
      assert.ok(first);
      first.occurrences = Array.from({ length: 200 }, () => ({
        when: { ...when, kind: "month" as const },
        sources: [],
      }));
      await importReport(t.admin, { document: doc });
      const full = "/api/v1/networks/full/plans/2023";
      // The editor has a role in GEALC only: in the new network the administrator writes.
      const activity = await write(
        "POST",
        `${full}/areas/3.1/activities`,
        {
          code: "3.1.999",
          title: "One too many",
          location: { kind: "virtual", text: "Virtual", city: null, country: null },
          planned: when,
        },
        "admin",
      );
      refused(activity, 422, "limit_exceeded");
      assert.equal(body(activity).limit.name, "activities_per_plan");
      const source = await write(
        "POST",
        `${full}/sources`,
        { label: "one too many", url: null },
        "admin",
      );
      assert.equal(body(source).limit?.name, "sources_per_plan");
      const annex = await write("POST", `${full}/annex`, { when, title: "one too many" }, "admin");
      assert.equal(body(annex).limit?.name, "annex_items_per_plan");
      const occurrence = await write(
        "POST",
        `${full}/activities/${first.code}/occurrences`,
        {
          when,
        },
        "admin",
      );
      refused(occurrence, 422);
      assert.equal(body(occurrence).limit.name, "occurrences_per_activity");
    });
  });
}

describe("robustness: Word files that decompress too large", () => {
  /** A zip of one deflated entry of `size` zero bytes, declaring `declared` as its size. */
  function zipOf(size: number, declared = size): Buffer {
    const data = deflateRawSync(Buffer.alloc(size));
    const name = Buffer.from("word/document.xml");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(0, 42);
    const cdStart = local.length + name.length + data.length;
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(1, 8);
    end.writeUInt16LE(1, 10);
    end.writeUInt32LE(central.length + name.length, 12);
    end.writeUInt32LE(cdStart, 16);
    return Buffer.concat([local, name, data, central, name, end]);
  }
  const isTooBig = (e: { code?: string; limit?: { name: string } }) =>
    e.code === "payload_too_large" && e.limit?.name === "docx_decompressed_bytes";

  test("declared over 50 MB: 413 before unpacking", () => {
    assert.throws(() => checkZipSize(zipOf(1024, 60 * 1024 * 1024)), isTooBig);
  });

  test("lying about its size: inflating stops at the limit, 413", () => {
    // Declares 1 KB, holds 60 MB of zeros (60 KB compressed).
    assert.throws(() => checkZipSize(zipOf(60 * 1024 * 1024, 1024)), isTooBig);
  });

  test("within the limit: passes", () => {
    checkZipSize(zipOf(1024 * 1024));
  });
});
