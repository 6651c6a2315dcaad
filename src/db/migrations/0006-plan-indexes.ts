import type { Kysely } from "kysely";

// Reading a plan selects each of its tables by plan_id (and relations and members by their
// parent); these had no index on that column, so every plan read scanned them whole, which at
// a million activities is most of a read's cost.

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the database as it was then
type Db = Kysely<any>;

const INDEXES: [string, string, string[]][] = [
  ["paragraphs_plan_idx", "paragraphs", ["plan_id"]],
  ["occurrences_plan_idx", "occurrences", ["plan_id"]],
  ["annex_items_plan_idx", "annex_items", ["plan_id"]],
  ["relations_source_idx", "relations", ["source_id"]],
  ["governance_members_governance_idx", "governance_members", ["governance_id"]],
];

export async function up(db: Db): Promise<void> {
  for (const [name, table, columns] of INDEXES) {
    await db.schema.createIndex(name).ifNotExists().on(table).columns(columns).execute();
  }
}

export async function down(db: Db): Promise<void> {
  for (const [name] of INDEXES) await db.schema.dropIndex(name).ifExists().execute();
}
