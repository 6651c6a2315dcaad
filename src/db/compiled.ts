// Hot reads compiled by Kysely once and their SQL reused with new values (see insertAll in
// plan-document-write.repository.ts): building and compiling a query anew is a fifth of a
// public page's render-cache miss. On PostgreSQL they are also prepared once per connection.
import { type Compilable, CompiledQuery, type Kysely } from "kysely";
import type { DB } from "./schema.ts";

const texts = new Map<string, string>();
/** The name each text is prepared under on a PostgreSQL connection (see preparedName). */
const names = new Map<string, string>();

/**
 * The name a PostgreSQL connection prepares `text` under, when memoRows below made it
 * (undefined for any other statement, which is planned anew each time). Planning is half of
 * PostgreSQL's work for an indexed read: for a plan's head (findPlanHead) at a million
 * activities, 0.2 ms of its 0.4, against 0.06 ms of execution. A prepared statement is planned once per connection (and
 * again only when a table it reads changes), so these are named; their number is bounded by
 * the keys in the code, one statement each.
 */
export const preparedName = (text: string): string | undefined => names.get(text);

/**
 * The rows of the query `build` makes, whose parameters are exactly `params` in this order.
 * Its SQL is compiled once per dialect and `key`; a database with plugins (which may rewrite
 * or refuse a query) takes Kysely's builder every time. `build` must give the same SQL for
 * any values (no value changes the query's shape).
 */
export async function memoRows<R>(
  db: Kysely<DB>,
  key: string,
  params: readonly unknown[],
  build: () => Compilable<R>,
): Promise<R[]> {
  const executor = db.getExecutor();
  if (executor.plugins.length > 0) {
    return (await db.executeQuery(build().compile())).rows;
  }
  const k = `${executor.adapter.constructor.name}\u0000${key}`;
  let text = texts.get(k);
  if (text === undefined) {
    const compiled = build().compile();
    const same =
      compiled.parameters.length === params.length &&
      compiled.parameters.every((p, i) => p === params[i]);
    if (!same) throw new Error(`memoRows ${key}: parameters are not the ones given`);
    text = compiled.sql;
    texts.set(k, text);
    names.set(text, `wp_${names.size}_${key}`);
  }
  return (await db.executeQuery<R>(CompiledQuery.raw(text, [...params]))).rows;
}
