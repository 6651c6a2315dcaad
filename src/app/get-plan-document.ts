import { AppError } from "../core/errors.ts";
import type { Language, PlanDocument } from "../core/plan.ts";
import { can } from "../core/policies.ts";
import {
  type EditionRecord,
  findEditionDocument,
  findEditionDocuments,
  findEditionGzip,
} from "../db/edition.repository.ts";
import { findPlanHead, type PlanRecord, planLanguages } from "../db/plan.repository.ts";
import { readPlanDocumentOf } from "../db/plan-document-read.repository.ts";
import { findPlanVersionDocument } from "../db/plan-version.repository.ts";
import type { Deps } from "./deps.ts";
import {
  approvedSnapshotOf,
  asPublished,
  documentLanguage,
  editionFor,
  frozenLanguage,
  type ReadablePlan,
  readableOrNotFound,
  readsApprovedSnapshot,
} from "./find-readable-plan.ts";
import { redactExecution } from "./redact-execution.ts";
import { transact } from "./transact.ts";

export type GetPlanDocumentInput = {
  network: string;
  year: number;
  lang?: Language | undefined;
  /** An edition by number; by default the public view (latest edition) or the working copy. */
  edition?: number | undefined;
};

export type GetPlanDocumentResult = {
  document: PlanDocument;
  /** `revision` is the document's ETag; `version` that of the plan's own fields. */
  plan: PlanRecord;
  /** The languages the plan has texts in. */
  languages: Language[];
  /** "plan": the execution was left out (the caller may not see an unpublished report). */
  view: "full" | "plan";
  /** The edition the document is (frozen), or null for the working copy. */
  edition: EditionRecord | null;
  /** The latest published edition, if any. */
  latestEdition: EditionRecord | null;
};

/**
 * A plan's document in a language: `lang`, else its original language; each text without a
 * translation falls back (core/language.ts) and is listed in `textLanguages`. Plans the
 * caller may not read are not_found, so drafts stay unseen.
 */
export async function getPlanDocument(
  deps: Deps,
  input: GetPlanDocumentInput,
): Promise<GetPlanDocumentResult> {
  return transact(deps, async (trx) => {
    const head = await findPlanHead(trx, input.network, input.year);
    const found = readableOrNotFound(deps, input, head?.plan ?? null);
    const { edition, latest } = await editionFor(
      trx,
      deps.actor,
      found,
      input.edition,
      head?.latest ?? null,
    );
    const frozen = await frozenPlanDocument(
      { db: trx },
      edition
        ? { plan: asPublished(found, edition), edition, approved: null, latestEdition: latest }
        : {
            plan: found,
            edition: null,
            // The public reads the approved plan as frozen (see findReadablePlan), unexecuted.
            approved: readsApprovedSnapshot(deps.actor, found, input)
              ? await approvedSnapshotOf(trx, found, latest)
              : null,
            latestEdition: latest,
          },
      input.lang,
    );
    if (frozen) return frozen;
    const plan = found;
    const languages = await planLanguages(trx, plan.id);
    const lang = documentLanguage(plan, input.lang);
    const full = await readPlanDocumentOf(trx, plan, lang);
    const seesReport = can(deps.actor, "read", {
      kind: "report",
      network: plan.network.slug,
      reportStatus: plan.reportStatus,
    });
    return {
      document: seesReport ? full : redactExecution(full),
      plan,
      languages,
      view: seesReport ? ("full" as const) : ("plan" as const),
      edition: null,
      latestEdition: latest,
    };
  });
}

/**
 * The JSON text of the document getPlanDocument gives for `input`, where findReadablePlan
 * already found `head` (the plan, its edition or approved snapshot, the language): the plan
 * is not looked up again. An edition's is its stored text as it is (stored as
 * JSON.stringify of the document at publication: the same bytes, neither parsed nor written
 * anew), given gzip-compressed as stored beside it when it is (`gzip`: decompressed, the
 * same bytes); the approved plan's is its frozen document without its execution; the
 * working copy's is read as getPlanDocument reads it.
 */
export async function planDocumentJson(
  deps: Deps,
  head: ReadablePlan,
  input: GetPlanDocumentInput,
): Promise<{ json: string } | { gzip: Buffer }> {
  if (head.edition) {
    const gzip = await findEditionGzip(deps.db, head.edition.id, head.lang);
    if (gzip) return { gzip };
    const stored = await findEditionDocument(deps.db, head.edition.id, head.lang);
    if (!stored) throw new AppError("not_found", `no ${head.lang} document in the edition`);
    return { json: stored.json };
  }
  const frozen = await frozenPlanDocument(deps, head, head.lang);
  if (frozen) return { json: JSON.stringify(frozen.document) };
  const { document } = await getPlanDocument(deps, { ...input, lang: head.lang });
  return { json: JSON.stringify(document) };
}

/**
 * What getPlanDocument gives a reader of a frozen view (an edition, or the approved plan
 * before any) whose `head` findReadablePlan already found, in `lang` (else the plan's):
 * read without looking the plan up again. Null for the working copy (getPlanDocument reads it).
 */
export async function frozenPlanDocument(
  deps: Pick<Deps, "db">,
  head: FrozenHead,
  lang: Language | undefined,
): Promise<GetPlanDocumentResult | null> {
  const { plan, edition } = head;
  if (edition) {
    const l = frozenLanguage(plan, edition.languages, lang);
    return editionResult(head, edition, l, await findEditionDocument(deps.db, edition.id, l));
  }
  return approvedDocument(deps, head, lang);
}

type FrozenHead = Pick<ReadablePlan, "plan" | "edition" | "approved" | "latestEdition">;

/**
 * frozenPlanDocument for several heads, in order: their editions' documents read in one
 * statement (a network's home shows up to three plans).
 */
export async function frozenPlanDocuments(
  deps: Pick<Deps, "db">,
  heads: readonly FrozenHead[],
  lang: Language | undefined,
): Promise<(GetPlanDocumentResult | null)[]> {
  if (heads.length === 1) return [await frozenPlanDocument(deps, heads[0] as FrozenHead, lang)];
  const wanted = heads.flatMap(({ plan, edition }) =>
    edition ? [{ editionId: edition.id, lang: frozenLanguage(plan, edition.languages, lang) }] : [],
  );
  const stored = await findEditionDocuments(deps.db, wanted);
  const out: (GetPlanDocumentResult | null)[] = [];
  for (const head of heads) {
    const { plan, edition } = head;
    if (!edition) {
      out.push(await approvedDocument(deps, head, lang));
      continue;
    }
    const l = frozenLanguage(plan, edition.languages, lang);
    out.push(editionResult(head, edition, l, stored.get(`${edition.id}\u0000${l}`) ?? null));
  }
  return out;
}

function editionResult(
  head: FrozenHead,
  edition: EditionRecord,
  l: Language,
  stored: { json: string } | null,
): GetPlanDocumentResult {
  if (!stored) throw new AppError("not_found", `no ${l} document in the edition`);
  return {
    document: JSON.parse(stored.json) as PlanDocument,
    plan: head.plan,
    languages: edition.languages,
    view: "full",
    edition,
    latestEdition: head.latestEdition,
  };
}

/** frozenPlanDocument of a head with no edition: the approved plan as frozen, else null. */
async function approvedDocument(
  deps: Pick<Deps, "db">,
  head: FrozenHead,
  lang: Language | undefined,
): Promise<GetPlanDocumentResult | null> {
  const { plan, approved } = head;
  if (approved) {
    const l = frozenLanguage(plan, approved.languages, lang);
    const json = await findPlanVersionDocument(deps.db, plan.id, approved.number, l);
    if (json === null) throw new AppError("not_found", `no ${l} document of the plan`);
    return {
      document: redactExecution(JSON.parse(json) as PlanDocument),
      plan,
      languages: approved.languages,
      view: "plan",
      edition: null,
      latestEdition: head.latestEdition,
    };
  }
  return null;
}
