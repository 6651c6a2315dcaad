// Reads a whole plan document back from its tables (see schema.ts), and the parts other
// repositories need (activities, sources) with their row ids and versions.
import type { Kysely, Selectable } from "kysely";
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
import {
  CitationBag,
  type CitationDocument,
  citationBagOf,
  loadCitations,
  type StoredCitationDocument,
} from "./citations.ts";
import { inChunks } from "./in-chunks.ts";
import { findPlan, type PlanRecord } from "./plan.repository.ts";
import { type StoredActivity, toSource, toStoredActivity } from "./plan-document.rows.ts";
import type { DB, TextOwner } from "./schema.ts";
import {
  langOrder,
  loadTexts,
  type StoredTextDocument,
  TextBag,
  type TextDocument,
  type TextPlace,
  unpackDocument,
} from "./texts.ts";
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
  return (await readPlanDocumentAndPlaces(db, plan, lang)).document;
}

/**
 * The document of a plan in `lang` and, per translatable text (by JSON Pointer, see
 * core/language.ts translatableTexts), the row and field its words live in.
 */
export async function readPlanDocumentAndPlaces(
  db: Kysely<DB>,
  plan: PlanRecord,
  lang: Language,
): Promise<{ document: PlanDocument; places: Map<string, TextPlace> }> {
  const rows = (await readPlanRows(db, [plan.id], langOrder(lang, plan))).get(plan.id);
  return documentOf(plan, lang, rows ?? emptyRows());
}

/**
 * The documents of several plans, each in the languages `langsOf` names: what
 * readPlanDocumentOf gives for each, from a dozen statements for them all (each table asked
 * once, by the plans' ids) instead of a dozen per plan and language.
 */
export async function readPlanDocumentsOf(
  db: Kysely<DB>,
  plans: readonly PlanRecord[],
  langsOf: (plan: PlanRecord) => readonly Language[],
): Promise<Map<string, Map<Language, PlanDocument>>> {
  const out = new Map<string, Map<Language, PlanDocument>>();
  const rows = await readPlanRows(
    db,
    plans.map((p) => p.id),
  );
  for (const plan of plans) {
    const mine = new Map<Language, PlanDocument>();
    for (const lang of langsOf(plan)) {
      mine.set(lang, documentOf(plan, lang, rows.get(plan.id) ?? emptyRows()).document);
    }
    out.set(plan.id, mine);
  }
  return out;
}

type Row<T extends keyof DB> = Selectable<DB[T]>;
type RelationRow = { activity_id: string; kind: string; target: string; number: number | null };

/** What a plan's document is made of, as its tables hold it. */
type PlanRows = {
  texts: StoredTextDocument[];
  citations: StoredCitationDocument[];
  paragraphs: Row<"paragraphs">[];
  governance: Row<"governance">[];
  members: { governance_id: string; country: string }[];
  assemblies: Row<"assemblies">[];
  areas: Row<"areas">[];
  activities: Row<"activities">[];
  occurrences: Row<"occurrences">[];
  relations: RelationRow[];
  annex: Row<"annex_items">[];
  sources: Row<"sources">[];
};

const emptyRows = (): PlanRows => ({
  texts: [],
  citations: [],
  paragraphs: [],
  governance: [],
  members: [],
  assemblies: [],
  areas: [],
  activities: [],
  occurrences: [],
  relations: [],
  annex: [],
  sources: [],
});

/**
 * The rows of the plans' documents (their texts in `langs` when given, else in all), by plan.
 * Every statement asks one table by the plans' ids on its plan index, each in document order;
 * rows of tables without a plan column (governance members, relations) are asked by their
 * parents' ids, and a join is on the plan's index on both sides: PostgreSQL, misjudging how
 * many rows a plan has (clustered ids, or no statistics yet after a restore), would otherwise
 * scan a whole table for one plan.
 */
async function readPlanRows(
  db: Kysely<DB>,
  planIds: readonly string[],
  langs?: readonly string[],
): Promise<Map<string, PlanRows>> {
  const ids = [...planIds];
  let tq = db
    .selectFrom("texts")
    .select(["plan_id", "owner_kind", "lang", "value"])
    .where("plan_id", "in", ids);
  if (langs) tq = tq.where("lang", "in", [...langs]);
  const [
    texts,
    citations,
    paragraphs,
    governance,
    assemblies,
    areas,
    activities,
    occurrences,
    annex,
    sources,
  ] = await Promise.all([
    tq.execute(),
    db
      .selectFrom("citations")
      .select(["plan_id", "owner_kind", "value"])
      .where("plan_id", "in", ids)
      .execute(),
    db
      .selectFrom("paragraphs")
      .selectAll()
      .where("plan_id", "in", ids)
      .orderBy("position")
      .execute(),
    db
      .selectFrom("governance")
      .selectAll()
      .where("plan_id", "in", ids)
      .orderBy("position")
      .execute(),
    db
      .selectFrom("assemblies")
      .selectAll()
      .where("plan_id", "in", ids)
      .orderBy("position")
      .execute(),
    db.selectFrom("areas").selectAll().where("plan_id", "in", ids).orderBy("position").execute(),
    db
      .selectFrom("activities")
      .innerJoin("areas", "areas.id", "activities.area_id")
      .selectAll("activities")
      .where("activities.plan_id", "in", ids)
      .where("areas.plan_id", "in", ids)
      .orderBy("areas.position")
      .orderBy("activities.position")
      .execute(),
    db
      .selectFrom("occurrences")
      .selectAll()
      .where("plan_id", "in", ids)
      .orderBy("position")
      .execute(),
    db
      .selectFrom("annex_items")
      .selectAll()
      .where("plan_id", "in", ids)
      .orderBy("position")
      .execute(),
    db.selectFrom("sources").selectAll().where("plan_id", "in", ids).orderBy("number").execute(),
  ]);
  // What has no plan column, by its parents' ids.
  const [members, relations] = await Promise.all([
    inChunks(
      governance.map((g) => g.id),
      (part) =>
        db
          .selectFrom("governance_members")
          .select(["governance_id", "country"])
          .where("governance_id", "in", part)
          .orderBy("position")
          .execute(),
    ),
    relationsOf(
      db,
      activities.map((a) => a.id),
    ),
  ]);
  const out = new Map<string, PlanRows>(ids.map((id) => [id, emptyRows()]));
  const rowsOf = (planId: string) => out.get(planId) as PlanRows;
  for (const t of texts) {
    rowsOf(t.plan_id).texts.push({
      kind: t.owner_kind,
      lang: t.lang,
      doc: unpackDocument<TextDocument>(t.value),
    });
  }
  for (const c of citations) {
    rowsOf(c.plan_id).citations.push({
      kind: c.owner_kind,
      doc: unpackDocument<CitationDocument>(c.value),
    });
  }
  for (const r of paragraphs) rowsOf(r.plan_id).paragraphs.push(r);
  const planOfGovernance = new Map<string, string>();
  for (const r of governance) {
    rowsOf(r.plan_id).governance.push(r);
    planOfGovernance.set(r.id, r.plan_id);
  }
  for (const m of members) rowsOf(planOfGovernance.get(m.governance_id) as string).members.push(m);
  for (const r of assemblies) rowsOf(r.plan_id).assemblies.push(r);
  for (const r of areas) rowsOf(r.plan_id).areas.push(r);
  const planOfActivity = new Map<string, string>();
  for (const r of activities) {
    rowsOf(r.plan_id).activities.push(r);
    planOfActivity.set(r.id, r.plan_id);
  }
  for (const r of occurrences) rowsOf(r.plan_id).occurrences.push(r);
  for (const r of relations) rowsOf(planOfActivity.get(r.activity_id) as string).relations.push(r);
  for (const r of annex) rowsOf(r.plan_id).annex.push(r);
  for (const r of sources) rowsOf(r.plan_id).sources.push(r);
  return out;
}

/** The relations of these activities (with the numbers of the sources they name), in order. */
function relationsOf(db: Kysely<DB>, activityIds: readonly string[]): Promise<RelationRow[]> {
  return inChunks(activityIds, (part) =>
    db
      .selectFrom("relations")
      .leftJoin("sources", "sources.id", "relations.source_id")
      .select(["relations.activity_id", "relations.kind", "relations.target", "sources.number"])
      .where("relations.activity_id", "in", part)
      .orderBy("relations.position")
      .execute(),
  );
}

/** A plan's document in `lang`, and where its texts live, from its rows. */
function documentOf(
  plan: PlanRecord,
  lang: Language,
  rows: PlanRows,
): { document: PlanDocument; places: Map<string, TextPlace> } {
  const langs = langOrder(lang, plan);
  const texts = new TextBag([], langs);
  const wanted = new Set<string>(langs);
  for (const d of rows.texts) if (wanted.has(d.lang)) texts.addDocument(d.kind, d.lang, d.doc);
  const citations = citationBagOf(
    rows.citations,
    new Map(rows.sources.map((r) => [r.id, r.number])),
  );
  const { paragraphs, governance, members, assemblies, areas, annex } = rows;
  const sourceRows = rows.sources;
  const activities = activitiesFrom(
    rows.activities,
    rows.occurrences,
    rows.relations,
    texts,
    citations,
  );
  const sources = sourceRows.map((r) => toSource(r, texts));
  const section = (s: "background" | "purpose") =>
    paragraphs
      .filter((p) => p.section === s)
      .map((p, i) => texts.str("paragraph", p.id, "text", `/${s}/${i}`));
  // The network's name in the plan's original language is the network's own; a translation
  // of it is a text of the plan (field network_name).
  texts.places.set("/network/name", { kind: "plan", id: plan.id, field: "network_name" });
  const networkName = lang === plan.language ? null : texts.exact("plan", plan.id, "network_name");
  if (lang !== plan.language && networkName === null)
    texts.shownIn["/network/name"] = plan.language;
  const document: PlanDocument = {
    schema: PLAN_SCHEMA_ID,
    network: networkName === null ? plan.network : { ...plan.network, name: networkName },
    year: plan.year,
    title: texts.str("plan", plan.id, "title", "/title"),
    language: lang,
    originalLanguage: plan.originalLanguage,
    distribution: texts.get("plan", plan.id, "distribution", "/distribution"),
    presentedAt: plan.presentedAt,
    governance: governance.map(
      (g, i): Governance => ({
        year: g.year,
        committee: members.filter((m) => m.governance_id === g.id).map((m) => m.country),
        presidency: g.presidency,
        technicalSecretariat: texts.get(
          "governance",
          g.id,
          "technical_secretariat",
          `/governance/${i}/technicalSecretariat`,
        ),
        promotingBody: texts.get(
          "governance",
          g.id,
          "promoting_body",
          `/governance/${i}/promotingBody`,
        ),
      }),
    ),
    assemblies: assemblies.map(
      (a, i): Assembly => ({
        ordinal: a.ordinal,
        date: a.date,
        place:
          a.place_kind === null
            ? null
            : {
                kind: a.place_kind as Location["kind"],
                text: texts.str("assembly", a.id, "place", `/assemblies/${i}/place/text`),
                city: a.place_city,
                country: a.place_country,
              },
      }),
    ),
    background: section("background"),
    purpose: section("purpose"),
    areas: areas.map((area, i) => ({
      code: area.code,
      title: texts.str("area", area.id, "title", `/areas/${i}/title`),
      objective: texts.str("area", area.id, "objective", `/areas/${i}/objective`),
      activities: activities.filter((a) => a.areaId === area.id).map((a) => a.activity),
    })),
    annexIntro: texts.get("plan", plan.id, "annex_intro", "/annexIntro"),
    annex: annex.map(
      (item, i): AnnexItem => ({
        when: timingFrom(
          "when",
          item,
          texts.str("annex_item", item.id, "when", `/annex/${i}/when/text`),
        ),
        title: texts.str("annex_item", item.id, "title", `/annex/${i}/title`),
        sources: citations.get("annex_item", item.id),
      }),
    ),
    sources,
  };
  // Activities and sources were read before their places in the document were known.
  document.areas.forEach((area, i) => {
    area.activities.forEach((a, j) => {
      const stored = activities.find((s) => s.activity === a) as StoredActivity;
      texts.pointAt(`/areas/${i}/activities/${j}`, activityTextKeys(stored));
    });
  });
  sourceRows.forEach((r, i) => {
    texts.pointAt(`/sources/${i}`, [
      ["label", "source", r.id, "label"],
      ["note", "source", r.id, "note"],
      ["text", "source", r.id, "text"],
    ]);
  });
  if (Object.keys(texts.shownIn).length > 0) document.textLanguages = { ...texts.shownIn };
  return { document, places: texts.places };
}

/** What counting a plan's progress reads (core/progress.ts planProgress). */
export type PlanStructure = Pick<PlanDocument, "year" | "areas">;

/**
 * The work of some plans without their words: per plan its areas, their activities' codes,
 * timings, statuses and occurrences, with every wording empty and no citations or relations.
 * Three queries for any number of plans (by plan id, each on its index), where whole documents
 * would read every text and citation of each: a network's execution year by year reads this.
 */
export async function readPlanStructures(
  db: Kysely<DB>,
  plans: readonly Pick<PlanRecord, "id" | "year">[],
): Promise<Map<string, PlanStructure>> {
  const out = new Map<string, PlanStructure>();
  if (plans.length === 0) return out;
  const ids = plans.map((p) => p.id);
  const [areas, activities, occurrences] = await Promise.all([
    db.selectFrom("areas").selectAll().where("plan_id", "in", ids).orderBy("position").execute(),
    db
      .selectFrom("activities")
      .selectAll()
      .where("plan_id", "in", ids)
      .orderBy("position")
      .execute(),
    db
      .selectFrom("occurrences")
      .selectAll()
      .where("plan_id", "in", ids)
      .orderBy("position")
      .execute(),
  ]);
  const noTexts = new TextBag([], []);
  const noCitations = new CitationBag([]);
  const occurrencesOf = groupBy(occurrences, (o) => o.activity_id);
  const activitiesOf = groupBy(activities, (a) => a.area_id);
  const areasOf = groupBy(areas, (a) => a.plan_id);
  for (const p of plans) {
    out.set(p.id, {
      year: p.year,
      areas: (areasOf.get(p.id) ?? []).map((area) => ({
        code: area.code,
        title: "",
        objective: "",
        activities: (activitiesOf.get(area.id) ?? []).map(
          (r) =>
            toStoredActivity(r, occurrencesOf.get(r.id) ?? [], [], noTexts, noCitations).activity,
        ),
      })),
    });
  }
  return out;
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
  const texts = await loadTexts(db, plan.id, langOrder(lang, plan), owners, [
    "activity",
    "occurrence",
  ]);
  const citations = await loadCitations(db, plan.id, owners, ["activity", "status", "occurrence"]);
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
  // Both sides of the join by the plan's index (see readPlanRows).
  let aq = db
    .selectFrom("activities")
    .innerJoin("areas", "areas.id", "activities.area_id")
    .selectAll("activities")
    .where("activities.plan_id", "=", planId)
    .where("areas.plan_id", "=", planId);
  if (ids) aq = aq.where("activities.id", "in", ids);
  let oq = db.selectFrom("occurrences").selectAll().where("plan_id", "=", planId);
  if (ids) oq = oq.where("activity_id", "in", ids);
  const [rows, occurrences] = await Promise.all([
    aq.orderBy("areas.position").orderBy("activities.position").execute(),
    oq.orderBy("position").execute(),
  ]);
  const relations = await relationsOf(
    db,
    rows.map((r) => r.id),
  );
  return activitiesFrom(rows, occurrences, relations, texts, citations);
}

/** Activities from their rows, their occurrences' and relations' (each in plan order). */
function activitiesFrom(
  rows: readonly Row<"activities">[],
  occurrences: readonly Row<"occurrences">[],
  relations: readonly RelationRow[],
  texts: TextBag,
  citations: CitationBag,
): StoredActivity[] {
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
    ["source"],
  );
  return rows.map((r) => ({ id: r.id, version: r.version, source: toSource(r, texts) }));
}

/** Where an activity's texts live, by their pointers below the activity's. */
function activityTextKeys(s: StoredActivity): [string, TextOwner, string, string][] {
  return [
    ["title", "activity", s.id, "title"],
    ["location/text", "activity", s.id, "location"],
    ["planned/text", "activity", s.id, "planned"],
    ["status/when/text", "activity", s.id, "status_when"],
    ["status/note", "activity", s.id, "status_note"],
    ["status/text", "activity", s.id, "status_text"],
    ...s.occurrenceIds.map((id, k): [string, TextOwner, string, string] => [
      `occurrences/${k}/when/text`,
      "occurrence",
      id,
      "when",
    ]),
  ];
}
