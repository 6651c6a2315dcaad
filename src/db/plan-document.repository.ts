import type { Insertable, Kysely } from "kysely";
import type {
  Activity,
  AnnexItem,
  Assembly,
  Governance,
  Language,
  Location,
  PlanDocument,
  Relation,
  Source,
} from "../core/plan.ts";
import { PLAN_SCHEMA_ID } from "../core/plan.ts";
import { type CitationBag, citationRows, loadCitations } from "./citations.ts";
import { newId } from "./ids.ts";
import { findPlan, type PlanRecord } from "./plan.repository.ts";
import type { CitationRow, DB } from "./schema.ts";
import { langOrder, loadTexts, type TextBag, TextRows } from "./texts.ts";
import { timingCols, toTiming } from "./timing.ts";

// A plan document is spread over many tables (see schema.ts); this file writes a whole one
// and reads a whole one back. Reading what was written gives an equal document.

/** Rows per INSERT statement: well under SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 200;

async function insertAll<T extends keyof DB & string>(
  db: Kysely<DB>,
  table: T,
  rows: Insertable<DB[T]>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    // biome-ignore lint/suspicious/noExplicitAny: Kysely cannot type values() over a generic table
    const chunk = rows.slice(i, i + CHUNK) as any;
    await db.insertInto(table).values(chunk).execute();
  }
}

/**
 * Writes a whole plan document as a new plan of `networkId` (the document's language becomes
 * the plan's stored language). Call inside a transaction: it is many statements.
 */
export async function insertPlanDocument(
  db: Kysely<DB>,
  doc: PlanDocument,
  opts: { networkId: string; now: string },
): Promise<{ planId: string }> {
  const planId = newId();
  const { now } = opts;
  const texts = new TextRows(planId, doc.language);
  const sourceIds = new Map(doc.sources.map((s) => [s.id, newId()]));
  const citations: CitationRow[] = [];
  const cite = (kind: CitationRow["owner_kind"], id: string, ns: number[], path: string) =>
    citations.push(...citationRows(planId, kind, id, ns, sourceIds, path));

  await db
    .insertInto("plans")
    .values({
      id: planId,
      network_id: opts.networkId,
      year: doc.year,
      language: doc.language,
      original_language: doc.originalLanguage,
      presented_at: doc.presentedAt,
      lifecycle_status: "draft",
      report_status: "draft",
      version: 1,
      revision: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
  texts.add("plan", planId, "title", doc.title);
  texts.add("plan", planId, "distribution", doc.distribution);
  texts.add("plan", planId, "annex_intro", doc.annexIntro);

  const paragraphs = (["background", "purpose"] as const).flatMap((section) =>
    doc[section].map((text, position) => {
      const id = newId();
      texts.add("paragraph", id, "text", text);
      return { id, plan_id: planId, section, position };
    }),
  );
  await insertAll(db, "paragraphs", paragraphs);

  const members: Insertable<DB["governance_members"]>[] = [];
  const governance = doc.governance.map((g, position) => {
    const id = newId();
    texts.add("governance", id, "technical_secretariat", g.technicalSecretariat);
    texts.add("governance", id, "promoting_body", g.promotingBody);
    g.committee.forEach((country, i) => {
      members.push({ governance_id: id, position: i, country });
    });
    return {
      id,
      plan_id: planId,
      network_id: opts.networkId,
      year: g.year,
      position,
      presidency: g.presidency,
    };
  });
  await insertAll(db, "governance", governance);
  await insertAll(db, "governance_members", members);

  const assemblies = doc.assemblies.map((a, position) => {
    const id = newId();
    texts.add("assembly", id, "place", a.place?.text ?? null);
    return {
      id,
      plan_id: planId,
      network_id: opts.networkId,
      ordinal: a.ordinal,
      position,
      date: a.date,
      place_kind: a.place?.kind ?? null,
      place_city: a.place?.city ?? null,
      place_country: a.place?.country ?? null,
    };
  });
  await insertAll(db, "assemblies", assemblies);

  // Sources first: citations and relations point at them.
  const sources = doc.sources.map((s) => {
    const id = sourceIds.get(s.id) as string;
    texts.add("source", id, "label", s.label);
    texts.add("source", id, "note", s.note);
    texts.add("source", id, "text", s.text);
    return {
      id,
      plan_id: planId,
      number: s.id,
      url: s.url,
      version: 1,
      created_at: now,
      updated_at: now,
    };
  });
  await insertAll(db, "sources", sources);

  const areas: Insertable<DB["areas"]>[] = [];
  const activities: Insertable<DB["activities"]>[] = [];
  const occurrences: Insertable<DB["occurrences"]>[] = [];
  const relations: Insertable<DB["relations"]>[] = [];
  doc.areas.forEach((area, ai) => {
    const areaId = newId();
    areas.push({
      id: areaId,
      plan_id: planId,
      code: area.code,
      position: ai,
      version: 1,
      created_at: now,
      updated_at: now,
    });
    texts.add("area", areaId, "title", area.title);
    texts.add("area", areaId, "objective", area.objective);
    area.activities.forEach((a, position) => {
      const path = `areas.${ai}.activities.${position}`;
      const id = newId();
      activities.push({
        ...activityCols(a),
        id,
        plan_id: planId,
        area_id: areaId,
        position,
        version: 1,
        created_at: now,
        updated_at: now,
      });
      addActivityTexts(texts, id, a);
      cite("activity", id, a.sources, `${path}.sources`);
      cite("status", id, a.status.sources, `${path}.status.sources`);
      a.occurrences.forEach((o, i) => {
        const oid = newId();
        const w = timingCols(o.when);
        occurrences.push({
          id: oid,
          plan_id: planId,
          activity_id: id,
          position: i,
          when_kind: w.kind,
          when_start: w.start,
          when_end: w.end,
          when_count: w.count,
          created_at: now,
        });
        texts.add("occurrence", oid, "when", o.when.text);
        cite("occurrence", oid, o.sources, `${path}.occurrences.${i}.sources`);
      });
      relations.push(
        ...relationRows(
          id,
          a.relations,
          (n, i) =>
            citationRows(planId, "activity", id, [n], sourceIds, `${path}.relations.${i}.source`)[0]
              ?.source_id ?? null,
        ),
      );
    });
  });
  await insertAll(db, "areas", areas);
  await insertAll(db, "activities", activities);
  await insertAll(db, "occurrences", occurrences);
  await insertAll(db, "relations", relations);

  const annex = doc.annex.map((item, position) => {
    const id = newId();
    const w = timingCols(item.when);
    texts.add("annex_item", id, "title", item.title);
    texts.add("annex_item", id, "when", item.when.text);
    cite("annex_item", id, item.sources, `annex.${position}.sources`);
    return {
      id,
      plan_id: planId,
      position,
      when_kind: w.kind,
      when_start: w.start,
      when_end: w.end,
      when_count: w.count,
      version: 1,
      created_at: now,
      updated_at: now,
    };
  });
  await insertAll(db, "annex_items", annex);
  await insertAll(db, "citations", citations);
  await insertAll(db, "texts", texts.rows);
  return { planId };
}

/** The activity's own columns (without ids, area, position, versions). */
export function activityCols(a: Pick<Activity, "code" | "location" | "planned" | "status">) {
  const p = timingCols(a.planned);
  const w = a.status.when ? timingCols(a.status.when) : null;
  return {
    code: a.code,
    location_kind: a.location.kind,
    location_city: a.location.city,
    location_country: a.location.country,
    planned_kind: p.kind,
    planned_start: p.start,
    planned_end: p.end,
    planned_count: p.count,
    status_code: a.status.code,
    status_when_kind: w?.kind ?? null,
    status_when_start: w?.start ?? null,
    status_when_end: w?.end ?? null,
    status_when_count: w?.count ?? null,
  };
}

/** Adds the activity's wordings (not those of its occurrences). */
export function addActivityTexts(
  texts: TextRows,
  id: string,
  a: Pick<Activity, "title" | "location" | "planned" | "status">,
): void {
  texts.add("activity", id, "title", a.title);
  texts.add("activity", id, "location", a.location.text);
  texts.add("activity", id, "planned", a.planned.text);
  texts.add("activity", id, "status_when", a.status.when?.text ?? null);
  texts.add("activity", id, "status_note", a.status.note);
  texts.add("activity", id, "status_text", a.status.text);
}

export function relationRows(
  activityId: string,
  relations: readonly Relation[],
  sourceId: (n: number, i: number) => string | null,
): Insertable<DB["relations"]>[] {
  return relations.map((r, i) => ({
    id: newId(),
    activity_id: activityId,
    position: i,
    kind: r.kind,
    target: r.activity,
    source_id: r.source === null ? null : sourceId(r.source, i),
  }));
}

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
        when: toTiming(
          {
            kind: item.when_kind,
            start: item.when_start,
            end: item.when_end,
            count: item.when_count,
          },
          texts.str("annex_item", item.id, "when"),
        ),
        title: texts.str("annex_item", item.id, "title"),
        sources: citations.get("annex_item", item.id),
      }),
    ),
    sources,
  };
}

export type StoredActivity = {
  id: string;
  areaId: string;
  version: number;
  updatedAt: string;
  activity: Activity;
};

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
  return rows.map((r) => ({
    id: r.id,
    areaId: r.area_id,
    version: r.version,
    updatedAt: r.updated_at,
    activity: {
      code: r.code,
      title: texts.str("activity", r.id, "title"),
      location: {
        kind: r.location_kind as Location["kind"],
        text: texts.str("activity", r.id, "location"),
        city: r.location_city,
        country: r.location_country,
      },
      planned: toTiming(
        {
          kind: r.planned_kind,
          start: r.planned_start,
          end: r.planned_end,
          count: r.planned_count,
        },
        texts.str("activity", r.id, "planned"),
      ),
      status: {
        code: r.status_code as Activity["status"]["code"],
        when:
          r.status_when_kind === null
            ? null
            : toTiming(
                {
                  kind: r.status_when_kind,
                  start: r.status_when_start,
                  end: r.status_when_end,
                  count: r.status_when_count,
                },
                texts.str("activity", r.id, "status_when"),
              ),
        note: texts.get("activity", r.id, "status_note"),
        text: texts.str("activity", r.id, "status_text"),
        sources: citations.get("status", r.id),
      },
      occurrences: (occurrencesOf.get(r.id) ?? []).map((o) => ({
        when: toTiming(
          { kind: o.when_kind, start: o.when_start, end: o.when_end, count: o.when_count },
          texts.str("occurrence", o.id, "when"),
        ),
        sources: citations.get("occurrence", o.id),
      })),
      sources: citations.get("activity", r.id),
      relations: (relationsOf.get(r.id) ?? []).map(
        (x): Relation => ({
          kind: x.kind as Relation["kind"],
          activity: x.target,
          source: x.number ?? null,
        }),
      ),
    },
  }));
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

const toSource = (
  r: { id: string; number: number; url: string | null },
  texts: TextBag,
): Source => ({
  id: r.number,
  url: r.url,
  label: texts.get("source", r.id, "label"),
  note: texts.get("source", r.id, "note"),
  text: texts.get("source", r.id, "text"),
});

/** Deletes a plan and everything in it. */
export async function deletePlan(db: Kysely<DB>, planId: string): Promise<void> {
  await db.deleteFrom("plans").where("id", "=", planId).execute();
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
