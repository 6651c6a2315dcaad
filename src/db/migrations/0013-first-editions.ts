import type { Kysely } from "kysely";

// The public reads frozen views only: a published report as its editions, an approved plan
// as its snapshot (plan_versions). This migration changes no table: it marks the run that
// crosses into that rule, after which `freezeUnfrozenPlans` (src/db/first-editions.ts) gives
// every plan an older release made public its first frozen view, made from its document as
// that release served it. The documents are read by today's code, on today's schema, so
// that work cannot live in a migration, which is frozen in time.

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the database as it was then
type Db = Kysely<any>;

export async function up(_db: Db): Promise<void> {}

export async function down(_db: Db): Promise<void> {}
