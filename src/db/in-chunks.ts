/** Ids per `in (…)` at most: well within both databases' parameter limits. */
const IN_CHUNK = 1000;

/** The rows `query` gives for `ids`, asked IN_CHUNK ids at a time (none for no ids). */
export async function inChunks<T>(
  ids: readonly string[],
  query: (part: string[]) => Promise<T[]>,
): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += IN_CHUNK) {
    out.push(...(await query(ids.slice(i, i + IN_CHUNK))));
  }
  return out;
}
