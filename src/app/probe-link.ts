/**
 * Probing one evidence link: does it answer, where does it end up. Only http(s) URLs are
 * ever fetched (redirects included); redirects are followed by hand so each hop is checked.
 */

export type ProbeResult = {
  url: string;
  /** True for a final 2xx answer. */
  ok: boolean;
  /** The final HTTP status, or null when there was no answer. */
  status: number | null;
  /** Why there was no good answer: "timeout", "connection refused", "too many redirects", ... */
  error: string | null;
  /** Where the redirects ended (the URL itself when there were none); null without an answer. */
  finalUrl: string | null;
  redirects: number;
};

export type ProbeOptions = {
  /** For the whole check, redirects included (default 10 s). */
  timeoutMs?: number;
  /** Redirects followed before giving up (default 5). */
  maxRedirects?: number;
  /** The fetch to use (tests may pass their own). */
  fetch?: typeof fetch;
  /**
   * Starts the timeout: calls `expire` after `ms` and returns how to cancel it (default: a
   * real timer). Tests pass their own, to time out when they decide instead of racing a clock.
   */
  timer?: (expire: () => void, ms: number) => () => void;
  userAgent?: string;
};

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const realTimer = (expire: () => void, ms: number) => {
  const t = setTimeout(expire, ms);
  return () => clearTimeout(t);
};

/** The URL when it is an absolute http(s) URL, else null. */
export function httpUrl(text: string, base?: string): URL | null {
  try {
    const u = new URL(text, base);
    return u.protocol === "http:" || u.protocol === "https:" ? u : null;
  } catch {
    return null;
  }
}

function describeError(e: unknown, timedOut: boolean): string {
  if (timedOut) return "timeout";
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err?.cause?.code;
  switch (code) {
    case "ECONNREFUSED":
      return "connection refused";
    case "ECONNRESET":
      return "connection reset";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "host not found";
    case "UND_ERR_CONNECT_TIMEOUT":
    case "UND_ERR_HEADERS_TIMEOUT":
    case "UND_ERR_BODY_TIMEOUT":
      return "timeout";
    default:
      break;
  }
  if (code?.startsWith("ERR_TLS") || code?.includes("CERT")) return `TLS error (${code})`;
  return err?.cause?.message ?? err?.message ?? String(e);
}

/** Checks one URL: HEAD first, GET when the server will not answer HEAD; never reads bodies. */
export async function probeLink(url: string, opts: ProbeOptions = {}): Promise<ProbeResult> {
  const doFetch = opts.fetch ?? fetch;
  const maxRedirects = opts.maxRedirects ?? 5;
  const start = httpUrl(url);
  const fail = (
    error: string,
    status: number | null = null,
    finalUrl: string | null = null,
    redirects = 0,
  ) => ({
    url,
    ok: false,
    status,
    error,
    finalUrl,
    redirects,
  });
  if (!start) return fail("not an http(s) URL");

  const controller = new AbortController();
  let timedOut = false;
  const cancelTimer = (opts.timer ?? realTimer)(() => {
    timedOut = true;
    controller.abort();
  }, opts.timeoutMs ?? 10_000);
  const headers = {
    "user-agent": opts.userAgent ?? "workplan-link-check/0.1",
    accept: "*/*",
  };
  let current = start;
  let redirects = 0;
  try {
    for (;;) {
      let res = await doFetch(current, {
        method: "HEAD",
        redirect: "manual",
        signal: controller.signal,
        headers,
      });
      if (res.status === 405 || res.status === 501 || res.status === 403) {
        // Some servers refuse HEAD but answer GET: ask again, and drop the body unread.
        await res.body?.cancel();
        res = await doFetch(current, {
          method: "GET",
          redirect: "manual",
          signal: controller.signal,
          headers,
        });
      }
      await res.body?.cancel();
      const location = res.headers.get("location");
      if (REDIRECTS.has(res.status) && location) {
        const next = httpUrl(location, current.href);
        if (!next)
          return fail("redirect to a non-http(s) URL", res.status, current.href, redirects);
        if (redirects >= maxRedirects)
          return fail("too many redirects", res.status, current.href, redirects);
        redirects++;
        current = next;
        continue;
      }
      const ok = res.status >= 200 && res.status < 300;
      return {
        url,
        ok,
        status: res.status,
        error: ok ? null : `HTTP ${res.status}`,
        finalUrl: current.href,
        redirects,
      };
    }
  } catch (e) {
    return fail(describeError(e, timedOut), null, null, redirects);
  } finally {
    cancelTimer();
  }
}

/** Runs `fn` over `items` with at most `limit` at a time; results keep the items' order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}
