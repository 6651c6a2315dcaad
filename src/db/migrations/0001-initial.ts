import type { CreateTableBuilder, Kysely } from "kysely";

// Migrations are frozen history: they use Kysely<any> and never import schema.ts.
// Only portable types (text, integer) so the same file builds SQLite and PostgreSQL.

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the database as it was then
type Db = Kysely<any>;
// biome-ignore lint/suspicious/noExplicitAny: builder of a table being created
type Table = CreateTableBuilder<string, any>;

const editable = (t: Table) =>
  t
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull());

const timing = (t: Table, prefix: string, required: boolean) =>
  t
    .addColumn(`${prefix}_kind`, "text", (c) => (required ? c.notNull() : c))
    .addColumn(`${prefix}_start`, "text")
    .addColumn(`${prefix}_end`, "text")
    .addColumn(`${prefix}_count`, "integer");

const planChild = (t: Table) =>
  t.addColumn("plan_id", "text", (c) => c.notNull().references("plans.id").onDelete("cascade"));

export async function up(db: Db): Promise<void> {
  await editable(
    db.schema
      .createTable("networks")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("slug", "text", (c) => c.notNull().unique())
      .addColumn("name", "text", (c) => c.notNull()),
  ).execute();

  await editable(
    db.schema
      .createTable("plans")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("network_id", "text", (c) =>
        c.notNull().references("networks.id").onDelete("cascade"),
      )
      .addColumn("year", "integer", (c) => c.notNull())
      .addColumn("language", "text", (c) => c.notNull())
      .addColumn("original_language", "text", (c) => c.notNull())
      .addColumn("presented_at", "integer")
      .addColumn("lifecycle_status", "text", (c) => c.notNull().defaultTo("draft"))
      .addColumn("report_status", "text", (c) => c.notNull().defaultTo("draft"))
      .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
      .addUniqueConstraint("plans_network_year_unique", ["network_id", "year"]),
  ).execute();

  await planChild(
    db.schema.createTable("paragraphs").addColumn("id", "text", (c) => c.primaryKey()),
  )
    .addColumn("section", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .execute();

  await planChild(
    db.schema.createTable("governance").addColumn("id", "text", (c) => c.primaryKey()),
  )
    .addColumn("network_id", "text", (c) => c.notNull().references("networks.id"))
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("presidency", "text")
    .addUniqueConstraint("governance_plan_year_unique", ["plan_id", "year"])
    .execute();

  await db.schema
    .createTable("governance_members")
    .addColumn("governance_id", "text", (c) =>
      c.notNull().references("governance.id").onDelete("cascade"),
    )
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("country", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("governance_members_pk", ["governance_id", "position"])
    .execute();

  await planChild(
    db.schema.createTable("assemblies").addColumn("id", "text", (c) => c.primaryKey()),
  )
    .addColumn("network_id", "text", (c) => c.notNull().references("networks.id"))
    .addColumn("ordinal", "integer", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("date", "text")
    .addColumn("place_kind", "text")
    .addColumn("place_city", "text")
    .addColumn("place_country", "text")
    .addUniqueConstraint("assemblies_plan_ordinal_unique", ["plan_id", "ordinal"])
    .execute();

  await editable(
    planChild(db.schema.createTable("areas").addColumn("id", "text", (c) => c.primaryKey()))
      .addColumn("code", "text", (c) => c.notNull())
      .addColumn("position", "integer", (c) => c.notNull())
      .addUniqueConstraint("areas_plan_code_unique", ["plan_id", "code"]),
  ).execute();

  let activities = planChild(
    db.schema.createTable("activities").addColumn("id", "text", (c) => c.primaryKey()),
  )
    .addColumn("area_id", "text", (c) => c.notNull().references("areas.id").onDelete("cascade"))
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("location_kind", "text", (c) => c.notNull())
    .addColumn("location_city", "text")
    .addColumn("location_country", "text");
  activities = timing(activities, "planned", true).addColumn("status_code", "text", (c) =>
    c.notNull(),
  );
  activities = timing(activities, "status_when", false).addUniqueConstraint(
    "activities_plan_code_unique",
    ["plan_id", "code"],
  );
  await editable(activities).execute();

  await editable(
    planChild(db.schema.createTable("sources").addColumn("id", "text", (c) => c.primaryKey()))
      .addColumn("number", "integer", (c) => c.notNull())
      .addColumn("url", "text")
      .addUniqueConstraint("sources_plan_number_unique", ["plan_id", "number"]),
  ).execute();

  await timing(
    planChild(db.schema.createTable("occurrences").addColumn("id", "text", (c) => c.primaryKey()))
      .addColumn("activity_id", "text", (c) =>
        c.notNull().references("activities.id").onDelete("cascade"),
      )
      .addColumn("position", "integer", (c) => c.notNull()),
    "when",
    true,
  )
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("relations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("activity_id", "text", (c) =>
      c.notNull().references("activities.id").onDelete("cascade"),
    )
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("target", "text", (c) => c.notNull())
    .addColumn("source_id", "text", (c) => c.references("sources.id").onDelete("set null"))
    .execute();

  await editable(
    timing(
      planChild(
        db.schema.createTable("annex_items").addColumn("id", "text", (c) => c.primaryKey()),
      ).addColumn("position", "integer", (c) => c.notNull()),
      "when",
      true,
    ),
  ).execute();

  await planChild(db.schema.createTable("citations"))
    .addColumn("owner_kind", "text", (c) => c.notNull())
    .addColumn("owner_id", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("source_id", "text", (c) => c.notNull().references("sources.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("citations_pk", ["owner_kind", "owner_id", "position"])
    .execute();

  await planChild(db.schema.createTable("texts"))
    .addColumn("owner_kind", "text", (c) => c.notNull())
    .addColumn("owner_id", "text", (c) => c.notNull())
    .addColumn("field", "text", (c) => c.notNull())
    .addColumn("lang", "text", (c) => c.notNull())
    .addColumn("value", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("texts_pk", ["owner_kind", "owner_id", "field", "lang"])
    .execute();

  await planChild(
    db.schema.createTable("plan_versions").addColumn("id", "text", (c) => c.primaryKey()),
  )
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("lang", "text", (c) => c.notNull())
    .addColumn("document", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text")
    .addUniqueConstraint("plan_versions_plan_number_lang_unique", ["plan_id", "number", "lang"])
    .execute();

  await editable(
    planChild(db.schema.createTable("amendments").addColumn("id", "text", (c) => c.primaryKey()))
      .addColumn("number", "integer", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull().defaultTo("draft"))
      .addColumn("reason", "text", (c) => c.notNull())
      .addColumn("changes", "text", (c) => c.notNull())
      .addColumn("created_by", "text")
      .addColumn("decided_at", "text")
      .addColumn("decided_by", "text")
      .addUniqueConstraint("amendments_plan_number_unique", ["plan_id", "number"]),
  ).execute();

  await editable(
    db.schema
      .createTable("users")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("email", "text", (c) => c.notNull().unique())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("password_hash", "text")
      .addColumn("role", "text", (c) => c.notNull())
      .addColumn("disabled_at", "text"),
  ).execute();

  await db.schema
    .createTable("coordinator_areas")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("area_id", "text", (c) => c.notNull().references("areas.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("coordinator_areas_pk", ["user_id", "area_id"])
    .execute();

  await db.schema
    .createTable("api_tokens")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("prefix", "text", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_used_at", "text")
    .addColumn("revoked_at", "text")
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id_hash", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("csrf_secret", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();

  // No foreign key on actor_id: the trail outlives the users it names.
  await db.schema
    .createTable("audit_log")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("actor_id", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("entity_kind", "text", (c) => c.notNull())
    .addColumn("entity_id", "text", (c) => c.notNull())
    .addColumn("before", "text")
    .addColumn("after", "text")
    .execute();

  const indexes: [string, string, string[]][] = [
    ["texts_plan_lang_idx", "texts", ["plan_id", "lang"]],
    ["citations_plan_idx", "citations", ["plan_id"]],
    ["citations_source_idx", "citations", ["source_id"]],
    ["activities_area_idx", "activities", ["area_id"]],
    ["occurrences_activity_idx", "occurrences", ["activity_id"]],
    ["relations_activity_idx", "relations", ["activity_id"]],
    ["coordinator_areas_area_idx", "coordinator_areas", ["area_id"]],
    ["api_tokens_user_idx", "api_tokens", ["user_id"]],
    ["sessions_user_idx", "sessions", ["user_id"]],
    ["audit_log_entity_idx", "audit_log", ["entity_kind", "entity_id"]],
    ["audit_log_at_idx", "audit_log", ["at"]],
  ];
  for (const [name, table, columns] of indexes) {
    await db.schema.createIndex(name).on(table).columns(columns).execute();
  }
}

export async function down(db: Db): Promise<void> {
  for (const table of [
    "audit_log",
    "sessions",
    "api_tokens",
    "coordinator_areas",
    "users",
    "amendments",
    "plan_versions",
    "texts",
    "citations",
    "annex_items",
    "relations",
    "occurrences",
    "sources",
    "activities",
    "areas",
    "assemblies",
    "governance_members",
    "governance",
    "paragraphs",
    "plans",
    "networks",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
