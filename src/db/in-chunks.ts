/** Ids per `in (…)` at most: well within both databases' parameter limits. */
const IN_CHUNK = 1000;

/**
 * The rows `query` gives for `ids`, asked `size` ids (default IN_CHUNK) at a time (none for
 * no ids).
 */
export async function inChunks<I, T>(
  ids: readonly I[],
  query: (part: I[]) => Promise<T[]>,
  size = IN_CHUNK,
): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += size) {
    out.push(...(await query(ids.slice(i, i + size))));
  }
  return out;
}
