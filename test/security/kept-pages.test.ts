/**
 * Security suite: the pages published editions keep in the database (app/public-pages.ts)
 * are served to every anonymous reader after, until the next build or edition: a request
 * must not be able to leave anything of its own in one (cache poisoning), and no page of a
 * plan the public may not read is ever kept.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { gunzipSync } from "node:zlib";
import { seed, testConfig } from "../../src/http/testing.ts";
import { buildServer } from "../../src/server/build-server.ts";
import { openTestDb, testDialects } from "../helpers/db.ts";
import { approveAtAssembly, publishFirstEdition } from "../helpers/lifecycle.ts";
import { smallPlan } from "../helpers/plans.ts";

const HOSTILE = "evil.example";

for (const dialect of testDialects()) {
  describe(`security: kept pages [${dialect}]`, () => {
    test("a kept page holds nothing of the request that first asked for it", async () => {
      const { handle, cleanup } = await openTestDb(dialect);
      const { admin } = await seed(handle.db, smallPlan());
      const config = testConfig();
      const start = () => buildServer({ config, db: handle.db, clock: () => new Date() });
      let app = await start();
      try {
        // A draft: nothing kept, whoever asks.
        const draft = await app.inject({ url: "/gealc/2023?lang=es" });
        assert.equal(draft.statusCode, 404);
        await approveAtAssembly(admin);
        // Approved, unpublished: the public reads the approved plan; still nothing kept.
        assert.equal((await app.inject({ url: "/gealc/2023?lang=es" })).statusCode, 200);
        const none = await handle.db.selectFrom("public_pages").select("lang").execute();
        assert.deepEqual(none, []);
        await publishFirstEdition(admin);

        await app.close();
        app = await start();
        const hostile = await app.inject({
          url: `/gealc/2023?lang=es&q=<script>alert(1)</script>&lang2=${HOSTILE}`,
          headers: {
            host: HOSTILE,
            "x-forwarded-host": HOSTILE,
            "x-forwarded-proto": "gopher",
            "accept-language": `pt;q=1, ${HOSTILE}`,
            cookie: `workplan_session=${HOSTILE}; other=<b>x</b>`,
            referer: `https://${HOSTILE}/`,
            "user-agent": `<script>${HOSTILE}</script>`,
          },
        });
        assert.equal(hostile.statusCode, 200);
        const row = await handle.db
          .selectFrom("public_pages")
          .select("body")
          .where("lang", "=", "es")
          .executeTakeFirstOrThrow();
        const kept = gunzipSync(Buffer.from(row.body)).toString("utf8");
        assert.doesNotMatch(kept, new RegExp(`${HOSTILE}|<script>|gopher`));

        // The same page asked plainly, on a fresh server with nothing kept: the same bytes.
        await handle.db.deleteFrom("public_pages").execute();
        await app.close();
        app = await start();
        const plain = await app.inject({ url: "/gealc/2023?lang=es" });
        assert.equal(plain.body, kept);
      } finally {
        await app.close();
        await handle.close();
        await cleanup();
      }
    });
  });
}
