import { listNetworks as listNetworkRows, type NetworkRecord } from "../db/network.repository.ts";
import type { Deps } from "./deps.ts";

/** Every network, by slug (networks are public). */
export async function listNetworks(deps: Pick<Deps, "db">): Promise<NetworkRecord[]> {
  return listNetworkRows(deps.db);
}
