import type { Kysely } from "kysely";
import { AppError } from "../core/errors.ts";
import type { Language } from "../core/plan.ts";
import type { LifecycleStatus, ReportStatus } from "../core/policies.ts";
import { memoRows } from "./compiled.ts";
import { type EditionRecord, editionRecord } from "./edition.repository.ts";
import type { DB, PlanRow, ReportEditionRow } from "./schema.ts";
import { langOrder, type TextDocument, unpackDocument } from "./texts.ts";

/** A plan as the app sees it, without its content. */
export type PlanRecord = {
  id: string;
  networkId: string;
  network: { slug: string; name: string };
  year: number;
  /** The language its texts were first stored in. */
  language: Language;
  originalLanguage: Language;
  presentedAt: number | null;
  lifecycleStatus: LifecycleStatus;
  reportStatus: ReportStatus;
  /** The ordinal of the Assembly that approved it, once approved. */
  approvedByAssembly: number | null;
  /** The day the approved report's data stand as of (its dashboard's date); null until approved. */
  reportDataAsOf: string | null;
  /** Who approved the report, when and where (null until approved, or approved without it). */
  reportApproval: ReportApproval | null;
  /** The summary of corrections approved for the report's next edition. */
  reportCorrections: string | null;
  version: number;
  /** Bumped by any change in the plan: the ETag of its documents. */
  revision: number;
  createdAt: string;
  updatedAt: string;
};

/** The body that approved a report (e.g. "Executive Committee"), its date and place. */
export type ReportApproval = { body: string; date: string | null; place: string | null };

export type PlanSummary = PlanRecord & { title: string };

type Joined = PlanRow & { network_slug: string; network_name: string };

const toRecord = (r: Joined): PlanRecord => ({
  id: r.id,
  networkId: r.network_id,
  network: { slug: r.network_slug, name: r.network_name },
  year: r.year,
  language: r.language as Language,
  originalLanguage: r.original_language as Language,
  presentedAt: r.presented_at,
  lifecycleStatus: r.lifecycle_status,
  reportStatus: r.report_status,
  approvedByAssembly: r.approved_by_assembly ?? null,
  reportDataAsOf: r.report_data_as_of ?? null,
  reportApproval: r.report_approved_by
    ? {
        body: r.report_approved_by,
        date: r.report_approved_on ?? null,
        place: r.report_approved_place ?? null,
      }
    : null,
  reportCorrections: r.report_corrections ?? null,
  version: r.version,
  revision: r.revision,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const plansQuery = (db: Kysely<DB>) =>
  db
    .selectFrom("plans")
    .innerJoin("networks", "networks.id", "plans.network_id")
    .selectAll("plans")
    .select(["networks.slug as network_slug", "networks.name as network_name"]);

/**
 * One plan with its network's slug and name taken by subqueries: on SQLite the same lookups
 * as a join cost seven times the CPU (0.1 ms a plan read, twice in every import).
 */
const onePlanQuery = (db: Kysely<DB>) =>
  db
    .selectFrom("plans")
    .selectAll("plans")
    .select((eb) => [
      eb
        .selectFrom("networks")
        .select("networks.slug")
        .whereRef("networks.id", "=", "plans.network_id")
        .$asScalar()
        .$notNull()
        .as("network_slug"),
      eb
        .selectFrom("networks")
        .select("networks.name")
        .whereRef("networks.id", "=", "plans.network_id")
        .$asScalar()
        .$notNull()
        .as("network_name"),
    ]);

export async function findPlan(
  db: Kysely<DB>,
  networkSlug: string,
  year: number,
): Promise<PlanRecord | null> {
  const [row] = await memoRows(db, "findPlan", [networkSlug, year], () =>
    onePlanQuery(db)
      .where("plans.network_id", "=", (eb) =>
        eb.selectFrom("networks").select("networks.id").where("networks.slug", "=", networkSlug),
      )
      .where("plans.year", "=", year),
  );
  return row ? toRecord(row) : null;
}

/**
 * The plan (as findPlan) with its latest published edition (as findEdition; null when it has
 * none), in one statement: a row per language of the edition, or one row without an edition.
 * Every public read of a plan starts here, and on PostgreSQL each statement is a round trip
 * and work for a server whose CPU the readers' requests share.
 */
export async function findPlanHead(
  db: Kysely<DB>,
  networkSlug: string,
  year: number,
): Promise<{ plan: PlanRecord; latest: EditionRecord | null } | null> {
  const rows = await memoRows(db, "findPlanHead", [networkSlug, year], () =>
    onePlanQuery(db)
      .leftJoin("report_editions as e", (join) =>
        join.onRef("e.plan_id", "=", "plans.id").on("e.number", "=", (eb) =>
          eb
            .selectFrom("report_editions as l")
            .select((l) => l.fn.max("l.number").as("n"))
            .whereRef("l.plan_id", "=", "plans.id"),
        ),
      )
      .leftJoin("report_edition_documents as d", "d.edition_id", "e.id")
      .select([
        "e.id as e_id",
        "e.number as e_number",
        "e.published_at as e_published_at",
        "e.published_by as e_published_by",
        "e.data_as_of as e_data_as_of",
        "e.approved_by as e_approved_by",
        "e.approved_on as e_approved_on",
        "e.approved_place as e_approved_place",
        "e.corrections as e_corrections",
        "e.changes as e_changes",
        "d.lang as e_lang",
      ])
      .where("plans.network_id", "=", (eb) =>
        eb.selectFrom("networks").select("networks.id").where("networks.slug", "=", networkSlug),
      )
      .where("plans.year", "=", year)
      .orderBy("d.lang"),
  );
  const [first] = rows;
  if (!first) return null;
  const plan = toRecord(first);
  if (first.e_id === null) return { plan, latest: null };
  const edition: ReportEditionRow = {
    id: first.e_id,
    plan_id: plan.id,
    number: Number(first.e_number),
    published_at: first.e_published_at as string,
    published_by: first.e_published_by,
    data_as_of: first.e_data_as_of as string,
    approved_by: first.e_approved_by,
    approved_on: first.e_approved_on,
    approved_place: first.e_approved_place,
    corrections: first.e_corrections,
    changes: first.e_changes as string,
  };
  return {
    plan,
    latest: editionRecord(
      edition,
      rows.flatMap((r) => (r.e_lang === null ? [] : [r.e_lang as Language])),
    ),
  };
}

export async function findPlanById(db: Kysely<DB>, id: string): Promise<PlanRecord | null> {
  const row = await onePlanQuery(db).where("plans.id", "=", id).executeTakeFirst();
  return row ? toRecord(row) : null;
}

/** The plans with these row ids (those that exist), by id. */
export async function findPlansByIds(
  db: Kysely<DB>,
  ids: readonly string[],
): Promise<Map<string, PlanRecord>> {
  if (ids.length === 0) return new Map();
  const rows = await onePlanQuery(db)
    .where("plans.id", "in", [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, toRecord(r)]));
}

/** The plan with this row id, or not_found. */
export async function getPlanById(db: Kysely<DB>, id: string): Promise<PlanRecord> {
  const plan = await findPlanById(db, id);
  if (!plan) throw new AppError("not_found", "no such plan");
  return plan;
}

/** The plan, or not_found. */
export async function getPlan(
  db: Kysely<DB>,
  networkSlug: string,
  year: number,
): Promise<PlanRecord> {
  const plan = await findPlan(db, networkSlug, year);
  if (!plan) throw new AppError("not_found", `no ${year} plan of network "${networkSlug}"`);
  return plan;
}

/** Whether the database holds any plan at all (one row of the primary key, not the list). */
export async function anyPlanExists(db: Kysely<DB>): Promise<boolean> {
  return (await db.selectFrom("plans").select("id").limit(1).executeTakeFirst()) !== undefined;
}

/** A network's plans without their titles, newest year first (cheap: one indexed query). */
export async function listNetworkPlanRecords(
  db: Kysely<DB>,
  networkSlug: string,
): Promise<PlanRecord[]> {
  const rows = await memoRows(db, "listNetworkPlanRecords", [networkSlug], () =>
    plansQuery(db).where("networks.slug", "=", networkSlug).orderBy("plans.year", "desc"),
  );
  return rows.map(toRecord);
}

/** Plans, newest year first, with their title in `lang` (or the fallback language). */
export async function listPlans(
  db: Kysely<DB>,
  filter: { networkSlug?: string; lang?: Language } = {},
): Promise<PlanSummary[]> {
  return withTitles(db, await listPlanRecords(db, filter), filter.lang);
}

/** The plans (of a network), by network and newest year first, without their titles. */
export async function listPlanRecords(
  db: Kysely<DB>,
  filter: { networkSlug?: string } = {},
): Promise<PlanRecord[]> {
  let q = plansQuery(db);
  if (filter.networkSlug) q = q.where("networks.slug", "=", filter.networkSlug);
  const rows = await q.orderBy("networks.slug").orderBy("plans.year", "desc").execute();
  return rows.map(toRecord);
}

/** `plans` with their titles in `lang` (else in their own language's order of fallbacks). */
export async function withTitles(
  db: Kysely<DB>,
  plans: readonly PlanRecord[],
  lang?: Language,
): Promise<PlanSummary[]> {
  if (plans.length === 0) return [];
  // The plans' own documents only (one small row per plan and language), not their activities'.
  const titles = new Map<string, Map<string, string>>();
  for (const t of await db
    .selectFrom("texts")
    .select(["plan_id", "lang", "value"])
    .where("owner_kind", "=", "plan")
    .where(
      "plan_id",
      "in",
      plans.map((p) => p.id),
    )
    .execute()) {
    const title = unpackDocument<TextDocument>(t.value)[t.plan_id]?.title;
    if (title === undefined) continue;
    const mine = titles.get(t.plan_id) ?? new Map<string, string>();
    mine.set(t.lang, title);
    titles.set(t.plan_id, mine);
  }
  return plans.map((plan) => {
    const mine = titles.get(plan.id);
    const title = langOrder(lang ?? plan.language, plan)
      .map((l) => mine?.get(l))
      .find((v) => v !== undefined);
    return { ...plan, title: title ?? "" };
  });
}

/** The languages a plan has any wording in. */
export async function planLanguages(db: Kysely<DB>, planId: string): Promise<Language[]> {
  const rows = await db
    .selectFrom("texts")
    .select("lang")
    .distinct()
    .where("plan_id", "=", planId)
    .execute();
  return rows.map((r) => r.lang as Language).sort();
}

/** The languages each of `planIds` has any wording in (planLanguages in one statement). */
export async function plansLanguages(
  db: Kysely<DB>,
  planIds: readonly string[],
): Promise<Map<string, Language[]>> {
  const out = new Map<string, Language[]>(planIds.map((id) => [id, []]));
  if (planIds.length === 0) return out;
  const rows = await db
    .selectFrom("texts")
    .select(["plan_id", "lang"])
    .distinct()
    .where("plan_id", "in", [...planIds])
    .execute();
  for (const r of rows) out.get(r.plan_id)?.push(r.lang as Language);
  for (const langs of out.values()) langs.sort();
  return out;
}

export type PlanFields = {
  presentedAt?: number | null;
  lifecycleStatus?: LifecycleStatus;
  reportStatus?: ReportStatus;
};

/**
 * Changes a plan's own columns if its version is still `expectedVersion`, bumping its
 * version; a stale version changes nothing and fails with precondition_failed. The
 * revision moved when the write took the plan (`lockPlan`).
 */
export async function updatePlanRow(
  db: Kysely<DB>,
  planId: string,
  expectedVersion: number,
  fields: PlanFields,
  now: string,
): Promise<number> {
  const res = await db
    .updateTable("plans")
    .set((eb) => ({
      ...(fields.presentedAt !== undefined ? { presented_at: fields.presentedAt } : {}),
      ...(fields.lifecycleStatus ? { lifecycle_status: fields.lifecycleStatus } : {}),
      ...(fields.reportStatus ? { report_status: fields.reportStatus } : {}),
      version: eb("version", "+", 1),
      updated_at: now,
    }))
    .where("id", "=", planId)
    .where("version", "=", expectedVersion)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) await staleOrMissing(db, "plans", planId, expectedVersion);
  return expectedVersion + 1;
}

/**
 * The first statement of every write inside a plan: moves the plan's revision on (its
 * documents' ETag) and so takes the plan's row for the rest of the transaction. Writers
 * to one plan therefore queue here (a row lock on PostgreSQL, the write lock on SQLite),
 * and what they read afterwards is what the writer before them committed. With
 * `expectedRevision` (an If-Match naming the plan's revision) the check and the bump are
 * this one statement: zero rows is precondition_failed (or not_found: no such plan).
 */
export async function lockPlan(
  db: Kysely<DB>,
  networkSlug: string,
  year: number,
  now: string,
  expectedRevision?: number,
): Promise<void> {
  let q = db
    .updateTable("plans")
    .set((eb) => ({ revision: eb("revision", "+", 1), updated_at: now }))
    .where("year", "=", year)
    .where("network_id", "=", (eb) =>
      eb.selectFrom("networks").select("id").where("slug", "=", networkSlug),
    );
  if (expectedRevision !== undefined) q = q.where("revision", "=", expectedRevision);
  const res = await q.executeTakeFirst();
  if (Number(res.numUpdatedRows) > 0) return;
  const plan = await getPlan(db, networkSlug, year);
  throw new AppError(
    "precondition_failed",
    `revision ${expectedRevision} is stale: the plan's current revision is ${plan.revision}`,
  );
}

/** Records the day an approved report's data stand as of (inside the approval's change). */
export async function updatePlanDataAsOf(
  db: Kysely<DB>,
  planId: string,
  dataAsOf: string | null,
): Promise<void> {
  await db
    .updateTable("plans")
    .set({ report_data_as_of: dataAsOf })
    .where("id", "=", planId)
    .execute();
}

/** Records who approved the report and the summary of its corrections (for its next edition). */
export async function updateReportApproval(
  db: Kysely<DB>,
  planId: string,
  approval: ReportApproval | null,
  corrections: string | null,
): Promise<void> {
  await db
    .updateTable("plans")
    .set({
      report_approved_by: approval?.body ?? null,
      report_approved_on: approval?.date ?? null,
      report_approved_place: approval?.place ?? null,
      report_corrections: corrections,
    })
    .where("id", "=", planId)
    .execute();
}

/** Marks a change somewhere inside the plan (its documents' ETag moves on). */
export async function touchPlan(db: Kysely<DB>, planId: string, now: string): Promise<void> {
  await db
    .updateTable("plans")
    .set((eb) => ({ revision: eb("revision", "+", 1), updated_at: now }))
    .where("id", "=", planId)
    .execute();
}

type Versioned =
  | "plans"
  | "networks"
  | "areas"
  | "activities"
  | "sources"
  | "annex_items"
  | "users";

/** Explains a zero-row versioned update: the row is gone (not_found) or was changed (precondition_failed). */
export async function staleOrMissing(
  db: Kysely<DB>,
  table: Versioned,
  id: string,
  expectedVersion: number,
): Promise<never> {
  const row = await db.selectFrom(table).select("version").where("id", "=", id).executeTakeFirst();
  if (!row) throw new AppError("not_found", `no such ${table.replace(/s$/, "")}`);
  throw new AppError(
    "precondition_failed",
    `version ${expectedVersion} is stale: the current version is ${row.version}`,
  );
}

/** Records which Assembly approved the plan. */
export async function setApprovedByAssembly(
  db: Kysely<DB>,
  planId: string,
  ordinal: number,
): Promise<void> {
  await db
    .updateTable("plans")
    .set({ approved_by_assembly: ordinal })
    .where("id", "=", planId)
    .execute();
}

/** Gives a plan inserted anew in place of `old` the old one's history: versions, states, birth. */
export async function carryPlanState(
  db: Kysely<DB>,
  planId: string,
  old: PlanRecord,
): Promise<void> {
  await db
    .updateTable("plans")
    .set({
      version: old.version + 1,
      revision: old.revision + 1,
      lifecycle_status: old.lifecycleStatus,
      report_status: old.reportStatus,
      created_at: old.createdAt,
    })
    .where("id", "=", planId)
    .execute();
}
