import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { Migrator, sql } from "kysely";
import { openTestDb, testDialects } from "../../../test/helpers/db.ts";
import { MIGRATIONS, migrateTo } from "../migrate.ts";

// The migration keeps every wording and citation while it rebuilds the two tables' keys.
for (const dialect of testDialects()) {
  describe(`0014-compact-texts [${dialect}]`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    after(async () => {
      for (const c of cleanups) await c();
    });

    it("moves texts and citations to keys led by plan_id, without the old indexes", async () => {
      const t = await openTestDb(dialect, { migrate: false });
      cleanups.push(async () => {
        await t.handle.close();
        await t.cleanup();
      });
      // biome-ignore lint/suspicious/noExplicitAny: the schema as it was before 0014
      const db = t.handle.db as any;
      await migrateTo(db, "0012-audit-plan");
      const now = "2023-01-01T00:00:00Z";
      const plain = { version: 1, created_at: now, updated_at: now };
      await db
        .insertInto("networks")
        .values({ id: "n1", slug: "net", name: "Net", ...plain })
        .execute();
      for (const p of ["p1", "p2"]) {
        await db
          .insertInto("plans")
          .values({
            id: p,
            network_id: "n1",
            year: p === "p1" ? 2023 : 2024,
            language: "en",
            original_language: "en",
            ...plain,
          })
          .execute();
        await db
          .insertInto("sources")
          .values({ id: `s-${p}`, plan_id: p, number: 1, url: null, ...plain })
          .execute();
      }
      const texts = [
        {
          plan_id: "p1",
          owner_kind: "plan",
          owner_id: "p1",
          field: "title",
          lang: "en",
          value: "One",
        },
        {
          plan_id: "p1",
          owner_kind: "plan",
          owner_id: "p1",
          field: "title",
          lang: "es",
          value: "Uno",
        },
        {
          plan_id: "p2",
          owner_kind: "activity",
          owner_id: "a9",
          field: "title",
          lang: "en",
          value: "Two [^1]",
        },
      ];
      const citations = [
        { plan_id: "p1", owner_kind: "activity", owner_id: "a1", position: 0, source_id: "s-p1" },
        { plan_id: "p2", owner_kind: "status", owner_id: "a9", position: 0, source_id: "s-p2" },
      ];
      await db.insertInto("texts").values(texts).execute();
      await db.insertInto("citations").values(citations).execute();

      await migrateTo(db, "0014-compact-texts");

      const order = (r: Record<string, unknown>) => JSON.stringify(r);
      const gotTexts = await db.selectFrom("texts").selectAll().execute();
      assert.deepEqual(gotTexts.map(order).sort(), texts.map(order).sort());
      const gotCitations = await db.selectFrom("citations").selectAll().execute();
      assert.deepEqual(
        gotCitations
          .map((r: Record<string, unknown>) => order({ ...r, position: Number(r.position) }))
          .sort(),
        citations.map(order).sort(),
      );
      // The new key: a second wording of the same owner, field and language in the same plan is refused.
      await assert.rejects(db.insertInto("texts").values(texts[0]).execute());
      // Deleting a plan takes its texts and citations (by the key's plan_id).
      await db.deleteFrom("plans").where("id", "=", "p1").execute();
      const left = await db.selectFrom("texts").select("plan_id").execute();
      assert.deepEqual(
        left.map((r: { plan_id: string }) => r.plan_id),
        ["p2"],
      );
      const leftCitations = await db.selectFrom("citations").select("plan_id").execute();
      assert.deepEqual(
        leftCitations.map((r: { plan_id: string }) => r.plan_id),
        ["p2"],
      );
      // No index besides the key remains on either table.
      const indexes =
        dialect === "sqlite"
          ? await sql<{
              name: string;
            }>`select name from sqlite_master where type = 'index' and tbl_name in ('texts', 'citations')`.execute(
              db,
            )
          : await sql<{
              name: string;
            }>`select indexname as name from pg_indexes where tablename in ('texts', 'citations') and indexname not like '%_pk'`.execute(
              db,
            );
      assert.deepEqual(indexes.rows, []);

      // And back: the keys and indexes of 0001, every row kept.
      const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
      assert.equal((await migrator.migrateTo("0012-audit-plan")).error, undefined);
      const back = await db.selectFrom("texts").selectAll().execute();
      assert.deepEqual(back.map(order), [order(texts[2] ?? {})]);
      const backIndexes =
        dialect === "sqlite"
          ? await sql<{
              name: string;
            }>`select name from sqlite_master where type = 'index' and name in ('texts_plan_lang_idx', 'citations_plan_idx', 'citations_source_idx')`.execute(
              db,
            )
          : await sql<{
              name: string;
            }>`select indexname as name from pg_indexes where indexname in ('texts_plan_lang_idx', 'citations_plan_idx', 'citations_source_idx')`.execute(
              db,
            );
      assert.equal(backIndexes.rows.length, 3);
    });
  });
}
