import type { FastifyRequest } from "fastify";
import type { Deps } from "../../app/deps.ts";
import { findPlanPart, type PlanPart } from "../../app/find-plan-part.ts";
import { findReadablePlan } from "../../app/find-readable-plan.ts";
import { AppError, isAppError } from "../../core/errors.ts";
import type { Language } from "../../core/plan.ts";
import { type Expectation, expectationOf, ifMatchTags } from "../etag.ts";

/**
 * Runs a write to a plan or a part of it with what its If-Match asks (see etag.ts): the
 * use case checks it in its transaction with the write itself. Without If-Match the write
 * applies to the current version, whoever wrote before (last writer wins).
 */
export async function conditionalWrite<T>(
  request: FastifyRequest,
  deps: Pick<Deps, "db">,
  target: { network: string; year: number; part: PlanPart },
  run: (expect: Expectation) => Promise<T>,
): Promise<T> {
  const tags = ifMatchTags(request);
  if (!tags) return run({});
  return run(expectationOf(tags, await findPlanPart(deps, target)));
}

/**
 * What a creation inside a plan expects: an If-Match, when given, names the plan's
 * revision (the document read), checked by the use case in its transaction.
 */
export async function createExpectation(
  request: FastifyRequest,
  deps: Pick<Deps, "db" | "actor">,
  key: { network: string; year: number },
): Promise<Expectation> {
  const tags = ifMatchTags(request);
  if (!tags) return {};
  const { plan } = await findReadablePlan(deps, key);
  const expect = expectationOf(tags, { rowId: "", planId: plan.id });
  return {
    ...(expect.expectedRevision !== undefined ? { expectedRevision: expect.expectedRevision } : {}),
  };
}

/**
 * The language of a write's wordings, to spread into its input: the body's `lang`, else
 * the query's (`?lang=`), else none (the use case takes the plan's original language).
 */
export function langOf(request: FastifyRequest): { lang?: Language } {
  const fromBody = (request.body as { lang?: Language } | undefined)?.lang;
  const fromQuery = (request.query as { lang?: Language } | undefined)?.lang;
  const lang = fromBody ?? fromQuery;
  return lang ? { lang } : {};
}

/**
 * Runs a use case whose input nests under `field` what the request's body has at its top
 * (a status's fields): a refusal's paths drop the `field.` prefix, so they name the body's.
 */
export async function atTop<T>(field: string, run: Promise<T>): Promise<T> {
  try {
    return await run;
  } catch (err) {
    if (!isAppError(err) || !err.details.some((d) => d.path?.startsWith(`${field}.`))) throw err;
    const details = err.details.map((d) =>
      d.path?.startsWith(`${field}.`) ? { ...d, path: d.path.slice(field.length + 1) } : d,
    );
    throw new AppError(err.code, err.message, details, {
      ...(err.retryAfterSeconds !== undefined ? { retryAfterSeconds: err.retryAfterSeconds } : {}),
      ...(err.limit ? { limit: err.limit } : {}),
    });
  }
}
