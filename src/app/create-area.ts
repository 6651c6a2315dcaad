import { z } from "zod";
import { AppError } from "../core/errors.ts";
import { Area } from "../core/plan.ts";
import { type AreaRecord, findArea, insertArea } from "../db/area.repository.ts";
import { getPlan, touchPlan } from "../db/plan.repository.ts";
import { audit, authorize, requireActor } from "./authorize.ts";
import { Lang, nowIso, PlanKey } from "./common.ts";
import type { Deps } from "./deps.ts";
import { transact } from "./transact.ts";
import { parseInput } from "./validate.ts";

const Input = z.object({
  ...PlanKey,
  lang: Lang,
  code: Area.shape.code,
  title: z.string().min(1),
  objective: z.string().default(""),
});
export type CreateAreaInput = z.input<typeof Input>;

/** Adds a work area after the plan's last one. */
export async function createArea(deps: Deps, input: CreateAreaInput): Promise<AreaRecord> {
  requireActor(deps);
  const i = parseInput(Input, input);
  const now = nowIso(deps);
  return transact(deps, async (trx) => {
    const plan = await getPlan(trx, i.network, i.year);
    authorize(deps.actor, "create", { kind: "area" });
    const lang = i.lang ?? plan.language;
    if (await findArea(trx, plan, i.code, lang)) {
      throw new AppError("conflict", `the plan has an area ${i.code} already`);
    }
    await insertArea(trx, plan, i, lang, now);
    await touchPlan(trx, plan.id, now);
    const area = (await findArea(trx, plan, i.code, lang)) as AreaRecord;
    await audit(trx, deps, now, "area.create", { kind: "area", id: area.id }, null, area);
    return area;
  });
}
