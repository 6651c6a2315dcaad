import type { Kysely } from "kysely";
import { newId } from "./ids.ts";
import { insertChunks } from "./plan-document-write.repository.ts";
import type { DB } from "./schema.ts";

export type AuditEntry = {
  id: string;
  at: string;
  actorId: string | null;
  /** e.g. "activity.set_status", "plan.import". */
  action: string;
  entityKind: string;
  entityId: string;
  /** The plan changed, when the change was to plan content. */
  planId?: string | null;
  before: unknown;
  after: unknown;
};

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

const auditRow = (id: string, entry: Omit<AuditEntry, "id">) => ({
  id,
  at: entry.at,
  actor_id: entry.actorId,
  action: entry.action,
  entity_kind: entry.entityKind,
  entity_id: entry.entityId,
  plan_id: entry.planId ?? null,
  before: json(entry.before),
  after: json(entry.after),
});

/** Appends one entry to the audit trail (before/after stored as JSON text). */
export async function insertAudit(db: Kysely<DB>, entry: Omit<AuditEntry, "id">): Promise<string> {
  const id = newId();
  await db.insertInto("audit_log").values(auditRow(id, entry)).execute();
  return id;
}

/** Appends entries to the audit trail in multi-row INSERTs (see insertAudit). */
export async function insertAudits(
  db: Kysely<DB>,
  entries: readonly Omit<AuditEntry, "id">[],
): Promise<void> {
  const rows = entries.map((e) => auditRow(newId(), e));
  for (const part of insertChunks(rows)) await db.insertInto("audit_log").values(part).execute();
}

/** Audit entries, newest first (ids are time-ordered). */
export async function listAudit(
  db: Kysely<DB>,
  filter: {
    entityKind?: string;
    entityId?: string;
    actorId?: string;
    planId?: string;
    id?: string;
    limit?: number;
  } = {},
): Promise<AuditEntry[]> {
  let q = db.selectFrom("audit_log").selectAll();
  if (filter.entityKind) q = q.where("entity_kind", "=", filter.entityKind);
  if (filter.entityId) q = q.where("entity_id", "=", filter.entityId);
  if (filter.actorId) q = q.where("actor_id", "=", filter.actorId);
  if (filter.planId) q = q.where("plan_id", "=", filter.planId);
  if (filter.id) q = q.where("id", "=", filter.id);
  const rows = await q
    .orderBy("id", "desc")
    .limit(filter.limit ?? 100)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actorId: r.actor_id,
    action: r.action,
    entityKind: r.entity_kind,
    entityId: r.entity_id,
    planId: r.plan_id,
    before: r.before === null ? null : JSON.parse(r.before),
    after: r.after === null ? null : JSON.parse(r.after),
  }));
}
