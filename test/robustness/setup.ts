import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { type KyselyPlugin, type RootOperationNode, TableNode } from "kysely";
import type { Deps } from "../../src/app/deps.ts";
import { LIMITS } from "../../src/core/limits.ts";
import type { PlanDocument } from "../../src/core/plan.ts";
import { createDb, type DbHandle, type Dialect } from "../../src/db/create-db.ts";
import { type AppOptions, buildApp } from "../../src/http/app.ts";
import { seed, sharedDatabase, type Tokens, testConfig } from "../../src/http/testing.ts";
import { buildServer } from "../../src/server/build-server.ts";
import { smallPlan } from "../helpers/plans.ts";

export const PLAN = "/api/v1/networks/gealc/plans/2023";

/** Apps on one database, each with a pool of its own (instances of a deployment). */
export type Instances = {
  url: string;
  dialect: Dialect;
  apps: FastifyInstance[];
  handles: DbHandle[];
  tokens: Tokens;
  admin: Deps;
  /** Injects into app `n` (default 0) as a role. */
  inject(
    opts: InjectOptions & { as?: keyof Tokens; app?: number },
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
};

/**
 * `count` apps on one fresh database with the small plan and users of every role. On SQLite
 * they share one handle: one process holds a SQLite file (better-sqlite3 waits for its lock
 * synchronously, so two handles in one process would wait on each other); on PostgreSQL
 * each has its own pool, as separate processes would.
 */
export async function openInstances(
  dialect: Dialect,
  count: number,
  opts: {
    plan?: PlanDocument | null;
    app?: Partial<AppOptions>;
    /** Between each app and its database (faults). */
    plugin?: KyselyPlugin;
    /** Serve the portal too. */
    portal?: boolean;
    /** How long a query may wait for a pooled connection (PostgreSQL; default 5000 ms). */
    poolWaitMs?: number;
  } = {},
): Promise<Instances> {
  const shared = await sharedDatabase(dialect);
  const db = { ...(opts.poolWaitMs ? { poolWaitMs: opts.poolWaitMs } : {}) };
  const handles: DbHandle[] = [await createDb(shared.url, db)];
  for (let i = 1; i < count && dialect === "postgres"; i++)
    handles.push(await createDb(shared.url, db));
  const first = handles[0] as DbHandle;
  const { tokens, admin } = await seed(first.db, opts.plan === undefined ? smallPlan() : opts.plan);
  const apps: FastifyInstance[] = [];
  for (let i = 0; i < count; i++) {
    const handle = handles[i] ?? first;
    const db = opts.plugin ? handle.db.withPlugin(opts.plugin) : handle.db;
    const config = testConfig({ bodyLimitBytes: LIMITS.request_body_bytes });
    const clock = () => new Date();
    const options = { config, db, clock, publicFreshnessMs: 0, ...opts.app };
    if (opts.portal && options.plugins) throw new Error("the portal takes no other plugins here");
    // The portal: the API and the portal as `workplan serve` assembles them.
    apps.push(await (opts.portal ? buildServer(options) : buildApp(options)));
  }
  return {
    url: shared.url,
    dialect,
    apps,
    handles,
    tokens,
    admin,
    inject: ({ as, app, ...o }) =>
      (apps[app ?? 0] as FastifyInstance).inject({
        ...o,
        headers: { ...(as ? { authorization: `Bearer ${tokens[as]}` } : {}), ...o.headers },
      }),
    async close() {
      for (const a of apps) await a.close();
      for (const h of handles) await h.close();
      await shared.cleanup();
    },
  };
}

/** A driver-like error with a code, as pg or better-sqlite3 would throw it. */
export function driverError(code: string, message = `simulated ${code}`): Error {
  return Object.assign(new Error(message), { code });
}

/**
 * A plugin failing the queries `fault` picks (by their operation node): a switchable
 * fault between the app and its database, the same on both dialects.
 */
export function faults(fault: (node: RootOperationNode) => Error | null): KyselyPlugin {
  return {
    transformQuery({ node }) {
      const e = fault(node);
      if (e) throw e;
      return node;
    },
    async transformResult({ result }) {
      return result;
    },
  };
}

/** The table an UPDATE or INSERT node writes, else null. */
export function writtenTable(node: RootOperationNode): string | null {
  if (node.kind === "UpdateQueryNode") {
    const t = node.table;
    return t && TableNode.is(t) ? t.table.identifier.name : null;
  }
  if (node.kind === "InsertQueryNode") return node.into?.table.identifier.name ?? null;
  return null;
}

export const json = (payload: unknown, headers: Record<string, string> = {}) => ({
  payload: JSON.stringify(payload),
  headers: { "content-type": "application/json", ...headers },
});

/** How many of the responses had each status, e.g. { 200: 1, 412: 49 }. */
export function statuses(responses: LightMyRequestResponse[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const r of responses) out[r.statusCode] = (out[r.statusCode] ?? 0) + 1;
  return out;
}
