import { parseArgs } from "node:util";
import { createUser } from "../../app/create-user.ts";
import type { Deps } from "../../app/deps.ts";
import { listPlans } from "../../app/list-plans.ts";
import { ROLES, type Role } from "../../core/policies.ts";
import { withCliDeps } from "../db-deps.ts";
import { UsageError } from "../exit.ts";
import { type Io, readAll } from "../io.ts";

export const usage =
  "workplan user add EMAIL --role admin|editor|coordinator|viewer [--network NET] [--name N] [--password-stdin] [--area [NET/YEAR/]CODE ...]\n" +
  "  --role admin without --network: the install's administrator; any other role is in NET\n" +
  "  (default: the only network)";

/** `user add`: makes a user (and, for a coordinator, gives them areas). */
export async function userCommand(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== "add") {
    throw new UsageError(sub ? `unknown user subcommand '${sub}'` : "user needs a subcommand: add");
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      role: { type: "string" },
      name: { type: "string" },
      "password-stdin": { type: "boolean" },
      area: { type: "string", multiple: true },
      network: { type: "string" },
    },
  });
  const [email, ...extra] = positionals;
  if (!email || extra.length > 0) throw new UsageError("user add takes one EMAIL");
  const role = values.role as Role;
  if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(", ")}`);
  const areas = values.area ?? [];
  if (areas.length > 0 && role !== "coordinator") {
    throw new UsageError("--area is for coordinators");
  }
  // One line; the newline is not part of the password.
  const password = values["password-stdin"]
    ? (await readAll(io.stdin)).replace(/\r?\n$/, "")
    : undefined;
  const name = values.name ?? email.split("@")[0] ?? email;
  // One use case, one transaction: an unknown area leaves no user behind.
  const user = await withCliDeps(io, async (deps) =>
    createUser(deps, {
      email,
      name,
      role,
      ...(values.network !== undefined ? { network: values.network } : {}),
      areas: await resolveAreas(deps, areas),
      ...(password !== undefined ? { password } : {}),
    }),
  );
  io.stdout.write(`added ${user.email} (${role})
`);
  return 0;
}

/** "NET/YEAR/CODE", or a bare CODE when the database holds exactly one plan. */
async function resolveAreas(deps: Deps, areas: string[]) {
  const plans = await listPlans(deps);
  return areas.map((a) => {
    const m = /^([a-z0-9-]+)\/(\d{4})\/(\S+)$/.exec(a);
    if (m) return { network: m[1] as string, year: Number(m[2]), code: m[3] as string };
    const only = plans.length === 1 ? plans[0] : undefined;
    if (!only) {
      throw new UsageError(`--area ${a}: write it as NET/YEAR/CODE (e.g. gealc/2023/3.1)`);
    }
    return { network: only.network.slug, year: only.year, code: a };
  });
}
