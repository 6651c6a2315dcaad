import type { onSendHookHandler } from "fastify";

/** When an operation was deprecated, when it may stop answering, and what replaces it. */
export type DeprecationNotice = {
  /** ISO date the deprecation was announced (docs/API-CHANGELOG.md). */
  since: string;
  /** ISO date from which it may stop answering: at least 12 months after `since`. */
  sunset: string;
  /** What to use instead, e.g. "listActivities with ?area=". */
  use: string;
};

const DAY_MS = 86_400_000;
/** The notice period of docs/API.md: a year at least (365 days; a leap year's 366 also pass). */
const NOTICE_DAYS = 365;

const dateOf = (iso: string, what: string) => {
  const ms = Date.parse(`${iso}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || Number.isNaN(ms)) {
    throw new Error(`deprecation: ${what} must be an ISO date (YYYY-MM-DD), not "${iso}"`);
  }
  return ms;
};

/**
 * The route options of a deprecated operation (docs/API.md, "Deprecation"): marked
 * `deprecated` in the OpenAPI document with what to use instead, and answered with
 * `Deprecation: @<unix time>` (RFC 9745), `Sunset: <HTTP date>` (RFC 8594) and a Link to the
 * reference. Spread it into the route's options and its schema:
 * `{ onSend: d.onSend, schema: { ...d.schema, … } }`. Refuses a notice shorter than a year.
 */
export function deprecatedRoute(notice: DeprecationNotice): {
  schema: { deprecated: true; description: string };
  onSend: onSendHookHandler;
} {
  const since = dateOf(notice.since, "since");
  const sunset = dateOf(notice.sunset, "sunset");
  if (sunset - since < NOTICE_DAYS * DAY_MS) {
    throw new Error(
      `deprecation: the sunset (${notice.sunset}) must be at least ${NOTICE_DAYS} days after ${notice.since}`,
    );
  }
  const headers = {
    deprecation: `@${Math.floor(since / 1000)}`,
    sunset: new Date(sunset).toUTCString(),
    link: '</api/docs>; rel="deprecation"; type="text/html"',
  };
  return {
    schema: {
      deprecated: true,
      description: `Deprecated since ${notice.since}; may stop answering from ${notice.sunset}. Use instead: ${notice.use}.`,
    },
    onSend: (_request, reply, payload, done) => {
      for (const [name, value] of Object.entries(headers)) reply.header(name, value);
      done(null, payload);
    },
  };
}
