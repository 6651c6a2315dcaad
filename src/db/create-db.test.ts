import assert from "node:assert/strict";
import { once } from "node:events";
import { it } from "node:test";
import { sql } from "kysely";
import pg from "pg";
import { forEachDialect } from "../../test/helpers/db.ts";
import { findNetwork, insertNetwork } from "./network.repository.ts";

forEachDialect("createDb", (t) => {
  it("reuses prepared statements and still answers fresh values", async () => {
    for (const n of [1, 2, 3]) {
      const r = await sql<{ n: number }>`select ${n} as n`.execute(t.db);
      assert.equal(Number(r.rows[0]?.n), n);
    }
  });

  it("survives an idle connection cut by the server (the next query reconnects)", async (c) => {
    if (t.dialect !== "postgres") return c.skip("PostgreSQL only");
    const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(t.db)).rows[0]
      ?.pid;
    assert.ok(pid, "a backend pid");
    const warned = once(process, "warning");
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    try {
      await admin.query("select pg_terminate_backend($1)", [pid]);
    } finally {
      await admin.end();
    }
    const [warning] = (await warned) as [Error];
    assert.match(warning.message, /PostgreSQL connection lost while idle/);
    const r = await sql<{ ok: number }>`select 1 as ok`.execute(t.db);
    assert.equal(Number(r.rows[0]?.ok), 1);
  });
});

forEachDialect("createDb's hot reads", (t) => {
  const preparedOn = async (one: typeof t.db) =>
    (
      await sql<{ name: string }>`select name from pg_prepared_statements order by name`.execute(
        one,
      )
    ).rows.map((r) => r.name);

  it("are planned once per PostgreSQL connection: prepared under their names, others not", async (c) => {
    if (t.dialect !== "postgres") return c.skip("PostgreSQL only");
    await t.db.connection().execute(async (one) => {
      for (let i = 0; i < 3; i++) assert.equal(await findNetwork(one, "nowhere"), null);
      await one.selectFrom("plans").select("id").where("year", "=", 1999).execute();
      const names = await preparedOn(one);
      assert.equal(names.filter((n) => n.endsWith("_findNetwork")).length, 1, names.join());
      assert.ok(
        names.every((n) => n.startsWith("wp_")),
        `only the hot reads: ${names.join()}`,
      );
    });
  });

  it("answer after another instance's migration changed a prepared read's columns", async (c) => {
    if (t.dialect !== "postgres") return c.skip("PostgreSQL only");
    await insertNetwork(t.db, { slug: "redgealc", name: "Red GEALC" }, new Date().toISOString());
    await t.db.connection().execute(async (one) => {
      assert.equal((await findNetwork(one, "redgealc"))?.name, "Red GEALC");
      // What a newer release's migration may do while this server runs.
      await sql`alter table networks add column added_later text`.execute(t.db);
      try {
        for (let i = 0; i < 2; i++) {
          assert.equal((await findNetwork(one, "redgealc"))?.name, "Red GEALC");
        }
      } finally {
        await sql`alter table networks drop column added_later`.execute(t.db);
      }
    });
  });
});
