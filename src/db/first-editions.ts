import type { Kysely } from "kysely";
import type { Language, PlanDocument } from "../core/plan.ts";
import { insertAudit } from "./audit.repository.ts";
import { findEdition, insertEdition } from "./edition.repository.ts";
import { findPlanById, type PlanRecord, planLanguages } from "./plan.repository.ts";
import { readPlanDocumentOf } from "./plan-document-read.repository.ts";
import { freezePlanVersion, nextPlanVersionNumber } from "./plan-version.repository.ts";
import type { DB } from "./schema.ts";

/**
 * What the public sees is frozen: a published report as its editions, an approved plan as
 * its snapshot (plan_versions, taken at approval and at each recorded amendment). Plans
 * published or approved by a release before that have neither; this gives them their first,
 * made from their current document, so anonymous readers see a frozen view at once (and,
 * because the document is the one that release served, the same content as before).
 *
 * It runs after every migration run (start, `workplan db migrate`, a restore), not as a
 * migration: a migration is frozen in time, and the plan document's reader follows today's
 * schema, which a later migration may change. It is idempotent (only plans without a
 * frozen view are touched) and safe to race: a second instance doing the same plan at
 * once loses on the unique keys and finds the work done. Returns what it froze.
 */
export async function freezeUnfrozenPlans(
  db: Kysely<DB>,
  options: {
    /**
     * The run crossing migration 0013: an approved plan whose report is unpublished is
     * frozen anew even with a snapshot (taken at approval, it lacks the changes an older
     * release showed the public since).
     */
    upgrading?: boolean;
    now?: string;
  } = {},
): Promise<{ editions: string[]; snapshots: string[] }> {
  const now = options.now ?? new Date().toISOString();
  const uneditioned = await db
    .selectFrom("plans")
    .select("id")
    .where("report_status", "=", "published")
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("report_editions")
            .select("report_editions.id")
            .whereRef("report_editions.plan_id", "=", "plans.id"),
        ),
      ),
    )
    .execute();
  const approved = db.selectFrom("plans").select("id").where("lifecycle_status", "=", "approved");
  const unsnapshotted = await (options.upgrading
    ? approved.where("report_status", "!=", "published")
    : approved.where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom("plan_versions")
              .select("plan_versions.id")
              .whereRef("plan_versions.plan_id", "=", "plans.id"),
          ),
        ),
      )
  ).execute();
  const editions: string[] = [];
  const snapshots: string[] = [];
  for (const { id } of uneditioned) {
    if (await once(db, id, firstEdition(id, now))) editions.push(id);
  }
  for (const { id } of unsnapshotted) {
    // Anew, only the one run crossing 0013 freezes (under no race): a failure is real.
    const step = firstSnapshot(id, now, options.upgrading === true);
    const made = options.upgrading
      ? await db.transaction().execute(step)
      : await once(db, id, step);
    if (made) snapshots.push(id);
  }
  return { editions, snapshots };
}

/** Runs `step` in a transaction; another instance having done it (a unique key) is no error. */
async function once(
  db: Kysely<DB>,
  planId: string,
  step: (trx: Kysely<DB>) => Promise<boolean>,
): Promise<boolean> {
  try {
    return await db.transaction().execute(step);
  } catch (e) {
    // Raced: the other instance's rows are there now; else the failure is real.
    if (!(await stillMissing(db, planId))) return false;
    throw e;
  }
}

/** Whether the plan still lacks the frozen view it should have. */
async function stillMissing(db: Kysely<DB>, planId: string): Promise<boolean> {
  const plan = await findPlanById(db, planId);
  if (!plan) return false;
  if (plan.reportStatus === "published" && !(await findEdition(db, planId))) return true;
  if (plan.lifecycleStatus === "approved" && (await nextPlanVersionNumber(db, planId)) === 1) {
    return true;
  }
  return false;
}

/** When the report was published, as the audit trail recorded it (else the plan's last change). */
async function publishedAt(
  db: Kysely<DB>,
  plan: PlanRecord,
): Promise<{ at: string; by: string | null }> {
  const entry = await db
    .selectFrom("audit_log")
    .select(["at", "actor_id"])
    .where("action", "=", "report.publish")
    .where("entity_kind", "=", "plan")
    .where("entity_id", "=", plan.id)
    .orderBy("at", "desc")
    .limit(1)
    .executeTakeFirst();
  return entry ? { at: entry.at, by: entry.actor_id } : { at: plan.updatedAt, by: null };
}

async function documentsOf(
  trx: Kysely<DB>,
  plan: PlanRecord,
): Promise<Map<Language, PlanDocument>> {
  const documents = new Map<Language, PlanDocument>();
  for (const lang of await planLanguages(trx, plan.id)) {
    documents.set(lang, await readPlanDocumentOf(trx, plan, lang));
  }
  return documents;
}

/** Edition 1 of a report published before editions: its document as it stands. */
function firstEdition(planId: string, now: string) {
  return async (trx: Kysely<DB>): Promise<boolean> => {
    const plan = await findPlanById(trx, planId);
    if (plan?.reportStatus !== "published" || (await findEdition(trx, planId))) {
      return false;
    }
    const { at, by } = await publishedAt(trx, plan);
    await insertEdition(trx, {
      planId,
      number: 1,
      publishedAt: at,
      publishedBy: by,
      dataAsOf: plan.reportDataAsOf ?? `${plan.year}-12-31`,
      approval: plan.reportApproval,
      corrections: null,
      changes: [],
      documents: await documentsOf(trx, plan),
    });
    await insertAudit(trx, {
      at: now,
      actorId: null,
      action: "report.first_edition",
      entityKind: "plan",
      entityId: planId,
      planId,
      before: null,
      after: { edition: 1, publishedAt: at },
    });
    return true;
  };
}

/**
 * The public snapshot of a plan approved by an older release: its document as it stands
 * (what that release served); `anew`: even when it has one (taken at its approval).
 */
function firstSnapshot(planId: string, now: string, anew: boolean) {
  return async (trx: Kysely<DB>): Promise<boolean> => {
    const plan = await findPlanById(trx, planId);
    if (plan?.lifecycleStatus !== "approved") return false;
    if (!anew && (await nextPlanVersionNumber(trx, planId)) !== 1) return false;
    await freezePlanVersion(trx, plan, now, null);
    return true;
  };
}
