import { AppError } from "../core/errors.ts";
import { type Action, type Actor, can, type Resource } from "../core/policies.ts";
import { insertAudit } from "../db/audit.repository.ts";
import type { Db } from "../db/create-db.ts";
import type { Deps } from "./deps.ts";

/** Throws unless the actor may: unauthenticated for anonymous callers, else forbidden. */
export function authorize(actor: Actor | null, action: Action, resource: Resource): void {
  if (can(actor, action, resource)) return;
  if (actor === null) throw new AppError("unauthenticated", "sign in first");
  throw new AppError("forbidden", `you may not ${action.replace("_", " ")} this ${resource.kind}`);
}

/** The signed-in actor, or unauthenticated. */
export function requireActor(deps: Pick<Deps, "actor">): Actor {
  if (!deps.actor) throw new AppError("unauthenticated", "sign in first");
  return deps.actor;
}

/** Records a write in the audit trail, in the caller's transaction. */
export function audit(
  trx: Db,
  deps: Pick<Deps, "actor">,
  at: string,
  action: string,
  entity: { kind: string; id: string },
  before: unknown,
  after: unknown,
): Promise<string> {
  return insertAudit(trx, {
    at,
    actorId: deps.actor?.userId ?? null,
    action,
    entityKind: entity.kind,
    entityId: entity.id,
    before,
    after,
  });
}

/** Writing wordings in the plan's own language edits them; in another, translates them. */
export function wordingVerb(plan: { language: string }, lang: string): "edit" | "translate" {
  return lang === plan.language ? "edit" : "translate";
}
