import { type Kysely, sql } from "kysely";
import { keepTranslations } from "../core/language.ts";
import type { Language, PlanDocument } from "../core/plan.ts";
import { newId } from "./ids.ts";
import { type PlanRecord, planLanguages } from "./plan.repository.ts";
import { readPlanDocumentOf } from "./plan-document-read.repository.ts";
import { documentChunks } from "./plan-document-write.repository.ts";
import type { DB } from "./schema.ts";

/** The number the plan's next frozen version gets (1 for the first). */
export async function nextPlanVersionNumber(db: Kysely<DB>, planId: string): Promise<number> {
  const prev = await db
    .selectFrom("plan_versions")
    .select((eb) => eb.fn.max("number").as("n"))
    .where("plan_id", "=", planId)
    .executeTakeFirst();
  return Number(prev?.n ?? 0) + 1;
}

/** A plan's document in one language frozen as version `number`. */
export type PlanVersionInput = {
  planId: string;
  number: number;
  lang: Language;
  document: unknown;
  now: string;
  actorId: string | null;
};

/** Freezes the plan's document in one language as version `number`. */
export async function insertPlanVersion(db: Kysely<DB>, v: PlanVersionInput): Promise<void> {
  await insertPlanVersions(db, [v]);
}

/** Versions (of any plans) in multi-row INSERTs: what insertPlanVersion does, in bulk. */
export async function insertPlanVersions(
  db: Kysely<DB>,
  versions: readonly PlanVersionInput[],
): Promise<void> {
  const rows = versions.map((v) => ({
    id: newId(),
    plan_id: v.planId,
    number: v.number,
    lang: v.lang,
    document: JSON.stringify(v.document),
    created_at: v.now,
    created_by: v.actorId,
  }));
  for (const part of documentChunks(rows)) {
    await db.insertInto("plan_versions").values(part).execute();
  }
}

/** The greatest version number of each of `planIds` that has one. */
export async function latestPlanVersionNumbers(
  db: Kysely<DB>,
  planIds: readonly string[],
): Promise<Map<string, number>> {
  if (planIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("plan_versions")
    .select((eb) => ["plan_id", eb.fn.max("number").as("n")])
    .where("plan_id", "in", [...planIds])
    .groupBy("plan_id")
    .execute();
  return new Map(rows.map((r) => [r.plan_id, Number(r.n)]));
}

/** The latest frozen version of a plan (its number and the languages it holds), or null. */
export async function findLatestPlanVersion(
  db: Kysely<DB>,
  planId: string,
): Promise<{ number: number; languages: Language[]; frozenAt: string } | null> {
  const number = (await nextPlanVersionNumber(db, planId)) - 1;
  if (number < 1) return null;
  const rows = await db
    .selectFrom("plan_versions")
    .select(["lang", "created_at"])
    .where("plan_id", "=", planId)
    .where("number", "=", number)
    .orderBy("lang")
    .execute();
  return {
    number,
    languages: rows.map((r) => r.lang as Language),
    frozenAt: rows[0]?.created_at ?? "",
  };
}

/** A frozen version's document in `lang` (its JSON text), or null. */
export async function findPlanVersionDocument(
  db: Kysely<DB>,
  planId: string,
  number: number,
  lang: Language,
): Promise<string | null> {
  const row = await db
    .selectFrom("plan_versions")
    .select("document")
    .where("plan_id", "=", planId)
    .where("number", "=", number)
    .where("lang", "=", lang)
    .executeTakeFirst();
  return row?.document ?? null;
}

/** The first `chars` characters of a frozen version's document (see findPlanVersionDocument). */
export async function findPlanVersionDocumentStart(
  db: Kysely<DB>,
  planId: string,
  number: number,
  lang: Language,
  chars: number,
): Promise<string | null> {
  const row = await db
    .selectFrom("plan_versions")
    .select(sql<string>`substr(document, 1, ${chars})`.as("start"))
    .where("plan_id", "=", planId)
    .where("number", "=", number)
    .where("lang", "=", lang)
    .executeTakeFirst();
  return row?.start ?? null;
}

/**
 * Freezes the plan's document as it stands, in every language it has, as its next version
 * (the approved plan the public reads before its first report edition); returns its number.
 * With `keepTranslations` (a recorded amendment), the translations keep what the version
 * before showed wherever the original is unchanged, and a language that version did not
 * have is not frozen: translations reach the public with the next edition, never through
 * an amendment.
 */
export async function freezePlanVersion(
  db: Kysely<DB>,
  plan: PlanRecord,
  now: string,
  actorId: string | null,
  options: { keepTranslations?: boolean } = {},
): Promise<number> {
  const number = await nextPlanVersionNumber(db, plan.id);
  const original = await readPlanDocumentOf(db, plan, plan.language);
  const before = async (lang: Language): Promise<PlanDocument | null> => {
    if (!options.keepTranslations || number === 1) return null;
    const json = await findPlanVersionDocument(db, plan.id, number - 1, lang);
    return json === null ? null : (JSON.parse(json) as PlanDocument);
  };
  const previousOriginal = await before(plan.language);
  for (const lang of await planLanguages(db, plan.id)) {
    let document = lang === plan.language ? original : await readPlanDocumentOf(db, plan, lang);
    if (previousOriginal && lang !== plan.language) {
      const previous = await before(lang);
      if (!previous) continue;
      document = keepTranslations(previous, document, previousOriginal, original);
    }
    await insertPlanVersion(db, { planId: plan.id, number, lang, document, now, actorId });
  }
  return number;
}
