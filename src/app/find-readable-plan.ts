import { AppError } from "../core/errors.ts";
import type { Language } from "../core/plan.ts";
import { can, planResource, roleIn } from "../core/policies.ts";
import type { Db } from "../db/create-db.ts";
import { type EditionRecord, findEdition, findLatestEditions } from "../db/edition.repository.ts";
import { findNetwork, type NetworkRecord } from "../db/network.repository.ts";
import {
  findPlanHead,
  listNetworkPlanRecords,
  type PlanRecord,
  planLanguages,
} from "../db/plan.repository.ts";
import { findLatestPlanVersion } from "../db/plan-version.repository.ts";
import type { Deps } from "./deps.ts";

export type ReadablePlan = {
  plan: PlanRecord;
  /** The language getPlanDocument will answer in for the `lang` asked. */
  lang: Language;
  /** "plan": the caller may read the plan but not its (unpublished) execution report. */
  view: "full" | "plan";
  /**
   * Opaque: changes whenever what this reader sees of the plan may change (its revision,
   * the view; for an edition, the edition itself). Renderings are cached under it.
   */
  contentVersion: string;
  /**
   * The published edition this reader gets (the public view, or an edition asked for by
   * number): its frozen document and stored files; null for the working copy.
   */
  edition: EditionRecord | null;
  /** The latest published edition (for the working copy's "changed since edition N"). */
  latestEdition: EditionRecord | null;
  /**
   * The approved plan as frozen (at approval, and anew at each recorded amendment) that
   * readers of the public view get before the report's first edition; null otherwise.
   */
  approved: ApprovedSnapshot | null;
  /**
   * The identity of what an anonymous reader sees of this plan now: the latest edition's
   * id, or (before any edition) the approved plan's revision. Public caches key on it.
   */
  publicVersion: string;
};

/** A frozen version of an approved plan: its number and the languages it holds. */
export type ApprovedSnapshot = { number: number; languages: Language[]; frozenAt: string };

export type ReadInput = {
  network: string;
  year: number;
  lang?: Language | undefined;
  /** An edition by number (anyone who may read the plan may read its editions). */
  edition?: number | undefined;
};

/**
 * Whether the actor reads the working copy (the install's administrator, or anyone with a
 * role in the plan's network) or the public view (anonymous readers, and users of other
 * networks).
 */
export const seesWorkingCopy = (actor: Deps["actor"], network: string): boolean =>
  actor !== null && (actor.installAdmin || roleIn(actor, network) !== null);

/**
 * The edition a reader gets: the one asked for (not_found when there is none), else the
 * latest published one (`latest`, as findPlanHead found it) for readers of the public view,
 * else none (the working copy, or a plan never published as an edition).
 */
export async function editionFor(
  db: Db,
  actor: Deps["actor"],
  plan: PlanRecord,
  number: number | undefined,
  latest: EditionRecord | null,
): Promise<{ edition: EditionRecord | null; latest: EditionRecord | null }> {
  if (number !== undefined) {
    const edition = latest?.number === number ? latest : await findEdition(db, plan.id, number);
    if (!edition)
      throw new AppError("not_found", `no edition ${number} of the ${plan.year} report`);
    return { edition, latest };
  }
  return { edition: seesWorkingCopy(actor, plan.network.slug) ? null : latest, latest };
}

/**
 * What the public reads of a plan before its report's first edition: the approved plan as
 * last frozen; null when the plan is not approved (the public reads nothing of it) or its
 * report is published (the public reads its editions).
 */
export async function approvedSnapshotOf(
  db: Db,
  plan: PlanRecord,
  latest: EditionRecord | null,
): Promise<ApprovedSnapshot | null> {
  if (latest || plan.lifecycleStatus !== "approved" || plan.reportStatus === "published") {
    return null;
  }
  return findLatestPlanVersion(db, plan.id);
}

/**
 * The public view's identity: the latest edition, else the approved plan's frozen version,
 * else (a plan the public cannot read) the plan's revision.
 */
export const publicVersionOf = (
  plan: PlanRecord,
  latest: EditionRecord | null,
  approved: ApprovedSnapshot | null,
): string =>
  latest
    ? `edition:${latest.id}`
    : approved
      ? // The report's status shows on its pages and files (a draft note): it moves them.
        `approved:${plan.id}.${approved.number}.${plan.reportStatus}`
      : `${plan.id}.${plan.revision}.public`;

/** The language a frozen view answers in: the one asked if it holds it, else the plan's. */
export const frozenLanguage = (
  plan: PlanRecord,
  held: readonly Language[],
  asked: Language | undefined,
): Language => {
  const lang = documentLanguage(plan, asked);
  return held.includes(lang) ? lang : plan.language;
};

/** Whether a reader gets the approved snapshot: a reader of the public view, no edition asked. */
export const readsApprovedSnapshot = (
  actor: Deps["actor"],
  plan: PlanRecord,
  input: { edition?: number | undefined },
): boolean => input.edition === undefined && !seesWorkingCopy(actor, plan.network.slug);

/** The plan as an edition shows it: published, its data as of the edition's day. */
export const asPublished = (plan: PlanRecord, edition: EditionRecord): PlanRecord => ({
  ...plan,
  reportStatus: "published",
  reportDataAsOf: edition.dataAsOf,
});

/**
 * The cheap half of reading a plan: whether the caller may read it, its revision, and the
 * language and view its document would come in, without reading the document. Lets the
 * HTTP layer answer from a cache keyed by revision. Unreadable plans are not_found.
 */
export async function findReadablePlan(
  deps: Pick<Deps, "db" | "actor">,
  input: ReadInput,
): Promise<ReadablePlan> {
  // The plan and its latest edition in one statement: what most reads need.
  const head = await findPlanHead(deps.db, input.network, input.year);
  const found = readableOrNotFound(deps, input, head?.plan ?? null);
  const { edition, latest } = await editionFor(
    deps.db,
    deps.actor,
    found,
    input.edition,
    head?.latest ?? null,
  );
  return headOf(
    deps,
    input,
    found,
    { edition, latest },
    await approvedSnapshotOf(deps.db, found, latest),
  );
}

/**
 * A network and every plan of it the actor may read, with what findReadablePlan finds of
 * each: what the network's pages draw on, read once (the network, its plans, their latest
 * editions with those editions' languages: three statements, and one per approved plan with
 * no edition).
 */
export type ReadableNetwork = {
  network: NetworkRecord;
  /** The plans the actor may read, newest year first, as stored (not as an edition shows them). */
  records: PlanRecord[];
  /** The latest published edition of each (by plan id), whoever reads it. */
  latest: Map<string, EditionRecord>;
  /** findReadablePlan of each (no edition asked), by year, newest first. */
  heads: Map<number, ReadablePlan>;
};

/** The network `slug` (not_found when there is none) and the plans of it the actor may read. */
export async function findReadableNetwork(
  deps: Pick<Deps, "db" | "actor">,
  slug: string,
): Promise<ReadableNetwork> {
  const network = await getNetwork(deps, slug);
  return { network, ...(await readablePlansOf(deps, network.slug)) };
}

/**
 * findReadablePlan for every plan of a network the actor may read (no edition asked), by
 * year: its look-ups made once for them all, not once a plan.
 */
export async function findReadablePlans(
  deps: Pick<Deps, "db" | "actor">,
  network: string,
): Promise<Map<number, ReadablePlan>> {
  return (await readablePlansOf(deps, network)).heads;
}

async function readablePlansOf(
  deps: Pick<Deps, "db" | "actor">,
  network: string,
): Promise<Omit<ReadableNetwork, "network">> {
  const records = (await listNetworkPlanRecords(deps.db, network)).filter((p) =>
    can(deps.actor, "read", planResource(p)),
  );
  const latest = await findLatestEditions(
    deps.db,
    records.map((p) => p.id),
  );
  const heads = new Map<number, ReadablePlan>();
  for (const found of records) {
    const last = latest.get(found.id) ?? null;
    const edition = seesWorkingCopy(deps.actor, found.network.slug) ? null : last;
    const snapshot = await approvedSnapshotOf(deps.db, found, last);
    heads.set(found.year, headOf(deps, {}, found, { edition, latest: last }, snapshot));
  }
  return { records, latest, heads };
}

/** What findReadablePlan gives once the plan, its editions and approved snapshot are found. */
function headOf(
  deps: Pick<Deps, "actor">,
  input: { lang?: Language | undefined; edition?: number | undefined },
  found: PlanRecord,
  { edition, latest }: { edition: EditionRecord | null; latest: EditionRecord | null },
  snapshot: ApprovedSnapshot | null,
): ReadablePlan {
  const publicVersion = publicVersionOf(found, latest, snapshot);
  if (edition) {
    const plan = asPublished(found, edition);
    // An edition holds the languages it was published in; a language attached since becomes
    // public with the next edition, so until then its readers get the edition's original.
    return {
      plan,
      lang: frozenLanguage(plan, edition.languages, input.lang),
      view: "full",
      contentVersion: `edition:${edition.id}`,
      edition,
      latestEdition: latest,
      approved: null,
      publicVersion,
    };
  }
  const plan = found;
  const approved = readsApprovedSnapshot(deps.actor, plan, input) ? snapshot : null;
  if (approved) {
    // Before the first edition the public reads the approved plan as frozen, without its
    // execution (the report is unpublished); translations attached since wait likewise.
    return {
      plan,
      lang: frozenLanguage(plan, approved.languages, input.lang),
      view: "plan",
      contentVersion: `${publicVersion}.plan`,
      edition: null,
      latestEdition: latest,
      approved,
      publicVersion,
    };
  }
  const lang = documentLanguage(plan, input.lang);
  const view = can(deps.actor, "read", {
    kind: "report",
    network: plan.network.slug,
    reportStatus: plan.reportStatus,
  })
    ? "full"
    : "plan";
  return {
    plan,
    lang,
    view,
    contentVersion: contentVersionOf(plan, view),
    edition: null,
    latestEdition: latest,
    approved: null,
    publicVersion,
  };
}

/** The opaque version of what a reader sees of a plan at its current revision. */
export function contentVersionOf(plan: PlanRecord, view: ReadablePlan["view"]): string {
  return `${plan.id}.${plan.revision}.${view}`;
}

/** The plan found, if the actor may read it; else not_found, so drafts stay unseen. */
export function readableOrNotFound(
  deps: Pick<Deps, "actor">,
  input: { network: string; year: number },
  plan: PlanRecord | null,
): PlanRecord {
  if (!plan || !can(deps.actor, "read", planResource(plan))) {
    throw new AppError("not_found", `no ${input.year} plan of network "${input.network}"`);
  }
  return plan;
}

/**
 * The language a plan's document comes in when `asked` is asked for: always the one asked
 * (each text falls back on its own, marked in `textLanguages`), else the plan's original
 * language (the one its texts were written in at creation or import).
 */
export function documentLanguage(plan: PlanRecord, asked: Language | undefined): Language {
  return asked ?? plan.language;
}

/** A network by slug, or not_found (networks are public). */
export async function getNetwork(deps: Pick<Deps, "db">, slug: string): Promise<NetworkRecord> {
  const network = await findNetwork(deps.db, slug);
  if (!network) throw new AppError("not_found", `no network "${slug}"`);
  return network;
}

/** The languages a plan has any wording in. */
export function planLanguagesOf(deps: Pick<Deps, "db">, plan: PlanRecord): Promise<Language[]> {
  return planLanguages(deps.db, plan.id);
}
