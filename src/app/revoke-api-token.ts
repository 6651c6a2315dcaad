import { findApiToken, revokeApiToken as revoke } from "../db/token.repository.ts";
import { audit, authorize, requireActor } from "./authorize.ts";
import { notFound, nowIso } from "./common.ts";
import type { Deps } from "./deps.ts";
import { transact } from "./transact.ts";

/** Revokes an API token (its owner or an admin); revoking twice is harmless. */
export async function revokeApiToken(deps: Deps, input: { id: string }): Promise<void> {
  const actor = requireActor(deps);
  const now = nowIso(deps);
  await transact(deps, async (trx) => {
    const before = (await findApiToken(trx, input.id)) ?? notFound("API token");
    authorize(actor, "delete", { kind: "api_token", userId: before.userId });
    if (!(await revoke(trx, before.id, now))) return;
    const after = { ...before, revokedAt: now };
    await audit(
      trx,
      deps,
      now,
      "api_token.revoke",
      { kind: "api_token", id: before.id },
      before,
      after,
    );
  });
}
