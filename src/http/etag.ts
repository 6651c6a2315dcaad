import { createHash } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../core/errors.ts";

/*
 * ETags (all weak: one version has several representations, e.g. languages).
 *
 *  - W/"<planId>.r<revision>": a plan's document and reports. Any change anywhere in the
 *    plan bumps its revision. Redacted views (the plan without its unpublished execution)
 *    add ".p", so a client that signs in does not keep the redacted copy.
 *  - W/"<editionId>.e<number>": edition N of a published report, which anonymous readers
 *    get: it never changes, so caches key on it. It names no version a write could expect,
 *    so as If-Match it always fails (412).
 *  - W/"<rowId>.v<version>": one stored thing (the plan's own fields, an area, an
 *    activity, a source); its version moves only when it changes.
 *  - lists carry a hash of their bytes.
 *
 * A write's If-Match may name the thing's own version or the plan's revision (a client
 * editing from the document it read). RFC 9110 asks If-Match to compare strongly; we
 * compare the version a tag names instead, which is what a client means by "only if it is
 * still what I read". Without If-Match a write applies to the current version.
 */

export const planEtag = (planId: string, revision: number, redacted = false) =>
  `W/"${planId}.r${revision}${redacted ? ".p" : ""}"`;

export const editionEtag = (editionId: string, number: number) => `W/"${editionId}.e${number}"`;

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

/** Whether the write is conditional (has an If-Match other than `*`). */
export function isConditional(request: FastifyRequest): boolean {
  const tags = listed(request.headers["if-match"]);
  return tags !== null && !tags.includes("*");
}

export type Current = {
  /** The thing written: its row id and current version. */
  rowId: string;
  version: number;
  /** Its plan: id and current revision. */
  planId: string;
  revision: number;
};

/**
 * The version to hand a use case as `expectedVersion`: the one If-Match names (the use
 * case compares it in its transaction), the current one when If-Match names the current
 * plan revision or is absent, and a 412 for any other tag.
 */
export function expectedVersion(request: FastifyRequest, current: Current): number {
  const tags = listed(request.headers["if-match"]);
  if (!tags || tags.includes("*")) return current.version;
  for (const t of tags) {
    const m = /^"([^".]+)\.([vr])(\d+)(?:\.p)?"$/.exec(opaque(t));
    if (!m) continue;
    const [, id, kind, n] = m;
    if (kind === "v" && id === current.rowId) return Number(n);
    if (kind === "r" && id === current.planId && Number(n) === current.revision) {
      return current.version;
    }
  }
  throw stale();
}

/** For creations inside a plan: If-Match, when given, must name the plan's current revision. */
export function checkPlanIfMatch(request: FastifyRequest, planId: string, revision: number): void {
  const tags = listed(request.headers["if-match"]);
  if (!tags || tags.includes("*")) return;
  const ok = tags.some((t) => {
    const m = /^"([^".]+)\.r(\d+)(?:\.p)?"$/.exec(opaque(t));
    return m !== null && m[1] === planId && Number(m[2]) === revision;
  });
  if (!ok) throw stale();
}

export const stale = () =>
  new AppError(
    "precondition_failed",
    "It changed since you read it: If-Match does not name its current version. Read it again and retry.",
  );
