/**
 * The identity of what anonymous readers see, the one place that names it: rendered public
 * pages are cached, and their ETags made, under it: ReadablePlan.publicVersion, the latest
 * published edition (or, before any, the approved plan as last frozen).
 */
import type { Language } from "../core/plan.ts";
import type { Deps } from "./deps.ts";
import {
  findReadableNetwork,
  findReadablePlan,
  type ReadableNetwork,
  type ReadablePlan,
} from "./find-readable-plan.ts";

export type PublicIdentity = {
  /** Opaque: changes whenever what anonymous readers see may change. */
  identity: string;
  /** The language a page is in when the reader names none and wants none of ours. */
  defaultLanguage: Language;
  /**
   * For one plan: what anonymous readers read of it, as found with the identity (in the
   * plan's own language), so a page drawn under the identity reads the same view, unlooked-up.
   */
  head?: ReadablePlan;
  /**
   * For a network: the network and its plans as anonymous readers read them, as found with
   * the identity, so a page drawn under the identity reads them no more.
   */
  network?: ReadableNetwork;
};

const anonymous = (deps: Pick<Deps, "db">) => ({ db: deps.db, actor: null });

/** What anonymous readers see of one plan (not_found when they may not read it). */
export async function publicPlanIdentity(
  deps: Pick<Deps, "db">,
  input: { network: string; year: number },
): Promise<PublicIdentity> {
  const head = await findReadablePlan(anonymous(deps), input);
  const { plan } = head;
  return {
    identity: `${head.publicVersion}:${plan.network.name}`,
    defaultLanguage: plan.originalLanguage,
    head,
  };
}

/**
 * What anonymous readers see of a network's pages: the network itself and every plan they
 * may read (a network's pages draw on several); the default language is that of this
 * year's plan, else the newest.
 */
export async function publicNetworkIdentity(
  deps: Pick<Deps, "db">,
  input: { network: string; year: number },
): Promise<PublicIdentity> {
  const found = await findReadableNetwork(anonymous(deps), input.network);
  const { network, records } = found;
  const views = [...found.heads.values()].map((h) => h.publicVersion);
  const current = records.find((p) => p.year === input.year) ?? records[0];
  return {
    identity: `${network.id}.v${network.version}[${views.join(",")}]`,
    defaultLanguage: current?.originalLanguage ?? "es",
    network: found,
  };
}
