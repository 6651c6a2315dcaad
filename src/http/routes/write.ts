import type { FastifyRequest } from "fastify";
import type { Deps } from "../../app/deps.ts";
import { findPlanPart, type PartVersion, type PlanPart } from "../../app/find-plan-part.ts";
import { findReadablePlan } from "../../app/find-readable-plan.ts";
import { isAppError } from "../../core/errors.ts";
import { checkPlanIfMatch, expectedVersion, isConditional } from "../etag.ts";

/**
 * Runs a write to a plan or a part of it with the version its If-Match names. Without
 * If-Match the write applies to the current version; if someone else wrote between our
 * read and the write, it is retried once on top (an unconditional write means "last
 * writer wins"). A conditional write that lost the race stays a 412.
 */
export async function conditionalWrite<T>(
  request: FastifyRequest,
  deps: Pick<Deps, "db">,
  target: { network: string; year: number; part: PlanPart },
  run: (expected: number, current: PartVersion) => Promise<T>,
): Promise<T> {
  const current = await findPlanPart(deps, target);
  try {
    return await run(expectedVersion(request, current), current);
  } catch (e) {
    if (isAppError(e) && e.code === "precondition_failed" && !isConditional(request)) {
      const again = await findPlanPart(deps, target);
      return run(again.version, again);
    }
    throw e;
  }
}

/** Before a creation inside a plan: an If-Match, when given, must name the plan's current revision. */
export async function checkCreateIfMatch(
  request: FastifyRequest,
  deps: Pick<Deps, "db" | "actor">,
  key: { network: string; year: number },
): Promise<void> {
  if (!request.headers["if-match"]) return;
  const { plan } = await findReadablePlan(deps, key);
  checkPlanIfMatch(request, plan.id, plan.revision);
}
