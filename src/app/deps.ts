import type { Actor } from "../core/policies.ts";
import type { Db } from "../db/create-db.ts";

/** The subset of a pino/Fastify logger the use cases use. */
export type Log = {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
};

/** What every use case is given: no globals. `actor` null is an anonymous caller. */
export type Deps = {
  db: Db;
  clock: () => Date;
  actor: Actor | null;
  log: Log;
  /**
   * A creating request's Idempotency-Key and a digest of the request: such a write runs
   * once per key (see idempotent.ts). Absent for everything else.
   */
  idempotency?: { key: string; request: string } | undefined;
};

/** A logger that drops everything (tests, scripts). */
export const silentLog: Log = { info() {}, warn() {}, error() {} };
