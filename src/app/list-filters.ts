import { AppError } from "../core/errors.ts";
import { roleIn } from "../core/policies.ts";
import { listLinkChecks } from "../db/link-check.repository.ts";
import { coordinatedAreaCodes, findUserByEmail } from "../db/user.repository.ts";
import { requireActor } from "./authorize.ts";
import type { Deps } from "./deps.ts";
import { findReadablePlan } from "./find-readable-plan.ts";

// What the API's list filters need beyond the plan document: who coordinates which areas,
// and what the last check of each link said. Both are for members of the network only.

/**
 * Refuses a filter that needs a role in `network`: anonymous callers and users without a
 * role there (install administrators have every role). Called before the plan is read, so
 * the refusal is the same whether the plan exists or not.
 */
export function requireMemberFilter(deps: Pick<Deps, "actor">, network: string, filter: string) {
  const why = `the ${filter} filter is for users with a role in network ${network}`;
  const where = [{ path: filter, message: why }];
  if (!deps.actor) throw new AppError("unauthenticated", `sign in first: ${why}`, where);
  if (!deps.actor.installAdmin && roleIn(deps.actor, network) === null) {
    throw new AppError("forbidden", why, where);
  }
}

/**
 * The codes of the plan's areas coordinated by the user `coordinator` names (an e-mail, or
 * "me"): empty when no such user or none. For members of the plan's network only.
 */
export async function coordinatorAreaCodes(
  deps: Deps,
  input: { network: string; year: number; coordinator: string },
): Promise<string[]> {
  requireMemberFilter(deps, input.network, "coordinator");
  const actor = requireActor(deps);
  const { plan } = await findReadablePlan(deps, input);
  const userId =
    input.coordinator === "me"
      ? actor.userId
      : (await findUserByEmail(deps.db, input.coordinator.trim().toLowerCase()))?.id;
  return userId ? coordinatedAreaCodes(deps.db, userId, plan.id) : [];
}

export type LinkStatus = "ok" | "broken" | "unchecked";

/**
 * What the last check of each source's link said, by source number (a source missing is
 * unchecked: never checked, no link, or its URL changed since), and a fingerprint of the
 * checks that changes whenever one does. For members of the plan's network only.
 */
export async function sourceLinkStatuses(
  deps: Deps,
  input: { network: string; year: number },
): Promise<{ statuses: Map<number, LinkStatus>; fingerprint: string }> {
  requireMemberFilter(deps, input.network, "linkStatus");
  const { plan } = await findReadablePlan(deps, input);
  const checks = (await listLinkChecks(deps.db, plan.id)).filter((c) => c.current);
  const statuses = new Map(checks.map((c) => [c.source, c.ok ? "ok" : "broken"] as const));
  const fingerprint = checks
    .map((c) => `${c.source}:${c.ok ? 1 : 0}:${c.checkedAt}`)
    .sort()
    .join(",");
  return { statuses, fingerprint };
}
