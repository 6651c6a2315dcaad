import assert from "node:assert/strict";
import { once } from "node:events";
import { it } from "node:test";
import { sql } from "kysely";
import pg from "pg";
import { forEachDialect } from "../../test/helpers/db.ts";

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
