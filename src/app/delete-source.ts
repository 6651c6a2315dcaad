import { z } from "zod";
import { AppError } from "../core/errors.ts";
import { SourceId } from "../core/plan.ts";
import { checkVersion } from "../core/version.ts";
import {
  deleteSourceRow,
  findSource,
  sourceCitationCounts,
  sourceCiters,
} from "../db/source.repository.ts";
import { authorize } from "./authorize.ts";
import { ExpectedVersion, notFound, PlanKey } from "./common.ts";
import type { Deps } from "./deps.ts";
import { changePlanContent } from "./transact.ts";

const Input = z.object({
  ...PlanKey,
  id: z.number().int().positive(),
  expectedVersion: ExpectedVersion,
  /**
   * What becomes of the texts citing it: "remove" their citations (markers included), or
   * "replace" them by source `replacement`. Needed only while something cites it.
   */
  citations: z.enum(["remove", "replace"]).optional(),
  replacement: SourceId.optional(),
});
export type DeleteSourceInput = z.input<typeof Input>;

/**
 * Deletes a source. A cited one only with a choice for its citations: dropped, or moved
 * to another source. Who may change the source (see policies: evidence belongs to what
 * cites it) may delete it.
 */
export async function deleteSource(deps: Deps, input: DeleteSourceInput): Promise<void> {
  return changePlanContent(deps, Input, input, async (w, i) => {
    const { trx, plan } = w;
    const before = (await findSource(trx, plan, i.id, plan.language)) ?? notFound(`source ${i.id}`);
    // Deleting rewrites what cites it: evidence belongs to what cites it, so whoever may
    // change the source (a coordinator: only when every citing text is theirs) may.
    const citedBy = await sourceCiters(trx, plan.id, { id: before.id, number: i.id });
    authorize(deps.actor, "edit", { kind: "source", network: plan.network.slug, citedBy });
    checkVersion(before.version, i.expectedVersion);
    const used = await sourceCitationCounts(trx, plan.id, before.id);
    const times = Math.max(used.citations + used.relations, citedBy.length);
    const cited = times > 0;
    if (cited && !i.citations) {
      throw new AppError(
        "conflict",
        `source ${i.id} is cited ${times} times: say what becomes of its citations (remove, or replace by another source)`,
        [{ path: "citations", message: "remove or replace" }],
      );
    }
    let replacement: number | null = null;
    if (cited && i.citations === "replace") {
      if (i.replacement === undefined || i.replacement === i.id) {
        throw new AppError("invalid_input", "replace by which source?", [
          { path: "replacement", message: "another source of the plan" },
        ]);
      }
      if (!(await findSource(trx, plan, i.replacement, plan.language))) {
        throw new AppError("invalid_input", `no source ${i.replacement}`, [
          { path: "replacement", message: `no source ${i.replacement}` },
        ]);
      }
      replacement = i.replacement;
    }
    await deleteSourceRow(
      trx,
      plan,
      before.id,
      i.id,
      i.expectedVersion ?? before.version,
      replacement,
    );
    await w.audit("source.delete", { kind: "source", id: before.id }, before.source, null);
  });
}
