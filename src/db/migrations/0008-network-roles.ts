import type { Kysely } from "kysely";

// Roles per network. A user's `role` now says only whether they administer the install
// ("admin") or are a member of networks ("member"); what they may do in a network is their
// role there (network_members). Users who had a global editor, coordinator or viewer role
// get that role on every network that exists now, so nobody loses what they could do.

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the database as it was then
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable("network_members")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("network_id", "text", (c) =>
      c.notNull().references("networks.id").onDelete("cascade"),
    )
    /** admin (the network's), editor, coordinator or viewer. */
    .addColumn("role", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("network_members_pk", ["user_id", "network_id"])
    .execute();
  await db.schema
    .createIndex("network_members_network_idx")
    .on("network_members")
    .column("network_id")
    .execute();

  const users = await db
    .selectFrom("users")
    .select(["id", "role"])
    .where("role", "in", ["editor", "coordinator", "viewer"])
    .execute();
  const networks = await db.selectFrom("networks").select("id").execute();
  const rows = users.flatMap((u) =>
    networks.map((n) => ({ user_id: u.id, network_id: n.id, role: u.role })),
  );
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto("network_members")
      .values(rows.slice(i, i + 500))
      .execute();
  }
  await db.updateTable("users").set({ role: "member" }).where("role", "<>", "admin").execute();
}

export async function down(db: Db): Promise<void> {
  // The most a member could do anywhere becomes their global role again.
  const rank = ["viewer", "coordinator", "editor", "admin"];
  const rows = await db.selectFrom("network_members").select(["user_id", "role"]).execute();
  const best = new Map<string, string>();
  for (const r of rows) {
    const was = best.get(r.user_id);
    const role = r.role === "admin" ? "editor" : r.role;
    if (was === undefined || rank.indexOf(role) > rank.indexOf(was)) best.set(r.user_id, role);
  }
  for (const [id, role] of best) {
    await db.updateTable("users").set({ role }).where("id", "=", id).execute();
  }
  await db.updateTable("users").set({ role: "viewer" }).where("role", "=", "member").execute();
  await db.schema.dropTable("network_members").execute();
}
