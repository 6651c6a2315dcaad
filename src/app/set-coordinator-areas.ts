import { z } from "zod";
import { AppError } from "../core/errors.ts";
import { roleIn } from "../core/policies.ts";
import { findArea } from "../db/area.repository.ts";
import type { Db } from "../db/create-db.ts";
import { findPlan } from "../db/plan.repository.ts";
import { deleteUserSessions } from "../db/session.repository.ts";
import {
  findUserById,
  listCoordinatorAreaIds,
  setCoordinatorAreas as saveAreas,
} from "../db/user.repository.ts";
import { actorForUser } from "./actor-for-user.ts";
import { audit, authorize, requireActor } from "./authorize.ts";
import { nowIso } from "./common.ts";
import type { Deps } from "./deps.ts";
import { transact } from "./transact.ts";
import { parseInput } from "./validate.ts";

/** An area of a plan, as people name it. */
export const AreaRef = z.object({
  network: z.string().min(1),
  year: z.number().int(),
  code: z.string().min(1),
});

const Input = z.object({
  userId: z.string().min(1),
  areas: z.array(AreaRef),
});
export type SetCoordinatorAreasInput = z.input<typeof Input>;

/** The row ids of `areas` (invalid_input naming the first unknown one, or one outside `only`). */
export async function resolveAreaIds(
  trx: Db,
  areas: readonly z.infer<typeof AreaRef>[],
  only?: string,
): Promise<string[]> {
  const ids: string[] = [];
  for (const [n, a] of areas.entries()) {
    const bad = (message: string) =>
      new AppError("invalid_input", `area ${a.network}/${a.year}/${a.code}: ${message}`, [
        { path: `areas.${n}.code`, message },
      ]);
    if (only !== undefined && a.network !== only) throw bad(`not in network ${only}`);
    const plan = await findPlan(trx, a.network, a.year);
    if (!plan) throw bad("no such plan");
    const area = await findArea(trx, plan, a.code, plan.language);
    if (!area) throw bad("no such area");
    ids.push(area.id);
  }
  return ids;
}

/**
 * Gives a coordinator the areas they coordinate (replacing the ones they had), in networks
 * where they are coordinators; the install's administrator, or the administrator of every
 * network concerned. Their sessions end, so no page shows the old rights.
 */
export async function setCoordinatorAreas(
  deps: Deps,
  input: SetCoordinatorAreasInput,
): Promise<{ areaIds: string[] }> {
  requireActor(deps);
  const i = parseInput(Input, input);
  const now = nowIso(deps);
  return transact(deps, async (trx) => {
    const user = await findUserById(trx, i.userId);
    if (!user) throw new AppError("not_found", "no such user");
    const target = await actorForUser(trx, user);
    const networks = new Set(i.areas.map((a) => a.network));
    if (networks.size === 0) authorize(deps.actor, "manage", { kind: "user" });
    for (const network of networks) authorize(deps.actor, "manage", { kind: "members", network });
    for (const [n, a] of i.areas.entries()) {
      if (roleIn(target, a.network) !== "coordinator" && !target.installAdmin) {
        throw new AppError("invalid_input", `not a coordinator in network ${a.network}`, [
          { path: `areas.${n}.code`, message: "the user is no coordinator there" },
        ]);
      }
    }
    const areaIds = await resolveAreaIds(trx, i.areas);
    const before = await listCoordinatorAreaIds(trx, user.id);
    await saveAreas(trx, user.id, areaIds);
    const after = await listCoordinatorAreaIds(trx, user.id);
    if (before.join() !== after.join()) await deleteUserSessions(trx, user.id);
    await audit(trx, deps, now, "user.set_areas", { kind: "user", id: user.id }, before, after);
    return { areaIds: after };
  });
}
