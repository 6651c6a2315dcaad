import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import pg from "pg";
import { openTestDb } from "../../test/helpers/db.ts";
import { smallPlan } from "../../test/helpers/plans.ts";
import { createApiToken } from "../app/create-api-token.ts";
import { createFirstAdmin, createUser } from "../app/create-user.ts";
import { type Deps, silentLog } from "../app/deps.ts";
import { importReport } from "../app/import-report.ts";
import { setCoordinatorAreas } from "../app/set-coordinator-areas.ts";
import { loadConfig } from "../config.ts";
import type { PlanDocument } from "../core/plan.ts";
import type { Role } from "../core/policies.ts";
import type { Db, Dialect } from "../db/create-db.ts";
import { insertUser } from "../db/user.repository.ts";
import { type AppOptions, buildApp } from "./app.ts";

export type Tokens = Record<Role | "coordinator2" | "netadmin", string>;

const now = () => new Date().toISOString();

export type TestApp = {
  app: FastifyInstance;
  db: Db;
  dialect: Dialect;
  tokens: Tokens;
  /** Deps acting as the admin, to arrange things without HTTP. */
  admin: Deps;
  inject(opts: InjectOptions & { as?: keyof Tokens }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
};

export const testConfig = (over: Partial<ReturnType<typeof loadConfig>> = {}) => ({
  ...loadConfig({ DATABASE_URL: ":memory:", LOAD_EXAMPLE: "0" }),
  bodyLimitBytes: 1024 * 1024,
  ...over,
});

/**
 * A fresh database of `dialect` with the small plan imported (as a draft), users of each
 * role with API tokens (the coordinator coordinates area 3.1, coordinator2 area 3.2), and
 * the app on it.
 */
export async function openTestApp(
  dialect: Dialect,
  opts: Partial<AppOptions> & { plan?: PlanDocument | null } = {},
): Promise<TestApp> {
  const { handle, cleanup } = await openTestDb(dialect);
  const db = handle.db;
  const clock = () => new Date();
  const { tokens, admin } = await seed(db, opts.plan === undefined ? smallPlan() : opts.plan);
  const logger = process.env.WORKPLAN_TEST_LOG ? { level: process.env.WORKPLAN_TEST_LOG } : false;
  const app = await buildApp({
    config: testConfig(),
    db,
    clock,
    logger,
    publicFreshnessMs: 0,
    ...opts,
  });
  return {
    app,
    db,
    dialect,
    tokens,
    admin,
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

/** Fills an empty database: users of each role with tokens, and `plan` (a draft) if given. */
export async function seed(
  db: Db,
  plan: PlanDocument | null,
): Promise<{ tokens: Tokens; admin: Deps }> {
  const clock = () => new Date();
  const first = await createFirstAdmin(
    { db, clock },
    { email: "admin@example.org", name: "Admin" },
  );
  const admin: Deps = {
    db,
    clock,
    actor: { userId: first.id, installAdmin: true, networks: {}, areaIds: [] },
    log: silentLog,
  };
  const tokens = { admin: (await createApiToken(admin, { name: "tests" })).token } as Tokens;
  if (plan) await importReport(admin, { document: plan });
  for (const role of ["netadmin", "editor", "coordinator", "coordinator2", "viewer"] as const) {
    const email = `${role}@example.org`;
    // Without a plan there is no network to have a role in: a member of none.
    const user = plan
      ? await createUser(admin, {
          email,
          name: role,
          role: role === "coordinator2" ? "coordinator" : role === "netadmin" ? "admin" : role,
          network: plan.network.slug,
        })
      : await insertUser(db, { email, name: role, role: "member", passwordHash: null }, now());
    tokens[role] = (await createApiToken(admin, { userId: user.id, name: "tests" })).token;
    if (plan && role.startsWith("coordinator")) {
      const code = role === "coordinator" ? "3.1" : "3.2";
      await setCoordinatorAreas(admin, {
        userId: user.id,
        areas: [{ network: plan.network.slug, year: plan.year, code }],
      });
    }
  }
  return { tokens, admin };
}

/** The JSON body of a response. */
// biome-ignore lint/suspicious/noExplicitAny: test convenience
export const body = (res: LightMyRequestResponse): any => JSON.parse(res.body);

/**
 * An empty database that several handles can open by URL (a SQLite file, or a PostgreSQL
 * database created on TEST_DATABASE_URL's server), and how to remove it afterwards.
 */
export async function sharedDatabase(
  dialect: Dialect,
): Promise<{ url: string; cleanup: () => Promise<void> }> {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "wp-http-"));
    return {
      url: join(dir, "shared.sqlite"),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error("TEST_DATABASE_URL is not set");
  const name = `wp_http_${randomBytes(6).toString("hex")}`;
  const run = async (sql: string) => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    cleanup: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
