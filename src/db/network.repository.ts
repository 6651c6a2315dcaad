import type { Kysely } from "kysely";
import type { Network } from "../core/plan.ts";
import { memoRows } from "./compiled.ts";
import { newId } from "./ids.ts";
import { staleOrMissing } from "./plan.repository.ts";
import type { DB, NetworkRow } from "./schema.ts";

export type NetworkRecord = Network & { id: string; version: number; updatedAt: string };

const toRecord = (r: NetworkRow): NetworkRecord => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  version: r.version,
  updatedAt: r.updated_at,
});

export async function listNetworks(db: Kysely<DB>): Promise<NetworkRecord[]> {
  const rows = await db.selectFrom("networks").selectAll().orderBy("slug").execute();
  return rows.map(toRecord);
}

export async function findNetwork(db: Kysely<DB>, slug: string): Promise<NetworkRecord | null> {
  const [row] = await memoRows(db, "findNetwork", [slug], () =>
    db.selectFrom("networks").selectAll().where("slug", "=", slug),
  );
  return row ? toRecord(row) : null;
}

export async function insertNetwork(
  db: Kysely<DB>,
  network: Network,
  now: string,
): Promise<NetworkRecord> {
  const row: NetworkRow = {
    id: newId(),
    slug: network.slug,
    name: network.name,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto("networks").values(row).execute();
  return toRecord(row);
}

/** Renames a network if it is still at `expectedVersion`; returns the new version. */
export async function updateNetwork(
  db: Kysely<DB>,
  id: string,
  expectedVersion: number,
  fields: { name: string },
  now: string,
): Promise<number> {
  const res = await db
    .updateTable("networks")
    .set((eb) => ({ name: fields.name, version: eb("version", "+", 1), updated_at: now }))
    .where("id", "=", id)
    .where("version", "=", expectedVersion)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) await staleOrMissing(db, "networks", id, expectedVersion);
  return expectedVersion + 1;
}
