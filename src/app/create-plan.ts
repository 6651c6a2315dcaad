import { z } from "zod";
import { AppError } from "../core/errors.ts";
import { emptyPlan, Language, Network } from "../core/plan.ts";
import type { Db } from "../db/create-db.ts";
import { findNetwork, insertNetwork, type NetworkRecord } from "../db/network.repository.ts";
import { findPlan, getPlanById, type PlanRecord } from "../db/plan.repository.ts";
import { insertPlanDocument } from "../db/plan-document-write.repository.ts";
import { audit, authorize, requireActor } from "./authorize.ts";
import { nowIso } from "./common.ts";
import type { Deps } from "./deps.ts";
import { idempotent } from "./idempotent.ts";
import { transact } from "./transact.ts";
import { parseInput } from "./validate.ts";

const Input = z.object({
  network: Network.shape.slug,
  /** Needed only when the network does not exist yet: it is created. */
  networkName: z.string().min(1).optional(),
  year: z.number().int().min(1900).max(2200),
  title: z.string().min(1),
  language: Language,
  originalLanguage: Language.optional(),
  distribution: z.string().nullable().default(null),
});
export type CreatePlanInput = z.input<typeof Input>;

/** Starts an empty draft plan for a network and year (conflict if there is one). */
export async function createPlan(deps: Deps, input: CreatePlanInput): Promise<PlanRecord> {
  requireActor(deps);
  const i = parseInput(Input, input);
  const now = nowIso(deps);
  return transact(deps, async (trx) => {
    // Authorized before a replay too: a key answers again only while its user may create.
    const existing = await authorizeNewPlan(trx, deps, i.network);
    return idempotent(trx, deps, now, async () => {
      let network = existing;
      if (!network) {
        if (!i.networkName) {
          throw new AppError("invalid_input", `network "${i.network}" is new: give its name`, [
            { path: "networkName", message: "required for a new network" },
          ]);
        }
        network = await addNetwork(trx, deps, { slug: i.network, name: i.networkName }, now);
      }
      if (await findPlan(trx, i.network, i.year)) {
        throw new AppError("conflict", `network "${i.network}" has a ${i.year} plan already`);
      }
      const doc = emptyPlan({
        network: { slug: network.slug, name: network.name },
        year: i.year,
        title: i.title,
        language: i.language,
        originalLanguage: i.originalLanguage ?? i.language,
        distribution: i.distribution,
      });
      const { planId } = await insertPlanDocument(trx, doc, { networkId: network.id, now });
      const plan = await getPlanById(trx, planId);
      await audit(trx, deps, now, "plan.create", { kind: "plan", id: planId }, null, {
        ...plan,
        title: i.title,
      });
      return plan;
    });
  });
}

/**
 * Whether the actor may start a plan of network `slug`: in an existing network, its
 * administrators and editors; a new network, only the install's administrator. Returns the
 * network, or null when it is new.
 */
export async function authorizeNewPlan(
  trx: Db,
  deps: Pick<Deps, "actor">,
  slug: string,
): Promise<NetworkRecord | null> {
  const network = await findNetwork(trx, slug);
  authorize(
    deps.actor,
    "create",
    network
      ? { kind: "plan", network: slug, lifecycleStatus: "draft", reportStatus: "draft" }
      : { kind: "network" },
  );
  return network;
}

/** Creates a network, audited, in the caller's transaction (a first plan of a new network). */
export async function addNetwork(
  trx: Db,
  deps: Pick<Deps, "actor">,
  network: Network,
  now: string,
): Promise<NetworkRecord> {
  const record = await insertNetwork(trx, network, now);
  await audit(trx, deps, now, "network.create", { kind: "network", id: record.id }, null, record);
  return record;
}
