import { z } from "zod";
import { AppError } from "../core/errors.ts";
import { type ApiTokenRecord, insertApiToken } from "../db/token.repository.ts";
import { findUserById } from "../db/user.repository.ts";
import { audit, authorize, requireActor } from "./authorize.ts";
import { nowIso } from "./common.ts";
import { newApiToken, sha256Hex, tokenDisplayPrefix } from "./credentials.ts";
import type { Deps } from "./deps.ts";
import { transact } from "./transact.ts";
import { parseInput } from "./validate.ts";

const Input = z.object({
  /** Whose token; default the actor's own (admins may make tokens for others). */
  userId: z.string().min(1).optional(),
  name: z.string().min(1).max(100),
});
export type CreateApiTokenInput = z.input<typeof Input>;

/** Makes an API token; `token` is shown this once (only its SHA-256 is kept). */
export async function createApiToken(
  deps: Deps,
  input: CreateApiTokenInput,
): Promise<{ token: string; record: ApiTokenRecord }> {
  const actor = requireActor(deps);
  const i = parseInput(Input, input);
  const userId = i.userId ?? actor.userId;
  authorize(actor, "create", { kind: "api_token", userId });
  const now = nowIso(deps);
  const token = newApiToken();
  return transact(deps, async (trx) => {
    if (!(await findUserById(trx, userId))) throw new AppError("not_found", "no such user");
    const record = await insertApiToken(
      trx,
      { userId, name: i.name, prefix: tokenDisplayPrefix(token), hash: sha256Hex(token) },
      now,
    );
    await audit(
      trx,
      deps,
      now,
      "api_token.create",
      { kind: "api_token", id: record.id },
      null,
      record,
    );
    return { token, record };
  });
}
