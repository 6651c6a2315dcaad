/** Cache-Control values both edges send. */

/**
 * Anonymous API reads show only what is public (approved plans, published reports), so
 * any cache may keep them, for a minute: a write or an approval reaches every reader
 * within that, and the ETag makes a stale copy's revalidation a cheap 304.
 */
export const PUBLIC_READ = "public, max-age=60";
/** What a signed-in caller is sent is theirs alone and may hold drafts: never stored. */
export const PRIVATE = "private, no-store";
/**
 * Anonymous portal pages: public documents any proxy may keep a minute and serve stale for
 * five more while it revalidates (with the page's ETag, a cheap 304).
 */
export const PUBLIC_PAGE = "public, max-age=60, stale-while-revalidate=300";
