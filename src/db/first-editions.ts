import type { Kysely } from "kysely";
import { insertAudits } from "./audit.repository.ts";
import { findEdition, insertEditions } from "./edition.repository.ts";
import {
  findPlanById,
  findPlansByIds,
  type PlanRecord,
  plansLanguages,
} from "./plan.repository.ts";
import { readPlanDocumentsOf } from "./plan-document-read.repository.ts";
import {
  insertPlanVersions,
  latestPlanVersionNumbers,
  nextPlanVersionNumber,
} from "./plan-version.repository.ts";
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
 * once loses on the unique keys and finds the work done. Plans are frozen BATCH to a
 * transaction, a plan's edition and snapshot in the same one, so a failure or a crash leaves
 * no plan half frozen and the next run continues where this one stopped; a batch that fails
 * is done again plan by plan. Returns what it froze.
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
  const wantEdition = new Set(uneditioned.map((r) => r.id));
  const wantSnapshot = new Set(unsnapshotted.map((r) => r.id));
  const want = { edition: wantEdition, snapshot: wantSnapshot, anew: options.upgrading === true };
  const ids = [...new Set([...wantEdition, ...wantSnapshot])];
  const editions: string[] = [];
  const snapshots: string[] = [];
  for (let i = 0; i < ids.length; i += BATCH) {
    const part = ids.slice(i, i + BATCH);
    let made: Frozen;
    try {
      made = await db.transaction().execute((trx) => freezeBatch(trx, part, want, now));
    } catch {
      // Another instance froze some of them meanwhile (a unique key), or one plan fails:
      // plan by plan, each all or nothing, so the others are frozen and the failure is its own.
      made = { editions: [], snapshots: [] };
      for (const id of part) {
        const step = (trx: Kysely<DB>) => freezeBatch(trx, [id], want, now);
        // Anew, only the one run crossing 0013 freezes (under no race): a failure is real.
        const one = want.anew ? await db.transaction().execute(step) : await once(db, id, step);
        made.editions.push(...one.editions);
        made.snapshots.push(...one.snapshots);
      }
    }
    editions.push(...made.editions);
    snapshots.push(...made.snapshots);
  }
  return { editions, snapshots };
}

/** Plans frozen per transaction: their reads and writes shared, their documents in memory. */
const BATCH = 50;

type Frozen = { editions: string[]; snapshots: string[] };
type Wanted = { edition: ReadonlySet<string>; snapshot: ReadonlySet<string>; anew: boolean };

/** Runs `step` in a transaction; another instance having done it (a unique key) is no error. */
async function once(
  db: Kysely<DB>,
  planId: string,
  step: (trx: Kysely<DB>) => Promise<Frozen>,
): Promise<Frozen> {
  try {
    return await db.transaction().execute(step);
  } catch (e) {
    // Raced: the other instance's rows are there now; else the failure is real.
    if (!(await stillMissing(db, planId))) return { editions: [], snapshots: [] };
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

/**
 * Gives each of `ids` what it still lacks, as it stands inside `trx`: edition 1 of a report
 * published before editions (its document as it stands, published when the audit trail says),
 * and the public snapshot of a plan approved by an older release (`anew`: even when it has
 * one, taken at its approval). A plan's document is read once per language for both, and the
 * rows of all are written by a few multi-row INSERTs.
 */
async function freezeBatch(
  trx: Kysely<DB>,
  ids: readonly string[],
  want: Wanted,
  now: string,
): Promise<Frozen> {
  const plans = await findPlansByIds(trx, ids);
  const editioned = new Set(
    (
      await trx
        .selectFrom("report_editions")
        .select("plan_id")
        .where("plan_id", "in", [...ids])
        .execute()
    ).map((r) => r.plan_id),
  );
  const versions = await latestPlanVersionNumbers(trx, ids);
  const editionOf: PlanRecord[] = [];
  const snapshotOf: PlanRecord[] = [];
  for (const id of ids) {
    const plan = plans.get(id);
    if (!plan) continue;
    if (want.edition.has(id) && plan.reportStatus === "published" && !editioned.has(id)) {
      editionOf.push(plan);
    }
    if (
      want.snapshot.has(id) &&
      plan.lifecycleStatus === "approved" &&
      (want.anew || !versions.has(id))
    ) {
      snapshotOf.push(plan);
    }
  }
  const touched = [...new Set([...editionOf, ...snapshotOf])];
  if (touched.length === 0) return { editions: [], snapshots: [] };
  const languages = await plansLanguages(
    trx,
    touched.map((p) => p.id),
  );
  const documents = await readPlanDocumentsOf(trx, touched, (plan) => languages.get(plan.id) ?? []);
  const published = await publishedAt(trx, editionOf);
  await insertEditions(
    trx,
    editionOf.map((plan) => ({
      planId: plan.id,
      number: 1,
      publishedAt: published.get(plan.id)?.at ?? plan.updatedAt,
      publishedBy: published.get(plan.id)?.by ?? null,
      dataAsOf: plan.reportDataAsOf ?? `${plan.year}-12-31`,
      approval: plan.reportApproval,
      corrections: null,
      changes: [],
      documents: documents.get(plan.id) ?? new Map(),
    })),
  );
  await insertAudits(
    trx,
    editionOf.map((plan) => ({
      at: now,
      actorId: null,
      action: "report.first_edition",
      entityKind: "plan",
      entityId: plan.id,
      planId: plan.id,
      before: null,
      after: { edition: 1, publishedAt: published.get(plan.id)?.at ?? plan.updatedAt },
    })),
  );
  await insertPlanVersions(
    trx,
    snapshotOf.flatMap((plan) =>
      [...(documents.get(plan.id) ?? [])].map(([lang, document]) => ({
        planId: plan.id,
        number: (versions.get(plan.id) ?? 0) + 1,
        lang,
        document,
        now,
        actorId: null,
      })),
    ),
  );
  return { editions: editionOf.map((p) => p.id), snapshots: snapshotOf.map((p) => p.id) };
}

/**
 * When each report was published, as the audit trail recorded it (the latest entry); a plan
 * without one is not in the map (its last change stands in).
 */
async function publishedAt(
  db: Kysely<DB>,
  plans: readonly PlanRecord[],
): Promise<Map<string, { at: string; by: string | null }>> {
  const out = new Map<string, { at: string; by: string | null }>();
  if (plans.length === 0) return out;
  const entries = await db
    .selectFrom("audit_log")
    .select(["entity_id", "at", "actor_id"])
    .where("action", "=", "report.publish")
    .where("entity_kind", "=", "plan")
    .where(
      "entity_id",
      "in",
      plans.map((p) => p.id),
    )
    .orderBy("at")
    .execute();
  for (const e of entries) out.set(e.entity_id, { at: e.at, by: e.actor_id });
  return out;
}
