import { parseArgs } from "node:util";
import { createApiToken } from "../../app/create-api-token.ts";
import { listManagedUsers } from "../../app/manage-users.ts";
import { AppError } from "../../core/errors.ts";
import { normalizeEmail } from "../../db/user.repository.ts";
import { withCliDeps } from "../db-deps.ts";
import { UsageError } from "../exit.ts";
import type { Io } from "../io.ts";

export const usage = "workplan token create --user EMAIL [--name N]";

/** `token create`: makes an API token for a user and prints it, this once. */
export async function tokenCommand(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== "create") {
    throw new UsageError(
      sub ? `unknown token subcommand '${sub}'` : "token needs a subcommand: create",
    );
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { user: { type: "string" }, name: { type: "string" } },
  });
  if (!values.user || positionals.length > 0)
    throw new UsageError("token create needs --user EMAIL");
  const email = normalizeEmail(values.user);
  const { token } = await withCliDeps(io, async (deps) => {
    const user = (await listManagedUsers(deps)).find((u) => u.email === email);
    if (!user) throw new AppError("not_found", `no user ${values.user}`);
    return createApiToken(deps, { userId: user.id, name: values.name ?? "cli" });
  });
  io.stdout.write(`${token}\n`);
  io.stderr.write("This token is shown once: keep it now.\n");
  return 0;
}
