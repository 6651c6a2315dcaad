/**
 * The public pages of a published edition, rendered once per build and kept with the edition
 * (db/public-page.repository.ts): a page of an edition is a pure function of the edition, the
 * page, its language and the code, so the portal renders it once and every server after reads
 * it with one statement. Only pages that do not move with the day are kept (the plan page);
 * only an edition's, never a working copy's: a draft is never stored where the public reads.
 */
import type { Language } from "../core/plan.ts";
import {
  findPublicPage,
  listPlansLackingPages,
  type PublishedPlan,
  savePublicPage,
} from "../db/public-page.repository.ts";
import { nowIso } from "./common.ts";
import type { Deps } from "./deps.ts";
import type { ReadablePlan } from "./find-readable-plan.ts";

/** What a kept page is looked up by: its page, language, the build and key it was rendered under. */
export type PageKey = { page: string; lang: Language; buildId: string; key: string };

/**
 * The kept page of `head`'s edition (gzip-compressed HTML) when the same build rendered it
 * under the same key; null otherwise (no edition, never rendered, or rendered under another).
 */
export async function keptEditionPage(
  deps: Pick<Deps, "db">,
  head: ReadablePlan,
  want: PageKey,
): Promise<Buffer | null> {
  if (!head.edition) return null;
  const row = await findPublicPage(deps.db, head.edition.id, want.page, want.lang);
  return row && row.buildId === want.buildId && row.key === want.key ? row.body : null;
}

/** Keeps `gzip` as `head`'s edition's page (replacing another build's); no edition, nothing. */
export async function keepEditionPage(
  deps: Pick<Deps, "db" | "clock">,
  head: ReadablePlan,
  want: PageKey,
  gzip: Buffer,
): Promise<void> {
  if (!head.edition) return;
  await savePublicPage(deps.db, {
    editionId: head.edition.id,
    page: want.page,
    lang: want.lang,
    buildId: want.buildId,
    key: want.key,
    body: gzip,
    now: nowIso(deps),
  });
}

/** Published plans whose latest edition lacks page `page` of build `buildId` in some language. */
export function plansLackingPages(
  deps: Pick<Deps, "db">,
  input: { page: string; buildId: string; langs: number; after: string; limit: number },
): Promise<PublishedPlan[]> {
  return listPlansLackingPages(deps.db, input);
}
