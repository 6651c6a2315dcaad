import { z } from "zod";
import { jsonMember, scanJsonMember } from "../core/json-field.ts";
import { Language } from "../core/plan.ts";
import { can, planResource } from "../core/policies.ts";
import {
  type EditionRecord,
  findEditionDocument,
  findEditionSummaries,
  findLatestEditions,
} from "../db/edition.repository.ts";
import {
  anyPlanExists,
  listPlanRecords,
  type PlanRecord,
  type PlanSummary,
  withTitles,
} from "../db/plan.repository.ts";
import {
  findPlanVersionDocument,
  findPlanVersionDocumentStart,
} from "../db/plan-version.repository.ts";
import type { Deps } from "./deps.ts";
import {
  type ApprovedSnapshot,
  approvedSnapshotOf,
  asPublished,
  frozenLanguage,
  type ReadableNetwork,
  seesWorkingCopy,
} from "./find-readable-plan.ts";
import { parseInput } from "./validate.ts";

const Input = z.object({ network: z.string().min(1).optional(), lang: Language.optional() });
export type ListPlansInput = z.input<typeof Input>;

/**
 * The plans the actor may read (anonymous: approved plans, published reports), newest first;
 * a reader of the public view gets each plan as the public view has it (the latest edition,
 * or the approved plan as frozen: title, version, revision, time), never the working copy's.
 */
export async function listPlans(
  deps: Pick<Deps, "db" | "actor">,
  input: ListPlansInput = {},
): Promise<PlanSummary[]> {
  const i = parseInput(Input, input);
  const plans = await listPlanRecords(deps.db, i.network ? { networkSlug: i.network } : {});
  const records = plans.filter((p) => can(deps.actor, "read", planResource(p)));
  // The public views' latest editions and their titles, for all the plans at once.
  const editions = await findLatestEditions(
    deps.db,
    records.filter((p) => !seesWorkingCopy(deps.actor, p.network.slug)).map((p) => p.id),
  );
  return summariesOf(deps, records, editions, i.lang, (p) => approvedSnapshotOf(deps.db, p, null));
}

/**
 * listPlans of a network whose plans findReadableNetwork already found for the same actor:
 * its plans, latest editions and approved snapshots are not read again.
 */
export function listReadablePlans(
  deps: Pick<Deps, "db" | "actor">,
  readable: ReadableNetwork,
  lang: Language | undefined,
): Promise<PlanSummary[]> {
  const snapshots = new Map(
    [...readable.heads.values()].map((h) => [h.plan.id, h.approved] as const),
  );
  return summariesOf(deps, readable.records, readable.latest, lang, async (p) =>
    snapshots.has(p.id) ? (snapshots.get(p.id) ?? null) : approvedSnapshotOf(deps.db, p, null),
  );
}

/**
 * What listPlans gives of `records` (the plans the actor may read, in order), their public
 * views' latest editions (`latest`, by plan id: those of plans the actor reads as they are
 * are not used) and `snapshotOf` a plan with no edition.
 */
async function summariesOf(
  deps: Pick<Deps, "db" | "actor">,
  records: readonly PlanRecord[],
  latest: ReadonlyMap<string, EditionRecord>,
  lang: Language | undefined,
  snapshotOf: (plan: PlanRecord) => Promise<ApprovedSnapshot | null>,
): Promise<PlanSummary[]> {
  const pub = records.filter((p) => !seesWorkingCopy(deps.actor, p.network.slug));
  const editions = new Map<string, EditionRecord>();
  for (const p of pub) {
    const e = latest.get(p.id);
    if (e) editions.set(p.id, e);
  }
  // The working copies' titles, for the plans whose public view is no edition (or who are
  // read as they are): an edition's title is stored with it.
  const readable = await withTitles(
    deps.db,
    records.filter((p) => !editions.has(p.id)),
    lang,
  ).then((titled) => {
    const byId = new Map(titled.map((p) => [p.id, p]));
    return records.map((p) => byId.get(p.id) ?? { ...p, title: "" });
  });
  const asked = (p: PlanRecord, e: EditionRecord) => ({
    editionId: e.id,
    lang: frozenLanguage(p, e.languages, lang),
  });
  // Their titles as stored with their summaries (written with the edition): no document read.
  const summaries = await findEditionSummaries(
    deps.db,
    pub.flatMap((p) => {
      const e = editions.get(p.id);
      return e ? [asked(p, e)] : [];
    }),
  );
  const out: PlanSummary[] = [];
  for (const p of readable) {
    if (seesWorkingCopy(deps.actor, p.network.slug)) {
      out.push(p);
      continue;
    }
    const latest = editions.get(p.id) ?? null;
    if (!latest) {
      out.push(await approvedSummary(deps, p, lang, await snapshotOf(p)));
      continue;
    }
    const { editionId, lang: l } = asked(p, latest);
    const stored = summaries.get(`${editionId}\u0000${l}`)?.documentTitle;
    // A summary stored before it carried the title (until the next start fills it anew).
    const json =
      typeof stored === "string"
        ? null
        : ((await findEditionDocument(deps.db, editionId, l))?.json ?? null);
    const title =
      typeof stored === "string" ? stored : json && (jsonMember(json, "title") as string);
    // The plan as its public view has it: a version, revision and time that move only when
    // that view does, so a working-copy edit shows in no anonymous list.
    out.push({
      ...asPublished(p, latest),
      title: title ?? p.title,
      version: latest.number,
      revision: latest.number,
      updatedAt: latest.publishedAt,
    });
  }
  return out;
}

/**
 * A plan with no edition as its public view has it: the approved plan as frozen (its title,
 * and the frozen version's number and time), or, with no frozen view, as it is.
 */
async function approvedSummary(
  deps: Pick<Deps, "db">,
  plan: PlanSummary,
  lang: Language | undefined,
  approved: ApprovedSnapshot | null,
): Promise<PlanSummary> {
  if (!approved) return plan;
  const l = frozenLanguage(plan, approved.languages, lang);
  const title = await storedTitle((chars) =>
    chars === null
      ? findPlanVersionDocument(deps.db, plan.id, approved.number, l)
      : findPlanVersionDocumentStart(deps.db, plan.id, approved.number, l, chars),
  );
  return {
    ...plan,
    title: title ?? plan.title,
    version: approved.number,
    revision: approved.number,
    updatedAt: approved.frozenAt,
  };
}

/** How much of a stored document is read for its title (its fourth member) at first. */
const TITLE_WITHIN = 2048;

/**
 * A stored document's title (null when there is no such document), read from the first
 * characters of its text, neither the whole ~50 KB carried out of the database nor parsed;
 * the whole text only when the title runs past them.
 */
async function storedTitle(
  read: (chars: number | null) => Promise<string | null>,
): Promise<string | null> {
  const start = await read(TITLE_WITHIN);
  if (start === null) return null;
  const found = scanJsonMember(start, "title");
  if (found) return found.value as string;
  const json = await read(null);
  return json === null ? null : (jsonMember(json, "title") as string);
}

/**
 * Whether the database holds any plan, whoever may read it (a start loads the example into
 * an empty one): one row, where listing them reads every plan's title (25,000 at scale).
 */
export function anyPlan(deps: Pick<Deps, "db">): Promise<boolean> {
  return anyPlanExists(deps.db);
}
