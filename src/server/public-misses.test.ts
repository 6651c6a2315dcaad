/**
 * What an anonymous reader's render-cache miss costs, counted (never timed): the statements
 * each public page runs, so a miss that regains a repeated look-up (the plan found twice,
 * every plan's edition read one by one, a document read for its title) fails here; and the
 * bytes of a frozen view, which are its stored text as published, byte for byte.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { gunzipSync } from "node:zlib";
import type { FastifyInstance } from "fastify";
import type { KyselyPlugin } from "kysely";
import { countingStatements, openTestDb, testDialects } from "../../test/helpers/db.ts";
import { smallPlan } from "../../test/helpers/plans.ts";
import { approvePlan } from "../app/approve-plan.ts";
import { approveReport } from "../app/approve-report.ts";
import type { Deps } from "../app/deps.ts";
import { getPlanDocument } from "../app/get-plan-document.ts";
import { importReport } from "../app/import-report.ts";
import { publishReport } from "../app/publish-report.ts";
import { submitPlan } from "../app/submit-plan.ts";
import { type EditionSummary, editionSummary } from "../core/edition-summary.ts";
import type { DbHandle } from "../db/create-db.ts";
import {
  fillEditionGzips,
  fillEditionSummaries,
  findEdition,
  findEditionDocument,
  findEditionGzip,
  findEditionSummaries,
} from "../db/edition.repository.ts";
import { findPlan } from "../db/plan.repository.ts";
import { seed, testConfig } from "../http/testing.ts";
import { buildServer } from "./build-server.ts";

const key = { network: "gealc", year: 2023 };
const DOC = "/api/v1/networks/gealc/plans/2023";

for (const dialect of testDialects()) {
  describe(`an anonymous reader's miss [${dialect}]`, () => {
    let handle: DbHandle;
    let cleanup: () => Promise<void>;
    let admin: Deps;
    let app: FastifyInstance;
    const { seen, plugin: counting } = countingStatements();
    /** The statements run, their SQL and parameters, while `statements` is an array. */
    let statements: string[] | null = null;
    const recording: KyselyPlugin = {
      transformQuery(args) {
        if (statements) {
          const q = handle.db.getExecutor().compileQuery(args.node, args.queryId);
          statements.push(`${q.sql} ${JSON.stringify(q.parameters)}`);
        }
        return args.node;
      },
      async transformResult(args) {
        return args.result;
      },
    };
    /** A fresh server (empty caches and memos) on the database, its statements counted. */
    const restart = async (clock = () => new Date()) => {
      await app?.close();
      app = await buildServer({
        config: testConfig(),
        db: handle.db.withPlugin(counting).withPlugin(recording),
        clock,
        // Look-ups stay fresh for the whole test: what a miss itself costs is counted.
        publicFreshnessMs: 60_000,
        freshnessNow: () => 0,
      });
    };
    /** The imported plan `k` submitted, approved (by Assembly `ordinal`) and its report published. */
    const publish = async (k: typeof key, ordinal: number) => {
      let plan = await submitPlan(admin, { ...k, expectedVersion: 1 });
      plan = await approvePlan(admin, {
        ...k,
        expectedVersion: plan.version,
        assembly: { ordinal, date: `${k.year - 1}-11-21`, place: "Virtual" },
      });
      plan = await approveReport(admin, { ...k, expectedVersion: plan.version });
      await publishReport(admin, { ...k, expectedVersion: plan.version });
    };
    /** A GET's status, body and the statements it ran. */
    const get = async (url: string) => {
      const before = seen.queries;
      const res = await app.inject({ method: "GET", url });
      return { status: res.statusCode, body: res.rawPayload, statements: seen.queries - before };
    };

    before(async () => {
      ({ handle, cleanup } = await openTestDb(dialect));
      ({ admin } = await seed(handle.db, smallPlan()));
      await publish(key, 17);
      await restart();
    });
    after(async () => {
      await app?.close();
      await handle?.close();
      await cleanup?.();
    });

    test("the API's plan document of an edition is its stored text, found once and read once", async () => {
      const found = await findPlan(handle.db, key.network, key.year);
      const edition = await findEdition(handle.db, found?.id ?? "");
      assert.ok(edition);
      for (const lang of edition.languages) {
        await restart();
        const res = await get(`${DOC}?lang=${lang}`);
        assert.equal(res.status, 200);
        const stored = await findEditionDocument(handle.db, edition.id, lang);
        assert.ok(stored);
        // Byte for byte: the text stored at publication, and what the document parses to.
        assert.ok(res.body.equals(Buffer.from(stored.json)), `${lang}: the stored bytes`);
        const read = await getPlanDocument({ ...admin, actor: null }, { ...key, lang });
        assert.equal(res.body.toString("utf8"), JSON.stringify(read.document));
        // The plan with its latest edition and that edition's languages (1), the document (1).
        assert.equal(res.statements, 2, `${lang}: statements of a miss`);
        const n = await get(`${DOC}/editions/${edition.number}?lang=${lang}`);
        assert.equal(n.status, 200);
        assert.ok(n.body.equals(Buffer.from(stored.json)), `${lang}: edition ${edition.number}`);
        // A client that accepts gzip gets the compressed copy stored beside the text, as it
        // is (not compressed again), and it decompresses to the same bytes.
        await restart();
        const before = seen.queries;
        const gz = await app.inject({
          method: "GET",
          url: `${DOC}?lang=${lang}`,
          headers: { "accept-encoding": "gzip" },
        });
        assert.equal(gz.headers["content-encoding"], "gzip");
        assert.equal(seen.queries - before, 2, `${lang}: statements of a gzip miss`);
        const kept = await findEditionGzip(handle.db, edition.id, lang);
        assert.ok(kept && gz.rawPayload.equals(kept), `${lang}: the stored gzip bytes`);
        assert.ok(gunzipSync(gz.rawPayload).equals(Buffer.from(stored.json)));
      }
    });

    test("an edition written before its gzip copy was stored gets one after the migration run", async () => {
      const found = await findPlan(handle.db, key.network, key.year);
      const edition = await findEdition(handle.db, found?.id ?? "");
      assert.ok(edition);
      await handle.db
        .deleteFrom("report_edition_gzips")
        .where("edition_id", "=", edition.id)
        .execute();
      // Until then the API compresses the stored text itself: the same bytes either way.
      await restart();
      const plain = await get(`${DOC}?lang=${edition.languages[0]}`);
      assert.equal(plain.status, 200);
      assert.ok((await fillEditionGzips(handle.db)) >= edition.languages.length);
      assert.equal(await fillEditionGzips(handle.db), 0);
      for (const lang of edition.languages) {
        const stored = await findEditionDocument(handle.db, edition.id, lang);
        const kept = await findEditionGzip(handle.db, edition.id, lang);
        assert.ok(stored && kept);
        assert.ok(gunzipSync(kept).equals(Buffer.from(stored.json)), lang);
      }
      await restart();
      const again = await get(`${DOC}?lang=${edition.languages[0]}`);
      assert.ok(again.body.equals(plain.body));
    });

    test("a plan page finds the plan once: the view its public identity was found with", async () => {
      await handle.db.deleteFrom("public_pages").execute();
      await restart();
      const first = await get("/gealc/2023?lang=en");
      assert.equal(first.status, 200);
      // The identity (the plan with its edition and the edition's languages: 1), the kept page
      // (none: 1), the document (1), the amendments (1), the page kept (1).
      assert.equal(first.statements, 5);
      // Another language under the same identity: no identity look-up.
      const other = await get("/gealc/2023?lang=pt");
      assert.equal(other.status, 200);
      assert.equal(other.statements, 4);
    });

    test("an edition's plan page is rendered once and kept: a fresh server reads it, byte for byte", async () => {
      await handle.db.deleteFrom("public_pages").execute();
      const asBrowser = async (url: string) => {
        const before = seen.queries;
        const res = await app.inject({
          method: "GET",
          url,
          headers: { "accept-encoding": "gzip" },
        });
        assert.equal(res.statusCode, 200, url);
        assert.equal(res.headers["content-encoding"], "gzip", url);
        return { body: res.rawPayload, statements: seen.queries - before };
      };
      const rendered = new Map<string, Buffer>();
      for (const lang of ["en", "es", "pt"]) {
        await restart();
        rendered.set(lang, (await asBrowser(`/gealc/2023?lang=${lang}`)).body);
      }
      const rows = await handle.db
        .selectFrom("public_pages")
        .select(["page", "lang", "body"])
        .orderBy("lang")
        .execute();
      assert.deepEqual(
        rows.map((r) => `${r.page}:${r.lang}`),
        ["plan:en", "plan:es", "plan:pt"],
      );
      for (const r of rows) {
        assert.ok(Buffer.from(r.body).equals(rendered.get(r.lang) as Buffer), `${r.lang} kept`);
      }
      // A fresh server (empty render cache) reads the kept page: the identity (1), the page
      // (1); the same bytes, and no document read, no rendering.
      await restart();
      const again = await asBrowser("/gealc/2023?lang=es");
      assert.equal(again.statements, 2);
      assert.ok(again.body.equals(rendered.get("es") as Buffer));
      // A client without gzip gets the same page decompressed.
      const plain = await app.inject({ method: "GET", url: "/gealc/2023?lang=pt" });
      assert.ok(plain.rawPayload.equals(gunzipSync(rendered.get("pt") as Buffer)));
    });

    test("a page kept by another build, or under another key, is rendered again and replaced", async () => {
      await restart();
      await app.inject({ method: "GET", url: "/gealc/2023?lang=en" });
      // Another build's (a deploy): rendered anew by this one.
      await handle.db
        .updateTable("public_pages")
        .set({ build_id: "an-older-build", body: Buffer.from("stale") })
        .execute();
      await restart();
      const page = await app.inject({ method: "GET", url: "/gealc/2023?lang=en" });
      assert.match(page.body, /<html/);
      const row = await handle.db
        .selectFrom("public_pages")
        .select(["build_id", "key"])
        .where("lang", "=", "en")
        .executeTakeFirstOrThrow();
      assert.equal(row.build_id, testConfig().buildId);
      // Under another key (the network renamed: the identity moved): likewise.
      await handle.db
        .updateTable("public_pages")
        .set({ body: Buffer.from("stale") })
        .execute();
      await handle.db.updateTable("public_pages").set({ key: "another" }).execute();
      await restart();
      const again = await app.inject({ method: "GET", url: "/gealc/2023?lang=en" });
      assert.ok(again.rawPayload.equals(page.rawPayload));
    });

    test("a dashboard finds the plan once: the view its public identity was found with", async () => {
      await restart();
      // The first miss draws the edition's charts and stores them with its files.
      assert.equal((await get("/gealc/2023/dashboard?lang=en")).status, 200);
      await restart();
      const miss = await get("/gealc/2023/dashboard?lang=en");
      assert.equal(miss.status, 200);
      // The identity (plan, edition with its languages: 1), the document (1), the stored charts (1).
      assert.equal(miss.statements, 3);
    });

    test("the network's pages cost the same statements however many plans it has", async () => {
      const cost = async () => {
        await restart();
        const first = await get("/gealc/execution?lang=en");
        // Another language: the network's look-ups were kept (public freshness).
        const other = await get("/gealc/execution?lang=es");
        const home = await get("/gealc?lang=en");
        for (const r of [first, other, home]) assert.equal(r.status, 200);
        return { execution: first.statements, again: other.statements, home: home.statements };
      };
      const one = await cost();
      // A second plan, published: its edition, latest editions and titles come in bulk.
      const next = { ...key, year: 2024 };
      // The same plan a year on: every date moved by a year.
      const moved = JSON.stringify(smallPlan()).replace(
        /"(\d{4})-(\d\d-\d\d)/g,
        (_m, y: string, md: string) => `"${Number(y) + 1}-${md}`,
      );
      await importReport(admin, { document: { ...JSON.parse(moved), year: 2024 } });
      await publish(next, 18);
      const two = await cost();
      // Nothing is looked up per plan: every edition's summary is read in one statement, so
      // the counts are the same.
      assert.deepEqual(two, one);
      assert.ok(one.again < one.execution, JSON.stringify(one));
    });

    test("a network's pages read what their public identity read no more, and the home its documents at once", async () => {
      // Two plans published (the test above); in 2024 the home shows both (this year's and
      // last year's: their upcoming dates), the upcoming page too.
      const miss = async (url: string) => {
        // A fresh server: the identity is looked up too (the network's pages share it).
        await restart(() => new Date("2024-06-01T12:00:00Z"));
        statements = [];
        const res = await app.inject({ method: "GET", url });
        const ran = statements;
        statements = null;
        assert.equal(res.statusCode, 200, url);
        const reads = (table: string, column?: string) =>
          ran.filter(
            (q) => q.includes(` from "${table}"`) && (!column || q.startsWith(`select ${column}`)),
          );
        return { ran, reads };
      };
      const ids = (await handle.db.selectFrom("report_editions").select("id").execute()).map(
        (e) => e.id,
      );
      assert.equal(ids.length, 2);
      for (const page of ["", "/upcoming", "/execution"]) {
        const { ran, reads } = await miss(`/gealc${page}?lang=en`);
        // The public identity: the network, its plans, their latest editions with those
        // editions' languages, each read once: the page is drawn from them.
        assert.equal(reads("networks").length, 1, `${page}: the network read once`);
        assert.equal(reads("plans").length, 1, `${page}: the plans read once`);
        assert.equal(reads("report_editions").length, 1, `${page}: the editions read once`);
        // Then the titles stored with the editions' summaries (one statement), and the home
        // and upcoming pages the documents they show: both plans' in one statement.
        const documents = reads("report_edition_documents", '"edition_id", "lang", "document"');
        assert.equal(documents.length, page === "/execution" ? 0 : 1, page);
        for (const d of documents) for (const id of ids) assert.ok(d.includes(id), page);
        assert.equal(ran.length, page === "/execution" ? 4 : 5, `${page}: statements of a miss`);
      }
    });

    test("an edition's summary is stored at publication, as its document gives it", async () => {
      const found = await findPlan(handle.db, key.network, key.year);
      const edition = await findEdition(handle.db, found?.id ?? "");
      assert.ok(edition);
      const keys = edition.languages.map((lang) => ({ editionId: edition.id, lang }));
      assert.ok(keys.length > 0);
      const fromDocuments = async () => {
        const out = new Map<string, unknown>();
        for (const k of keys) {
          const stored = await findEditionDocument(handle.db, k.editionId, k.lang);
          assert.ok(stored);
          out.set(
            `${k.editionId}\u0000${k.lang}`,
            editionSummary(JSON.parse(stored.json), edition.dataAsOf),
          );
        }
        return out;
      };
      const expected = await fromDocuments();
      assert.deepEqual(await findEditionSummaries(handle.db, keys), expected);
      // An edition written before summaries were stored gets its own after the migration run.
      await handle.db
        .deleteFrom("report_edition_summaries")
        .where("edition_id", "=", edition.id)
        .execute();
      assert.equal((await findEditionSummaries(handle.db, keys)).size, 0);
      assert.ok((await fillEditionSummaries(handle.db)) >= keys.length);
      assert.deepEqual(await findEditionSummaries(handle.db, keys), expected);
      assert.equal(await fillEditionSummaries(handle.db), 0);
      // One stored before summaries carried the document's title is made anew.
      const [first] = keys;
      assert.ok(first);
      const { documentTitle: _, ...older } = expected.get(
        `${first.editionId}\u0000${first.lang}`,
      ) as EditionSummary;
      await handle.db
        .updateTable("report_edition_summaries")
        .set({ summary: JSON.stringify(older) })
        .where("edition_id", "=", first.editionId)
        .where("lang", "=", first.lang)
        .execute();
      assert.equal(await fillEditionSummaries(handle.db), 1);
      assert.deepEqual(await findEditionSummaries(handle.db, keys), expected);
    });

    for (const page of ["execution", ""]) {
      test(`a miss on the network's ${page || "home"} page reads no edition document but the plan it shows`, async () => {
        await restart();
        const read: string[] = [];
        const app2 = await buildServer({
          config: testConfig(),
          db: handle.db.withPlugin({
            transformQuery(args) {
              read.push(JSON.stringify(args.node));
              return args.node;
            },
            async transformResult(args) {
              return args.result;
            },
          }),
          clock: () => new Date(),
        });
        try {
          for (const lang of ["en", "es", "pt"]) {
            const res = await app2.inject({
              method: "GET",
              url: `/gealc${page ? `/${page}` : ""}?lang=${lang}`,
            });
            assert.equal(res.statusCode, 200);
          }
        } finally {
          await app2.close();
        }
        const reads = (name: string) => read.filter((q) => q.includes(`"name":"${name}"`));
        assert.ok(reads("report_edition_summaries").length > 0);
        // report_edition_documents is asked for an edition's languages (its keys); its text
        // only by the home page, for the one plan it shows (the list's titles are stored).
        const texts = reads("report_edition_documents").filter((q) =>
          q.includes('"name":"document"'),
        );
        assert.equal(texts.length, page === "execution" ? 0 : 3, texts.join("\n"));
        assert.ok(read.every((q) => !q.includes('"name":"plan_versions"')));
      });
    }
  });
}
