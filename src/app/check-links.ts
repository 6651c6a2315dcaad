import { AppError } from "../core/errors.ts";
import { type LinkCheckRecord, saveLinkCheck } from "../db/link-check.repository.ts";
import { findPlan } from "../db/plan.repository.ts";
import { readSources } from "../db/plan-document-read.repository.ts";
import { authorize } from "./authorize.ts";
import type { Deps } from "./deps.ts";
import { httpUrl, mapLimit, type ProbeOptions, type ProbeResult, probeLink } from "./probe-link.ts";
import { transact } from "./transact.ts";

export type CheckLinksInput = {
  network: string;
  year: number;
  /** Links checked at once (default 4). */
  concurrency?: number;
  /** Per link, redirects included (default 10 s). */
  timeoutMs?: number;
  /** Redirects followed (default 5). */
  maxRedirects?: number;
};

export type LinkCheck = Omit<LinkCheckRecord, "current">;

/** Reported after each link is checked: for a progress bar or a log line. */
export type LinkProgress = { done: number; total: number; check: LinkCheck };

export type CheckLinksDeps = Deps & {
  /** How a link is probed (default: probeLink over the network). */
  probe?: (url: string, opts: ProbeOptions) => Promise<ProbeResult>;
  onProgress?: (p: LinkProgress) => void;
};

export type CheckLinksResult = {
  checked: LinkCheck[];
  broken: LinkCheck[];
  /** Sources without a link (notes) or with one we never fetch (not http(s)). */
  skipped: number;
};

/**
 * Checks every evidence link of a plan (each distinct URL once, a few at a time) and
 * records each source's result; only http(s) URLs are fetched. Editors and admins only.
 */
export async function checkLinks(
  deps: CheckLinksDeps,
  input: CheckLinksInput,
): Promise<CheckLinksResult> {
  const plan = await findPlan(deps.db, input.network, input.year);
  if (!plan) throw new AppError("not_found", `no ${input.year} plan of network "${input.network}"`);
  authorize(deps.actor, "check_links", { kind: "area", network: plan.network.slug });

  const sources = await readSources(deps.db, plan, plan.language);
  const linked = sources.filter((s) => s.source.url !== null && httpUrl(s.source.url) !== null);
  const urls = [...new Set(linked.map((s) => s.source.url as string))];
  const probe = deps.probe ?? probeLink;
  const opts: ProbeOptions = { timeoutMs: input.timeoutMs, maxRedirects: input.maxRedirects };

  const byUrl = new Map<string, { result: ProbeResult; checkedAt: string }>();
  let done = 0;
  await mapLimit(urls, input.concurrency ?? 4, async (url) => {
    const result = await probe(url, opts);
    const checkedAt = deps.clock().toISOString();
    byUrl.set(url, { result, checkedAt });
    for (const s of linked.filter((x) => x.source.url === url)) {
      done++;
      deps.onProgress?.({
        done,
        total: linked.length,
        check: toCheck(s.source.id, result, checkedAt),
      });
    }
  });

  // Built inside the transaction, so a retried one (transact) does not count twice.
  const checked = await transact(deps, async (trx) => {
    const saved: LinkCheck[] = [];
    for (const s of linked) {
      const got = byUrl.get(s.source.url as string);
      if (!got) continue;
      const check = toCheck(s.source.id, got.result, got.checkedAt);
      await saveLinkCheck(trx, { ...check, sourceId: s.id, planId: plan.id });
      saved.push(check);
    }
    return saved;
  });
  const broken = checked.filter((c) => !c.ok);
  deps.log.info(
    { network: input.network, year: input.year, checked: checked.length, broken: broken.length },
    "links checked",
  );
  return { checked, broken, skipped: sources.length - linked.length };
}

function toCheck(source: number, r: ProbeResult, checkedAt: string): LinkCheck {
  return {
    source,
    url: r.url,
    ok: r.ok,
    status: r.status,
    error: r.error,
    finalUrl: r.finalUrl,
    redirects: r.redirects,
    checkedAt,
  };
}
