// Reads a whole plan document back from its tables (see schema.ts), and the parts other
// repositories need (activities, sources) with their row ids and versions.
import type { Kysely } from "kysely";
import type {
  AnnexItem,
  Assembly,
  Governance,
  Language,
  Location,
  PlanDocument,
  Source,
} from "../core/plan.ts";
import { PLAN_SCHEMA_ID } from "../core/plan.ts";
import { type CitationBag, loadCitations } from "./citations.ts";
import { findPlan, type PlanRecord } from "./plan.repository.ts";
import { type StoredActivity, toSource, toStoredActivity } from "./plan-document.rows.ts";
import type { DB } from "./schema.ts";
import { langOrder, loadTexts, type TextBag } from "./texts.ts";
import { timingFrom } from "./timing.ts";

export type { StoredActivity };

/** The plan's document in `lang` (default: its stored language), or null when there is no plan. */
export async function readPlanDocument(
  db: Kysely<DB>,
  networkSlug: string,
  year: number,
  lang?: Language,
): Promise<PlanDocument | null> {
  const plan = await findPlan(db, networkSlug, year);
  return plan ? readPlanDocumentOf(db, plan, lang ?? plan.language) : null;
}

/** The document of a plan already found, in `lang`, each wording falling back per langOrder. */
export async function readPlanDocumentOf(
  db: Kysely<DB>,
  plan: PlanRecord,
  lang: Language,
): Promise<PlanDocument> {
  const langs = langOrder(lang, plan);
  const texts = await loadTexts(db, plan.id, langs);
  const citations = await loadCitations(db, plan.id);
  const [paragraphs, governance, members, assemblies, areas, activities, annex, sources] =
    await Promise.all([
      db
        .selectFrom("paragraphs")
        .selectAll()
        .where("plan_id", "=", plan.id)
        .orderBy("position")
        .execute(),
      db
        .selectFrom("governance")
        .selectAll()
        .where("plan_id", "=", plan.id)
        .orderBy("position")
        .execute(),
      db
        .selectFrom("governance_members")
        .innerJoin("governance", "governance.id", "governance_members.governance_id")
        .select(["governance_members.governance_id", "governance_members.country"])
        .where("governance.plan_id", "=", plan.id)
        .orderBy("governance_members.position")
        .execute(),
      db
        .selectFrom("assemblies")
        .selectAll()
        .where("plan_id", "=", plan.id)
        .orderBy("position")
        .execute(),
      db
        .selectFrom("areas")
        .selectAll()
        .where("plan_id", "=", plan.id)
        .orderBy("position")
        .execute(),
      readActivitiesOf(db, plan.id, texts, citations),
      db
        .selectFrom("annex_items")
        .selectAll()
        .where("plan_id", "=", plan.id)
        .orderBy("position")
        .execute(),
      readSourcesOf(db, plan.id, texts),
    ]);
  const section = (s: "background" | "purpose") =>
    paragraphs.filter((p) => p.section === s).map((p) => texts.str("paragraph", p.id, "text"));
  return {
    schema: PLAN_SCHEMA_ID,
    network: plan.network,
    year: plan.year,
    title: texts.str("plan", plan.id, "title"),
    language: lang,
    originalLanguage: plan.originalLanguage,
    distribution: texts.get("plan", plan.id, "distribution"),
    presentedAt: plan.presentedAt,
    governance: governance.map(
      (g): Governance => ({
        year: g.year,
        committee: members.filter((m) => m.governance_id === g.id).map((m) => m.country),
        presidency: g.presidency,
        technicalSecretariat: texts.get("governance", g.id, "technical_secretariat"),
        promotingBody: texts.get("governance", g.id, "promoting_body"),
      }),
    ),
    assemblies: assemblies.map(
      (a): Assembly => ({
        ordinal: a.ordinal,
        date: a.date,
        place:
          a.place_kind === null
            ? null
            : {
                kind: a.place_kind as Location["kind"],
                text: texts.str("assembly", a.id, "place"),
                city: a.place_city,
                country: a.place_country,
              },
      }),
    ),
    background: section("background"),
    purpose: section("purpose"),
    areas: areas.map((area) => ({
      code: area.code,
      title: texts.str("area", area.id, "title"),
      objective: texts.str("area", area.id, "objective"),
      activities: activities.filter((a) => a.areaId === area.id).map((a) => a.activity),
    })),
    annexIntro: texts.get("plan", plan.id, "annex_intro"),
    annex: annex.map(
      (item): AnnexItem => ({
        when: timingFrom("when", item, texts.str("annex_item", item.id, "when")),
        title: texts.str("annex_item", item.id, "title"),
        sources: citations.get("annex_item", item.id),
      }),
    ),
    sources,
  };
}

/** Activities of a plan (all, or those with the given row ids), in plan order. */
export async function readActivities(
  db: Kysely<DB>,
  plan: PlanRecord,
  lang: Language,
  activityIds?: readonly string[],
): Promise<StoredActivity[]> {
  const ids = activityIds ? [...activityIds] : undefined;
  // Occurrences own texts and citations too: fetch theirs with the activities'.
  const occIds = ids
    ? (
        await db
          .selectFrom("occurrences")
          .select("id")
          .where("activity_id", "in", ids.length ? ids : [""])
          .execute()
      ).map((o) => o.id)
    : undefined;
  const owners = ids && occIds ? [...ids, ...occIds] : undefined;
  const texts = await loadTexts(db, plan.id, langOrder(lang, plan), owners);
  const citations = await loadCitations(db, plan.id, owners);
  return readActivitiesOf(db, plan.id, texts, citations, ids);
}

async function readActivitiesOf(
  db: Kysely<DB>,
  planId: string,
  texts: TextBag,
  citations: CitationBag,
  ids?: string[],
): Promise<StoredActivity[]> {
  if (ids && ids.length === 0) return [];
  let aq = db
    .selectFrom("activities")
    .innerJoin("areas", "areas.id", "activities.area_id")
    .selectAll("activities")
    .where("activities.plan_id", "=", planId);
  if (ids) aq = aq.where("activities.id", "in", ids);
  let oq = db.selectFrom("occurrences").selectAll().where("plan_id", "=", planId);
  if (ids) oq = oq.where("activity_id", "in", ids);
  let rq = db
    .selectFrom("relations")
    .innerJoin("activities", "activities.id", "relations.activity_id")
    .leftJoin("sources", "sources.id", "relations.source_id")
    .select(["relations.activity_id", "relations.kind", "relations.target", "sources.number"])
    .where("activities.plan_id", "=", planId);
  if (ids) rq = rq.where("relations.activity_id", "in", ids);
  const [rows, occurrences, relations] = await Promise.all([
    aq.orderBy("areas.position").orderBy("activities.position").execute(),
    oq.orderBy("position").execute(),
    rq.orderBy("relations.position").execute(),
  ]);
  // Grouped once: filtering per activity is quadratic (2,000 × 400,000 at the limits).
  const occurrencesOf = groupBy(occurrences, (o) => o.activity_id);
  const relationsOf = groupBy(relations, (x) => x.activity_id);
  return rows.map((r) =>
    toStoredActivity(
      r,
      occurrencesOf.get(r.id) ?? [],
      relationsOf.get(r.id) ?? [],
      texts,
      citations,
    ),
  );
}

/** The items by key, each group in the items' order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = out.get(k);
    if (group) group.push(item);
    else out.set(k, [item]);
  }
  return out;
}

export type StoredSource = { id: string; version: number; source: Source };

/** A plan's sources by number, with row ids and versions. */
export async function readSources(
  db: Kysely<DB>,
  plan: PlanRecord,
  lang: Language,
  numbers?: readonly number[],
): Promise<StoredSource[]> {
  let q = db.selectFrom("sources").selectAll().where("plan_id", "=", plan.id);
  if (numbers) q = q.where("number", "in", numbers.length ? [...numbers] : [-1]);
  const rows = await q.orderBy("number").execute();
  const texts = await loadTexts(
    db,
    plan.id,
    langOrder(lang, plan),
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ id: r.id, version: r.version, source: toSource(r, texts) }));
}

async function readSourcesOf(db: Kysely<DB>, planId: string, texts: TextBag): Promise<Source[]> {
  const rows = await db
    .selectFrom("sources")
    .selectAll()
    .where("plan_id", "=", planId)
    .orderBy("number")
    .execute();
  return rows.map((r) => toSource(r, texts));
}
