/**
 * An edition's files are rendered at publication, when the tool is there (Chromium for the
 * PDF; nothing for the others), stored with their SHA-256, and served from then on without
 * rendering again: shown by counting Chromium's launches and the stored rows, never by time.
 * A file that cannot be rendered (no Chromium) waits for its first request; the publication
 * stands.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { approveReport } from "../src/app/approve-report.ts";
import { editionFileOr } from "../src/app/export-plan.ts";
import { findReadablePlan } from "../src/app/find-readable-plan.ts";
import { EDITION_FILES, editionFilesSettled } from "../src/app/render-edition-files.ts";
import type { PlanDocument } from "../src/core/plan.ts";
import type { Db } from "../src/db/create-db.ts";
import { seed, type Tokens, testConfig } from "../src/http/testing.ts";
import { chartDrawings } from "../src/render/dashboard-svg.ts";
import { buildServer } from "../src/server/build-server.ts";
import { openTestDb, testDialects } from "./helpers/db.ts";
import { approveAtAssembly, planVersion } from "./helpers/lifecycle.ts";
import { needs, toolPath } from "./helpers/tools.ts";

const example = (): PlanDocument =>
  JSON.parse(readFileSync(new URL("../examples/gealc-2023/plan.json", import.meta.url), "utf8"));

const API = "/api/v1/networks/gealc/plans/2023";
const key = { network: "gealc", year: 2023 };
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** What anonymous readers download, and the stored file (variant) each must be. */
const DOWNLOADS: [url: string, variant: string][] = [
  [`${API}/export?format=pdf&lang=en`, "pdf:en:en::"],
  ["/gealc/2023/reports/report.es.pdf", "pdf:es:en::"],
  ["/gealc/2023/reports/report.en.docx", "docx:en:en::"],
  [`${API}/report?format=md&lang=es`, "md:es:en::"],
  [`${API}/report?format=html&lang=en`, "html:en:en::"],
  ["/gealc/2023/data/activities.csv?lang=es", "csv:es:en:activities:"],
  ["/gealc/2023/data/sources.csv?lang=pt", "csv:pt:en:sources:"],
  [`${API}/export?format=csv&table=sources&lang=en`, "csv:en:en:sources:"],
  ["/gealc/2023/data/plan.xlsx?lang=en", "xlsx:en:en::"],
  ["/gealc/2023/data/iati.xml?lang=en", "iati:en:en::"],
  ["/gealc/2023/data/plan.json?lang=es", "json:es:en::"],
  ["/gealc/2023/calendar.ics?lang=en", "ics:en:en::"],
];

type Stored = { variant: string; sha256: string; created_at: string };
const storedFiles = async (db: Db): Promise<Stored[]> =>
  (
    await db
      .selectFrom("report_edition_files")
      .select(["variant", "sha256", "created_at", "body"])
      .orderBy("variant")
      .execute()
  ).map((r) => {
    // The SHA-256 stored is that of the bytes stored.
    assert.equal(sha256(Buffer.from(r.body, "base64")), r.sha256, r.variant);
    return { variant: r.variant, sha256: r.sha256, created_at: r.created_at };
  });

/** A server on a fresh database with the example's report approved, not yet published. */
async function approvedReport(dialect: "sqlite" | "postgres", chromiumPath: string) {
  const { handle, cleanup } = await openTestDb(dialect);
  const { tokens, admin } = await seed(handle.db, example());
  const app = await buildServer({
    config: testConfig({ chromiumPath }),
    db: handle.db,
    clock: () => new Date(),
  });
  const version = () => planVersion(admin);
  await approveAtAssembly(admin);
  await approveReport(admin, { ...key, expectedVersion: await version() });
  return {
    app,
    tokens,
    db: handle.db,
    close: async () => {
      await app.close();
      await handle.close();
      await cleanup();
    },
  };
}

const publish = (app: FastifyInstance, tokens: Tokens) =>
  app.inject({
    method: "POST",
    url: `${API}/report/publish`,
    headers: { authorization: `Bearer ${tokens.admin}` },
  });

for (const dialect of testDialects()) {
  describe(`an edition's files at publication [${dialect}]`, { skip: needs("chromium") }, () => {
    let dir: string;
    let t: Awaited<ReturnType<typeof approvedReport>>;
    const launches = () => readFileSync(join(dir, "launches"), "utf8").split("\n").length - 1;
    before(async () => {
      // Chromium behind a script that counts its launches: each launch prints one PDF.
      dir = mkdtempSync(join(tmpdir(), "wp-edition-"));
      const counting = join(dir, "chromium");
      writeFileSync(join(dir, "launches"), "");
      writeFileSync(
        counting,
        `#!/bin/sh\necho launch >> '${join(dir, "launches")}'\nexec '${toolPath("chromium")}' "$@"\n`,
        { mode: 0o755 },
      );
      t = await approvedReport(dialect, counting);
    });
    after(async () => {
      await t?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test("every file is stored right after publishing answers, and served without rendering again", async () => {
      assert.deepEqual(await storedFiles(t.db), []);
      const res = await publish(t.app, t.tokens);
      assert.equal(res.statusCode, 200, res.body);
      // Publishing answers before its files are made; downloads asked for meanwhile join
      // the rendering under way (or find the file stored, or make it first): whichever
      // way, every file is made once and every reader gets the stored bytes.
      const early = await Promise.all(DOWNLOADS.map(([url]) => t.app.inject({ url })));
      await editionFilesSettled(t.db);
      // Every language the portal offers (the example holds English only: the others have
      // their labels in their language, their content in English).
      const languages = ["en", "es", "pt"];
      const stored = await storedFiles(t.db);
      // And the dashboard's charts in each language.
      assert.equal(stored.length, (EDITION_FILES.length + 1) * languages.length);
      assert.equal(launches(), languages.length, "one PDF printed per language");

      const byVariant = new Map(stored.map((s) => [s.variant, s]));
      DOWNLOADS.forEach(([url, variant], i) => {
        const got = early[i];
        assert.equal(got?.statusCode, 200, `${url} during rendering`);
        assert.equal(sha256(got.rawPayload), byVariant.get(variant)?.sha256, `${url} early`);
      });
      for (const [url, variant] of DOWNLOADS) {
        const got = await t.app.inject({ url });
        assert.equal(got.statusCode, 200, `${url}: ${got.body.slice(0, 200)}`);
        assert.equal(
          sha256(got.rawPayload),
          byVariant.get(variant)?.sha256,
          `${url} is ${variant}`,
        );
      }
      assert.deepEqual(await storedFiles(t.db), stored, "nothing rendered or stored anew");
      assert.equal(launches(), languages.length, "no PDF printed again");
    });
  });

  describe(`an edition's files without Chromium [${dialect}]`, () => {
    test("publication stands; the PDF waits for its first request, the rest is stored", async () => {
      const t = await approvedReport(dialect, "/nonexistent/chromium");
      try {
        const res = await publish(t.app, t.tokens);
        assert.equal(res.statusCode, 200, res.body);
        await editionFilesSettled(t.db);
        const stored = await storedFiles(t.db);
        // Every file but the PDF, and the dashboard's charts, in each language.
        assert.equal(stored.length, EDITION_FILES.length * 3);
        assert.ok(stored.every((s) => !s.variant.startsWith("pdf:")));
        assert.deepEqual(
          stored.filter((s) => s.variant.startsWith("charts:")).map((s) => s.variant),
          ["charts:en:en", "charts:es:en", "charts:pt:en"],
        );
        // The dashboard reads them: nothing drawn for its readers.
        const drawn = chartDrawings.sets;
        const dash = await t.app.inject({ url: "/gealc/2023/dashboard?lang=pt" });
        assert.equal(dash.statusCode, 200);
        assert.equal(chartDrawings.sets, drawn);
        const pdf = await t.app.inject({ url: "/gealc/2023/reports/report.en.pdf" });
        assert.equal(pdf.statusCode, 503, "no Chromium: said so, nothing stored");
        assert.equal((await storedFiles(t.db)).length, stored.length);
        const md = await t.app.inject({ url: "/gealc/2023/reports/report.en.md" });
        assert.equal(md.statusCode, 200);
      } finally {
        await t.close();
      }
    });

    test("a file asked for twice at once is rendered once, and both get the stored bytes", async () => {
      const t = await approvedReport(dialect, "/nonexistent/chromium");
      try {
        assert.equal((await publish(t.app, t.tokens)).statusCode, 200);
        await editionFilesSettled(t.db);
        const deps = { db: t.db, clock: () => new Date() };
        const head = await findReadablePlan({ db: t.db, actor: null }, { ...key, lang: "en" });
        let renders = 0;
        const render = async () => {
          renders++;
          await new Promise((r) => setImmediate(r));
          const body = Buffer.from(`rendering ${renders}`);
          return { body, contentType: "text/plain", fileName: "once.txt" };
        };
        const [a, b] = await Promise.all([
          editionFileOr(deps, head, "test:once", render),
          editionFileOr(deps, head, "test:once", render),
        ]);
        assert.equal(renders, 1, "the second asker joined the first rendering");
        assert.equal(a.body.toString(), "rendering 1");
        assert.deepEqual(b.body, a.body);
        const later = await editionFileOr(deps, head, "test:once", render);
        assert.equal(renders, 1, "stored: not rendered again");
        assert.deepEqual(later.body, a.body);
      } finally {
        await t.close();
      }
    });
  });
}
