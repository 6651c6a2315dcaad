import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { Migrator } from "kysely";
import { openTestDb, testDialects } from "../../../test/helpers/db.ts";
import { loadCitations } from "../citations.ts";
import { MIGRATIONS, migrateTo } from "../migrate.ts";
import { loadTexts } from "../texts.ts";

// The migration keeps every wording and citation while it folds them into documents, and
// its down unfolds them into the rows of 0014.
for (const dialect of testDialects()) {
  describe(`0015-text-documents [${dialect}]`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    after(async () => {
      for (const c of cleanups) await c();
    });

    it("folds texts and citations into one document per plan and owner kind, and back", async () => {
      const t = await openTestDb(dialect, { migrate: false });
      cleanups.push(async () => {
        await t.handle.close();
        await t.cleanup();
      });
      // biome-ignore lint/suspicious/noExplicitAny: the schema as it was before 0015
      const db = t.handle.db as any;
      await migrateTo(db, "0014-compact-texts");
      const now = "2023-01-01T00:00:00Z";
      const plain = { version: 1, created_at: now, updated_at: now };
      await db
        .insertInto("networks")
        .values({ id: "n1", slug: "net", name: "Net", ...plain })
        .execute();
      for (const p of ["p1", "p2", "p3"]) {
        await db
          .insertInto("plans")
          .values({
            id: p,
            network_id: "n1",
            year: Number(p.slice(1)) + 2020,
            language: "en",
            original_language: "en",
            ...plain,
          })
          .execute();
        for (const n of [1, 2]) {
          await db
            .insertInto("sources")
            .values({ id: `s${n}-${p}`, plan_id: p, number: n, url: null, ...plain })
            .execute();
        }
      }
      const text = (plan_id: string, owner_kind: string, owner_id: string, field: string) =>
        ["en", "es"].map((lang) => ({
          plan_id,
          owner_kind,
          owner_id,
          field,
          lang,
          value: `${owner_id} ${field} ${lang} «ñ» [^1]`,
        }));
      const texts = [
        ...text("p1", "plan", "p1", "title"),
        ...text("p1", "plan", "p1", "distribution"),
        ...text("p1", "activity", "a1", "title"),
        ...text("p1", "activity", "a1", "status_note"),
        ...text("p1", "activity", "a2", "title"),
        ...text("p1", "occurrence", "o1", "when"),
        ...text("p2", "activity", "a9", "title"),
      ];
      const citations = [
        { plan_id: "p1", owner_kind: "activity", owner_id: "a1", position: 0, source_id: "s2-p1" },
        { plan_id: "p1", owner_kind: "activity", owner_id: "a1", position: 1, source_id: "s1-p1" },
        { plan_id: "p1", owner_kind: "status", owner_id: "a1", position: 0, source_id: "s1-p1" },
        {
          plan_id: "p1",
          owner_kind: "occurrence",
          owner_id: "o1",
          position: 0,
          source_id: "s2-p1",
        },
        { plan_id: "p2", owner_kind: "activity", owner_id: "a9", position: 0, source_id: "s1-p2" },
      ];
      await db.insertInto("texts").values(texts).execute();
      await db.insertInto("citations").values(citations).execute();

      assert.deepEqual(await migrateTo(db, "0015-text-documents"), ["0015-text-documents"]);

      // One row per plan, owner kind and language; one per plan and owner kind.
      const rows = await db
        .selectFrom("texts")
        .select(["plan_id", "owner_kind", "lang"])
        .orderBy("plan_id")
        .orderBy("owner_kind")
        .orderBy("lang")
        .execute();
      assert.deepEqual(
        rows.map((r: Record<string, string>) => `${r.plan_id} ${r.owner_kind} ${r.lang}`),
        [
          "p1 activity en",
          "p1 activity es",
          "p1 occurrence en",
          "p1 occurrence es",
          "p1 plan en",
          "p1 plan es",
          "p2 activity en",
          "p2 activity es",
        ],
      );
      const lists = await db.selectFrom("citations").select(["plan_id", "owner_kind"]).execute();
      assert.equal(lists.length, 4);
      // Today's readers find every wording and every list, in order.
      for (const lang of ["en", "es"]) {
        for (const p of ["p1", "p2", "p3"]) {
          const bag = await loadTexts(db, p, [lang]);
          for (const r of texts.filter((x) => x.plan_id === p && x.lang === lang)) {
            assert.equal(bag.exact(r.owner_kind as never, r.owner_id, r.field), r.value);
          }
        }
      }
      const p1 = await loadCitations(db, "p1");
      assert.deepEqual(p1.get("activity", "a1"), [2, 1]);
      assert.deepEqual(p1.get("status", "a1"), [1]);
      assert.deepEqual(p1.get("occurrence", "o1"), [2]);
      assert.deepEqual(p1.get("activity", "a2"), []);
      assert.deepEqual((await loadCitations(db, "p2")).get("activity", "a9"), [1]);
      // Deleting a plan takes its documents.
      await db.deleteFrom("plans").where("id", "=", "p2").execute();
      const left = await db.selectFrom("texts").select("plan_id").distinct().execute();
      assert.deepEqual(
        left.map((r: { plan_id: string }) => r.plan_id),
        ["p1"],
      );

      // And back: the rows of 0014, one per wording and per cited source.
      const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
      assert.equal((await migrator.migrateTo("0014-compact-texts")).error, undefined);
      const order = (r: Record<string, unknown>) => JSON.stringify(r);
      const backTexts = await db
        .selectFrom("texts")
        .select(["plan_id", "owner_kind", "owner_id", "field", "lang", "value"])
        .execute();
      assert.deepEqual(
        backTexts.map(order).sort(),
        texts
          .filter((r) => r.plan_id === "p1")
          .map(order)
          .sort(),
      );
      const backCitations = await db
        .selectFrom("citations")
        .select(["plan_id", "owner_kind", "owner_id", "position", "source_id"])
        .execute();
      assert.deepEqual(
        backCitations
          .map((r: Record<string, unknown>) => order({ ...r, position: Number(r.position) }))
          .sort(),
        citations
          .filter((r) => r.plan_id === "p1")
          .map(order)
          .sort(),
      );
      // The 0014 key is back: a second row for the same wording is refused.
      await assert.rejects(
        db
          .insertInto("texts")
          .values(texts[0] ?? {})
          .execute(),
      );
    });
  });
}
