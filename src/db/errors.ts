/**
 * Whether a driver error is a unique-constraint violation (a row that exists already).
 * The one place that knows both drivers' error shapes.
 */
export function isUniqueViolation(e: unknown): boolean {
  if (typeof e !== "object" || e === null) return false;
  const code = (e as { code?: unknown }).code;
  // pg: SQLSTATE 23505; better-sqlite3: SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY.
  return (
    code === "23505" ||
    code === "SQLITE_CONSTRAINT_UNIQUE" ||
    code === "SQLITE_CONSTRAINT_PRIMARYKEY"
  );
}

const codeOf = (e: unknown): unknown =>
  typeof e === "object" && e !== null ? (e as { code?: unknown }).code : undefined;

/**
 * Whether a transaction lost a race it may win if run again from the start: a PostgreSQL
 * serialization failure (40001) or deadlock (40P01), or SQLite busy past its timeout.
 */
export function isSerializationFailure(e: unknown): boolean {
  const code = codeOf(e);
  return (
    code === "40001" ||
    code === "40P01" ||
    code === "SQLITE_BUSY" ||
    code === "SQLITE_BUSY_SNAPSHOT" ||
    code === "SQLITE_LOCKED"
  );
}

const CONNECTION_MESSAGES = [
  "Connection terminated",
  "not queryable",
  "timeout exceeded when trying to connect",
  "Client was closed and is not queryable",
  "Cannot use a pool after calling end",
];

/**
 * Whether the database could not be reached or the connection broke mid-query: the server
 * shut down or terminated our backend (57P01–57P03), a connection failure (class 08), or
 * the socket refused, reset or timed out. Nothing about the request itself was wrong.
 */
export function isConnectionFailure(e: unknown): boolean {
  const code = codeOf(e);
  if (typeof code === "string") {
    if (/^(57P0[123]|08\d\d\d)$/.test(code)) return true;
    if (
      ["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN"].includes(code)
    )
      return true;
  }
  const message = e instanceof Error ? e.message : "";
  return CONNECTION_MESSAGES.some((m) => message.includes(m));
}
