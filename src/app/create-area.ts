import { z } from "zod";
import { AppError } from "../core/errors.ts";
import { Area } from "../core/plan.ts";
import { type AreaRecord, findArea, insertArea } from "../db/area.repository.ts";
import { authorize } from "./authorize.ts";
import { Lang, PlanKey, Reason } from "./common.ts";
import type { Deps } from "./deps.ts";
import { changePlanContent } from "./transact.ts";

const Input = z.object({
  ...PlanKey,
  lang: Lang,
  code: Area.shape.code,
  title: z.string().min(1),
  objective: z.string().default(""),
  reason: Reason,
});
export type CreateAreaInput = z.input<typeof Input>;

/** Adds a work area after the plan's last one (on an approved plan: an amendment). */
export async function createArea(deps: Deps, input: CreateAreaInput): Promise<AreaRecord> {
  return changePlanContent(deps, Input, input, async (w, i) => {
    const { trx, plan, lang, now } = w;
    authorize(deps.actor, "create", { kind: "area", network: plan.network.slug });
    if (await findArea(trx, plan, i.code, lang)) {
      throw new AppError("conflict", `the plan has an area ${i.code} already`);
    }
    await insertArea(trx, plan, i, lang, now);
    const area = (await findArea(trx, plan, i.code, lang)) as AreaRecord;
    const original =
      lang === plan.language ? area : ((await findArea(trx, plan, i.code, plan.language)) ?? area);
    await w.amend(
      "area",
      i.code,
      {},
      { code: i.code, title: original.title, objective: original.objective },
    );
    await w.audit("area.create", { kind: "area", id: area.id }, null, area);
    return area;
  });
}
