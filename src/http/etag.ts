import { createHash } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../core/errors.ts";

/*
 * ETags (all weak: one version has several representations, e.g. languages).
 *
 *  - W/"<planId>.r<revision>": a plan's document and reports, and every part read from
 *    the document (an activity, an area, a source). Any change anywhere in the plan bumps
 *    its revision. Redacted views (the plan without its unpublished execution) add ".p",
 *    so a client that signs in does not keep the redacted copy.
 *  - W/"<editionId>.e<number>": edition N of a published report, which anonymous readers
 *    get: it never changes, so caches key on it. It names no version a write could expect,
 *    so as If-Match it always fails (412).
 *  - W/"<planId>.a<number>": the approved plan as frozen (at approval and at each recorded
 *    amendment), which anonymous readers get before the report's first edition; like an
 *    edition's, never accepted as If-Match.
 *  - W/"<rowId>.v<version>": one stored thing (the plan's own fields, an area, an
 *    activity, a source) as a write answers it; its version moves only when it changes.
 *  - lists carry a hash of their bytes.
 *
 * If-Match on a write means "only if it is still what I read", checked in the write's own
 * transaction by one conditional statement (never read first and compared after):
 *  - a row's own tag matches while that row's version is unchanged (`UPDATE … WHERE
 *    version = n`): changes elsewhere in the plan do not matter;
 *  - a plan document's tag matches while the plan's revision is unchanged (`UPDATE plans
 *    … WHERE revision = n`, the write's first statement): any change anywhere in the plan
 *    since makes it stale;
 *  - `*` or no If-Match: the write applies to the current version (last writer wins).
 * Several tags: the first that names this row or its plan counts. A tag naming neither
 * is stale. RFC 9110 asks If-Match to compare strongly; we compare the version a tag
 * names instead, which is what a client means.
 */

export const planEtag = (planId: string, revision: number, redacted = false) =>
  `W/"${planId}.r${revision}${redacted ? ".p" : ""}"`;

export const editionEtag = (editionId: string, number: number) => `W/"${editionId}.e${number}"`;

export const approvedEtag = (planId: string, number: number) => `W/"${planId}.a${number}"`;

export const rowEtag = (rowId: string, version: number) => `W/"${rowId}.v${version}"`;

/** An ETag for a response that has no version of its own: a hash of its bytes. */
export function hashEtag(body: string | Uint8Array): string {
  return `W/"h${createHash("sha1").update(body).digest("base64url").slice(0, 22)}"`;
}

const opaque = (tag: string) => tag.trim().replace(/^W\//, "");

function listed(header: string | string[] | undefined): string[] | null {
  if (header === undefined) return null;
  const text = Array.isArray(header) ? header.join(",") : header;
  const tags = text
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
  return tags.length > 0 ? tags : null;
}

/** Weak comparison of a conditional header against a current tag (`*` matches anything). */
export function matches(header: string | string[] | undefined, current: string): boolean {
  const tags = listed(header);
  if (!tags) return false;
  const want = opaque(current);
  return tags.some((t) => t === "*" || opaque(t) === want);
}

/**
 * Sets the ETag and, when the client's If-None-Match already has it, answers 304.
 * Returns true when the reply has been sent.
 */
export function answerNotModified(
  request: FastifyRequest,
  reply: FastifyReply,
  etag: string,
): boolean {
  reply.header("etag", etag);
  if (matches(request.headers["if-none-match"], etag)) {
    reply.code(304).send();
    return true;
  }
  return false;
}

/** What an If-Match asks of a write, for its use case: a row's version or the plan's revision. */
export type Expectation = { expectedVersion?: number; expectedRevision?: number };

/** The tags of an If-Match that asks something (null: absent or `*`). */
export function ifMatchTags(request: FastifyRequest): string[] | null {
  const tags = listed(request.headers["if-match"]);
  return !tags || tags.includes("*") ? null : tags;
}

/**
 * What the If-Match tags ask of a write to `rowId` in plan `planId` (ids are stable, so
 * they may be read before the write's transaction); a tag naming neither is stale (412).
 */
export function expectationOf(
  tags: string[],
  current: { rowId: string; planId: string },
): Expectation {
  for (const t of tags) {
    const m = /^"([^".]+)\.([vr])(\d+)(?:\.p)?"$/.exec(opaque(t));
    if (!m) continue;
    const [, id, kind, n] = m;
    if (kind === "v" && id === current.rowId) return { expectedVersion: Number(n) };
    if (kind === "r" && id === current.planId) return { expectedRevision: Number(n) };
  }
  throw stale();
}

export const stale = () =>
  new AppError(
    "precondition_failed",
    "It changed since you read it: If-Match does not name its current version. Read it again and retry.",
  );
