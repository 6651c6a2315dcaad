/**
 * The published report as frozen editions, end to end on the 2023 example: what the public
 * saw stays exactly what it saw until the next edition is published, and every edition
 * stays at its address.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance, InjectOptions } from "fastify";
import { approveReport } from "../src/app/approve-report.ts";
import { publishReport } from "../src/app/publish-report.ts";
import type { PlanDocument } from "../src/core/plan.ts";
import { seed, type Tokens, testConfig } from "../src/http/testing.ts";
import { buildServer } from "../src/server/build-server.ts";
import { openTestDb, testDialects } from "./helpers/db.ts";
import { approveAtAssembly, planVersion } from "./helpers/lifecycle.ts";

const example = (): PlanDocument =>
  JSON.parse(readFileSync(new URL("../examples/gealc-2023/plan.json", import.meta.url), "utf8"));

const API = "/api/v1/networks/gealc/plans/2023";
const key = { network: "gealc", year: 2023 };

/** What an anonymous reader downloads (and the 3.6.3 page). */
const PUBLIC = {
  md: `${API}/export?format=md&lang=en`,
  reportMd: `${API}/report?format=md&lang=en`,
  json: API,
  docx: `${API}/export?format=docx&lang=en`,
  csv: `${API}/export?format=csv&table=occurrences`,
  portalMd: "/gealc/2023/reports/report.en.md",
  page: "/gealc/2023/activities/3.6.3?lang=en",
};

/** The text footnote 42 has in a Markdown report. */
const footnote42 = (md: string) => /^\[\^42\]: (.*)$/m.exec(md)?.[1];

/**
 * Every footnote a portal page lists, as number -> its link, checked against the Markdown
 * report: the same number names the same source there. Returns how many were compared.
 */
function agreesWithReport(page: string, md: string): number {
  const notes = [...page.matchAll(/<li id="src-(\d+)" value="(\d+)">([\s\S]*?)<\/li>/g)];
  let compared = 0;
  for (const [, id, value, body] of notes) {
    assert.equal(id, value);
    const url = /href="(https?:[^"]+)"/.exec(body ?? "")?.[1];
    if (!url) continue;
    const line = new RegExp(`^\\[\\^${id}\\]: (.*)$`, "m").exec(md)?.[1] ?? "";
    // A footnote is the source's text as written: its link, maybe with no scheme.
    const bare = url
      .replace(/&amp;/g, "&")
      .replace(/^https?:\/\//, "")
      .replace(/\/$/, "")
      .toLowerCase();
    assert.ok(line.toLowerCase().includes(bare), `[^${id}] is ${url}: ${line}`);
    compared++;
  }
  return compared;
}

for (const dialect of testDialects()) {
  describe(`report editions on the 2023 example [${dialect}]`, () => {
    let app: FastifyInstance;
    let tokens: Tokens;
    let close: () => Promise<void>;
    const get = async (url: string, o: Partial<InjectOptions> = {}) => {
      const res = await app.inject({ method: "GET", url, ...o });
      assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 200)}`);
      return res;
    };
    const send = (method: "PUT" | "POST", url: string, payload: unknown, headers = {}) =>
      app.inject({
        method,
        url,
        payload: payload as object,
        headers: { authorization: `Bearer ${tokens.editor}`, ...headers },
      });
    const snapshot = async () => {
      const out: Record<string, Buffer> = {};
      for (const [name, url] of Object.entries(PUBLIC)) out[name] = (await get(url)).rawPayload;
      return out;
    };
    /** A page's content: its HTML without what differs per response (nonces, tokens). */
    const content = (page: Buffer) =>
      page.toString("utf8").replace(/nonce-[^'"]+|nonce="[^"]+"/g, "nonce");

    before(async () => {
      const { handle, cleanup } = await openTestDb(dialect);
      const seeded = await seed(handle.db, example());
      tokens = seeded.tokens;
      const admin = seeded.admin;
      app = await buildServer({ config: testConfig(), db: handle.db, clock: () => new Date() });
      const version = () => planVersion(admin);
      await approveAtAssembly(admin);
      await approveReport(admin, {
        ...key,
        expectedVersion: await version(),
        dataAsOf: "2023-11-21",
        approvedBy: { body: "XVII Assembly", date: "2023-11-21", place: "Santo Domingo" },
      });
      await publishReport(admin, { ...key, expectedVersion: await version() });
      close = async () => {
        await app.close();
        await handle.close();
        await cleanup();
      };
    });
    after(() => close());

    test("the portal numbers sources as edition 1's report does", async () => {
      const md = (await get(PUBLIC.md)).body;
      const plan = (await get("/gealc/2023?lang=en")).body;
      assert.ok(agreesWithReport(plan, md) > 10, "the plan page's footnotes");
      const area = (await get("/gealc/2023/areas/3.2?lang=en")).body;
      assert.ok(agreesWithReport(area, md) > 0, "an area page's footnotes");
      const act = (await get("/gealc/2023/activities/3.2.3?lang=en")).body;
      assert.ok(agreesWithReport(act, md) > 0, "an activity page's footnotes");
      // The report renumbers: some source's number is not its id, and the pages follow it.
      const ids = example()
        .sources.filter((src) => src.url !== null)
        .map((src) => ({ id: src.id, url: src.url as string }));
      const renumbered = ids.find(({ id, url }) => {
        const n = new RegExp(
          `^\\[\\^(\\d+)\\]: .*${url.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`,
          "m",
        ).exec(md)?.[1];
        return n !== undefined && Number(n) !== id && plan.includes(`href="${url}"`);
      });
      assert.ok(renumbered, "a source whose footnote number is not its id");
      assert.doesNotMatch(
        plan,
        new RegExp(
          `<li id="src-${renumbered.id}" value="${renumbered.id}">[^<]*(<[^>]*>[^<]*)*?${renumbered.url}"`,
        ),
      );
      const annex = (await get("/gealc/2023/annex?lang=en")).body;
      agreesWithReport(annex, md);
    });

    test("edits reach the public only in the next edition; edition 1 stays at its address", async () => {
      const first = await snapshot();
      assert.equal(first.docx?.subarray(0, 2).toString("latin1"), "PK");
      const note42 = footnote42(first.md?.toString("utf8") ?? "");
      assert.ok(note42, "the report has a footnote 42");
      const editions = JSON.parse((await get(`${API}/editions`)).body);
      assert.equal(editions.length, 1);
      assert.deepEqual(editions[0].approvedBy, {
        body: "XVII Assembly",
        date: "2023-11-21",
        place: "Santo Domingo",
      });
      assert.equal(editions[0].dataAsOf, "2023-11-21");

      // Through the API: 3.6.3 executed, and an occurrence with new evidence.
      const status = await send("PUT", `${API}/activities/3.6.3/status`, { code: "executed" });
      assert.equal(status.statusCode, 200, status.body);
      const occurrence = await send("POST", `${API}/activities/3.6.3/occurrences`, {
        when: {
          kind: "month",
          start: "2023-10-01",
          end: "2023-10-31",
          count: null,
          text: "October",
        },
        evidence: [{ url: "https://example.org/evidence-3-6-3", label: "New evidence" }],
      });
      assert.equal(occurrence.statusCode, 201, occurrence.body);

      // The public sees edition 1, byte for byte; its editors see the working copy.
      const same = await snapshot();
      for (const name of Object.keys(PUBLIC)) {
        if (name === "page") continue;
        assert.ok(same[name]?.equals(first[name] as Buffer), `${name} is byte-identical`);
      }
      assert.equal(content(same.page as Buffer), content(first.page as Buffer), "page content");
      assert.equal(footnote42(same.md?.toString("utf8") ?? ""), note42, "footnote 42 stays 42");
      const working = await get(PUBLIC.md, {
        headers: { authorization: `Bearer ${tokens.viewer}` },
      });
      assert.ok(!working.rawPayload.equals(first.md as Buffer), "the working copy changed");
      assert.match(working.body, /evidence-3-6-3/);
      const etag = (await get(PUBLIC.json)).headers.etag as string;
      assert.match(etag, /\.e1"$/, "the public ETag names edition 1");
      const refused = await send(
        "PUT",
        `${API}/activities/3.6.3/status`,
        { code: "executed" },
        { "if-match": etag },
      );
      assert.equal(refused.statusCode, 412, "an edition's ETag is never an If-Match for writes");

      // Edition 2: the corrections approved with their summary, and published.
      const admin = { authorization: `Bearer ${tokens.admin}` };
      const plan = JSON.parse((await get(`${API}/editions/1`)).body) as PlanDocument;
      assert.equal(plan.title, JSON.parse(first.json?.toString("utf8") ?? "{}").title);
      let res = await app.inject({
        method: "POST",
        url: `${API}/report/approve`,
        headers: admin,
        payload: { corrections: "3.6.3 was held in October; its evidence is added." },
      });
      assert.equal(res.statusCode, 200, res.body);
      // Approved corrections are not public yet.
      assert.ok((await get(PUBLIC.md)).rawPayload.equals(first.md as Buffer));
      res = await app.inject({ method: "POST", url: `${API}/report/publish`, headers: admin });
      assert.equal(res.statusCode, 200, res.body);

      const second = await snapshot();
      for (const name of ["md", "json", "csv", "portalMd"]) {
        assert.ok(!second[name]?.equals(first[name] as Buffer), `${name} shows edition 2`);
      }
      assert.match(second.md?.toString("utf8") ?? "", /evidence-3-6-3/);
      assert.notEqual(content(second.page as Buffer), content(first.page as Buffer));
      assert.match(second.page?.toString("utf8") ?? "", /evidence-3-6-3/);
      // 3.6.3's new evidence has, on its page, the footnote number edition 2's report gives it.
      const newNote = /^\[\^(\d+)\]: .*evidence-3-6-3/m.exec(second.md?.toString("utf8") ?? "");
      assert.ok(newNote, "edition 2's report cites the new evidence");
      assert.match(
        second.page?.toString("utf8") ?? "",
        new RegExp(
          `<li id="src-${newNote[1]}" value="${newNote[1]}">[^<]*<a href="https://example.org/evidence-3-6-3"`,
        ),
      );
      assert.equal(
        agreesWithReport(second.page?.toString("utf8") ?? "", second.md?.toString("utf8") ?? ""),
        1,
      );

      // Edition 1 is still served at its address, as it was.
      const old = await get(`${API}/editions/1/export?format=md&lang=en`);
      assert.ok(old.rawPayload.equals(first.md as Buffer), "edition 1's Markdown, byte-identical");
      const oldDocx = await get(`${API}/editions/1/export?format=docx&lang=en`);
      assert.ok(oldDocx.rawPayload.equals(first.docx as Buffer), "edition 1's DOCX");
      const oldPortal = await get("/gealc/2023/editions/1/report.en.md");
      assert.ok(oldPortal.rawPayload.equals(first.portalMd as Buffer), "the portal's edition 1");
      assert.equal(footnote42(oldPortal.body), note42);

      const both = JSON.parse((await get(`${API}/editions`)).body);
      assert.equal(both.length, 2);
      assert.equal(both[1].corrections, "3.6.3 was held in October; its evidence is added.");
      assert.ok(
        both[1].changes.some(
          (c: { kind: string; code?: string }) => c.kind === "activity" && c.code === "3.6.3",
        ),
        JSON.stringify(both[1].changes),
      );
      assert.doesNotMatch(JSON.stringify(both), /example\.org"|editor/i, "no editor is named");
    });

    test("/NET/YEAR/editions lists every edition, its corrections and changes, and its files", async () => {
      const [, second] = JSON.parse((await get(`${API}/editions`)).body);
      assert.ok(second, "edition 2 was published by the test before");
      const reports = (await get("/gealc/2023/reports?lang=en")).body;
      assert.match(reports, /href="\/gealc\/2023\/editions\?lang=en">Every edition of this report/);
      const res = await get("/gealc/2023/editions?lang=en");
      const body = res.body;
      assert.match(body, /<h2 id="ed-2-h">Edition 2<\/h2>[\s\S]*<h2 id="ed-1-h">Edition 1<\/h2>/);
      assert.match(body, /Data as of<\/dt><dd><time datetime="2023-11-21">/);
      assert.match(body, /XVII Assembly, [^<]*2023[^<]*, Santo Domingo/);
      assert.match(body, /3\.6\.3 was held in October; its evidence is added\./);
      assert.match(body, /<li>Activity 3\.6\.3: [^<]*Status/);
      for (const n of [1, 2]) {
        for (const f of ["md", "docx", "pdf", "html"]) {
          assert.match(body, new RegExp(`href="/gealc/2023/editions/${n}/report\\.en\\.${f}"`));
        }
      }
      // Edition 1 has neither corrections nor changes.
      const one = body.split('id="edition-1"')[1] ?? "";
      assert.doesNotMatch(one, /Corrections|What changed/);
      assert.doesNotMatch(body, /@example\.org|>editor<|>Admin</, "no editor is named");
      // Its links serve the edition's files.
      const md = await get("/gealc/2023/editions/1/report.en.md");
      assert.ok(md.rawPayload.length > 0);
      assert.match(
        (await get("/gealc/2023/editions?lang=es")).body,
        /Edición 2[\s\S]*Correcciones/,
      );
      assert.match((await get("/gealc/2023/editions?lang=pt")).body, /Edição 2[\s\S]*Correções/);
    });
  });

  describe(`report editions before publication [${dialect}]`, () => {
    test("/NET/YEAR/editions is not found until the report is published", async () => {
      const { handle, cleanup } = await openTestDb(dialect);
      try {
        const { admin } = await seed(handle.db, example());
        const app = await buildServer({
          config: testConfig(),
          db: handle.db,
          clock: () => new Date(),
        });
        const url = "/gealc/2023/editions?lang=en";
        assert.equal((await app.inject(url)).statusCode, 404, "a draft plan");
        await approveAtAssembly(admin);
        assert.equal((await app.inject("/gealc/2023?lang=en")).statusCode, 200);
        assert.equal((await app.inject(url)).statusCode, 404, "an approved plan, no report");
        await app.close();
      } finally {
        await handle.close();
        await cleanup();
      }
    });
  });
}
