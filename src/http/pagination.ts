/**
 * Pages of the API's lists: `limit` (default 50, at most 500) and an opaque `cursor`, the
 * base64url of the next position, the list it belongs to (its name and filters) and the
 * version the list was read at, sealed with an HMAC-SHA256 (key: CURSOR_SECRET). A cursor
 * whose seal does not hold, or that belongs to another list, is a 400; one made at an
 * older version of what is listed is a 412 (restart the listing). The next page is named
 * by a `Link: <…>; rel="next"` header (RFC 8288) and by `next` in the body.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { AppError } from "../core/errors.ts";

export const PAGE_DEFAULT = 50;
export const PAGE_MAX = 500;

/** The query of a paginated list. */
export const PageQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(PAGE_MAX, `at most ${PAGE_MAX} items a page (limit's maximum)`)
    .default(PAGE_DEFAULT)
    .describe(`Items a page: default ${PAGE_DEFAULT}, at most ${PAGE_MAX} (more is a 400)`),
  cursor: z
    .string()
    .max(1000)
    .optional()
    .describe(
      "Where to go on: the `next` of the page before (opaque). A cursor made before the list changed answers 412: start again without one.",
    ),
});

/** What a paginated list adds to its answer. */
export const NextField = z
  .string()
  .nullable()
  .describe("The URL of the next page (also in the Link header, rel=next); null on the last page");

/** Says in an operation's description how its pages work. */
export const PAGINATION_NOTE = `Paginated: \`limit\` (default ${PAGE_DEFAULT}, at most ${PAGE_MAX}) items a page, in a stable order; \`next\` in the body and a \`Link: <…>; rel="next"\` header name the next page (absent on the last). Without \`limit\` or \`cursor\` the first page comes back in the same shape as before pagination, plus \`next\`. A cursor is bound to the version the list was read at: after a change it answers 412 (restart the listing); a forged or altered one 400.`;

const DEFAULT_KEY = "workplan list cursors v1";

type Sealed = {
  /** The list: its name and filters, so a cursor is good for that list only. */
  l: string;
  /** The version of what is listed when the cursor was made. */
  v: string;
  /** The position of the next item. */
  o: number;
};

const mac = (key: string, payload: string) =>
  createHmac("sha256", key).update(payload).digest().subarray(0, 16);

function seal(key: string, s: Sealed): string {
  const payload = Buffer.from(JSON.stringify(s));
  return `${payload.toString("base64url")}.${mac(key, payload.toString("utf8")).toString("base64url")}`;
}

const badCursor = (why: string) =>
  new AppError("invalid_input", `The cursor is not valid: ${why}.`, [
    {
      path: "cursor",
      message: `${why}; give the \`next\` of the page before as it was, or no cursor to start again`,
    },
  ]);

function unseal(key: string, cursor: string): Sealed {
  const [payload, tag, extra] = cursor.split(".");
  if (!payload || !tag || extra !== undefined) throw badCursor("it is not one this API made");
  const body = Buffer.from(payload, "base64url");
  const expected = mac(key, body.toString("utf8"));
  const given = Buffer.from(tag, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw badCursor("it is not one this API made, or it was altered");
  }
  let s: Sealed;
  try {
    s = JSON.parse(body.toString("utf8")) as Sealed;
  } catch {
    throw badCursor("it is not one this API made");
  }
  if (
    s === null ||
    typeof s !== "object" ||
    typeof s.l !== "string" ||
    typeof s.v !== "string" ||
    !Number.isInteger(s.o) ||
    s.o < 0
  ) {
    throw badCursor("it is not one this API made");
  }
  return s;
}

/** A short, stable fingerprint of what a list shows: for lists without a version of their own. */
export const fingerprint = (value: unknown) =>
  createHash("sha256").update(JSON.stringify(value)).digest("base64url").slice(0, 22);

export type PageOf<T> = { items: T[]; next: string | null };

/**
 * The page of `items` (the whole list as read at `version`) the request asks for; sets
 * the Link header of the next page. `filters` are the list's query parameters that change
 * what it holds (kept in the next page's URL and bound into its cursor).
 */
export function pageOf<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  secret: string | null,
  list: { name: string; version: string; filters?: Record<string, string | undefined> },
  items: readonly T[],
): PageOf<T> {
  const { limit, cursor } = request.query as z.infer<typeof PageQuery>;
  const key = secret ?? DEFAULT_KEY;
  const filters = Object.entries(list.filters ?? {}).filter(
    (e): e is [string, string] => e[1] !== undefined,
  );
  const listId = `${list.name}?${new URLSearchParams(filters.sort()).toString()}`;
  let from = 0;
  if (cursor !== undefined) {
    const s = unseal(key, cursor);
    if (s.l !== listId) throw badCursor("it belongs to another list or other filters");
    if (s.v !== list.version) {
      throw new AppError(
        "precondition_failed",
        "The list changed since this cursor was made: start the listing again, without a cursor.",
        [{ path: "cursor", message: "made at an older version of the list; restart the listing" }],
      );
    }
    if (s.o > items.length) throw badCursor("it points past the end of the list");
    from = s.o;
  }
  const to = Math.min(items.length, from + limit);
  let next: string | null = null;
  if (to < items.length) {
    const query = new URLSearchParams(
      Object.entries(request.query as Record<string, unknown>).flatMap(([k, v]) =>
        v === undefined || k === "cursor" ? [] : [[k, String(v)] as [string, string]],
      ),
    );
    query.set("cursor", seal(key, { l: listId, v: list.version, o: to }));
    // The path as asked (valid, since it was routed), any odd character escaped for the header.
    const path = (request.url.split("?")[0] ?? "").replace(
      /[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/g,
      (c) => encodeURIComponent(c),
    );
    next = `${path}?${query.toString()}`;
    reply.header("link", `<${next}>; rel="next"`);
  }
  return { items: items.slice(from, to), next };
}
