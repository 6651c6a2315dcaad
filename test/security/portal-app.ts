import type { Dialect } from "../../src/db/create-db.ts";
import { seed, type TestApp, testConfig } from "../../src/http/testing.ts";
import type { Mailer } from "../../src/mail/transport.ts";
import { buildServer } from "../../src/server/build-server.ts";
import { openTestDb } from "../helpers/db.ts";
import { smallPlan } from "../helpers/plans.ts";

/**
 * The API and the portal on a fresh database of `dialect`, seeded as openTestApp seeds
 * (the small plan as a draft, users of each role with tokens), on `clock`.
 */
export async function openPortalApp(
  dialect: Dialect,
  opts: { clock?: () => Date; mailer?: Mailer; publicUrl?: string } = {},
): Promise<TestApp> {
  const { handle, cleanup } = await openTestDb(dialect);
  const db = handle.db;
  const clock = opts.clock ?? (() => new Date());
  const { tokens, admin } = await seed(db, smallPlan());
  const config = testConfig(opts.publicUrl ? { publicUrl: opts.publicUrl } : {});
  const app = await buildServer({
    config,
    db,
    clock,
    publicFreshnessMs: 0,
    ...(opts.mailer ? { mailer: opts.mailer } : {}),
  });
  return {
    app,
    db,
    dialect,
    tokens,
    admin: { ...admin, clock },
    inject: ({ as, ...o }) =>
      app.inject({
        ...o,
        headers: { ...(as ? { authorization: `Bearer ${tokens[as]}` } : {}), ...o.headers },
      }),
    async close() {
      await app.close();
      await handle.close();
      await cleanup();
    },
  };
}
