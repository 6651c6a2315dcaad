import type { NetworkRecord } from "../../db/network.repository.ts";
import { API_PREFIX } from "../paths.ts";

/** A network as the API shows it. */
export function presentNetwork(n: Pick<NetworkRecord, "slug" | "name">) {
  const self = `${API_PREFIX}/networks/${n.slug}`;
  return { slug: n.slug, name: n.name, links: { self, plans: `${self}/plans` } };
}
