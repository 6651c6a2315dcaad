import { z } from "zod";
import { AppError } from "../core/errors.ts";
import { findArea } from "../db/area.repository.ts";
import { getPlan } from "../db/plan.repository.ts";
import {
  findUserById,
  listCoordinatorAreaIds,
  setCoordinatorAreas as saveAreas,
} from "../db/user.repository.ts";
import { audit, authorize, requireActor } from "./authorize.ts";
import { nowIso } from "./common.ts";
import type { Deps } from "./deps.ts";
import { transact } from "./transact.ts";
import { parseInput } from "./validate.ts";

const Input = z.object({
  userId: z.string().min(1),
  areas: z.array(
    z.object({ network: z.string().min(1), year: z.number().int(), code: z.string().min(1) }),
  ),
});
export type SetCoordinatorAreasInput = z.input<typeof Input>;

/** Gives a coordinator the areas they may edit (replacing the ones they had); admins only. */
export async function setCoordinatorAreas(
  deps: Deps,
  input: SetCoordinatorAreasInput,
): Promise<{ areaIds: string[] }> {
  requireActor(deps);
  authorize(deps.actor, "update", { kind: "user" });
  const i = parseInput(Input, input);
  const now = nowIso(deps);
  return transact(deps, async (trx) => {
    const user = await findUserById(trx, i.userId);
    if (!user) throw new AppError("not_found", "no such user");
    const areaIds: string[] = [];
    for (const [n, a] of i.areas.entries()) {
      const plan = await getPlan(trx, a.network, a.year);
      const area = await findArea(trx, plan, a.code, plan.language);
      if (!area) {
        throw new AppError("invalid_input", `no area ${a.code} in the ${a.year} plan`, [
          { path: `areas.${n}.code`, message: "no such area" },
        ]);
      }
      areaIds.push(area.id);
    }
    const before = await listCoordinatorAreaIds(trx, user.id);
    await saveAreas(trx, user.id, areaIds);
    const after = await listCoordinatorAreaIds(trx, user.id);
    await audit(trx, deps, now, "user.set_areas", { kind: "user", id: user.id }, before, after);
    return { areaIds: after };
  });
}
