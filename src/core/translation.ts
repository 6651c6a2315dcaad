// A report in another language read as a translation of a plan: which of its texts go where.
import type { Activity, PlanDocument, Timing } from "./plan.ts";

/** A text of the translation and where it goes (a JSON Pointer of the plan's document). */
export type TranslatedText = { pointer: string; value: string };

/** Something of the translation that has no place in the plan; `at` finds its line. */
export type TranslationMismatch = { at: string | null; message: string };

export type TranslationMatch = { texts: TranslatedText[]; mismatches: TranslationMismatch[] };

/**
 * Matches a translated document against the plan it translates: areas and activities by code,
 * governance by year, assemblies by ordinal, paragraphs by position, annex items by order,
 * footnotes by number and URL. A text the translation does not give stays untranslated; what
 * the translation has that the plan has not (or says otherwise) is a mismatch.
 */
export function matchTranslation(plan: PlanDocument, tr: PlanDocument): TranslationMatch {
  const texts: TranslatedText[] = [];
  const mismatches: TranslationMismatch[] = [];
  const put = (pointer: string, value: string | null | undefined) => {
    if (value != null && value.trim() !== "") texts.push({ pointer, value });
  };
  const miss = (at: string | null, message: string) => mismatches.push({ at, message });

  if (tr.year !== plan.year) miss(null, `the report is of ${tr.year}, the plan of ${plan.year}`);
  put("/network/name", tr.network.name);
  put("/title", tr.title);
  put("/distribution", tr.distribution);
  put("/annexIntro", tr.annexIntro);
  for (const g of tr.governance) {
    const i = plan.governance.findIndex((x) => x.year === g.year);
    if (i < 0) {
      miss(null, `the plan has no ${g.year} Executive Committee`);
      continue;
    }
    put(`/governance/${i}/technicalSecretariat`, g.technicalSecretariat);
    put(`/governance/${i}/promotingBody`, g.promotingBody);
  }
  for (const a of tr.assemblies) {
    const i = plan.assemblies.findIndex((x) => x.ordinal === a.ordinal);
    if (i < 0) miss(null, `the plan names no Assembly number ${a.ordinal}`);
    else if (plan.assemblies[i]?.place) put(`/assemblies/${i}/place/text`, a.place?.text);
  }
  for (const section of ["background", "purpose"] as const) {
    tr[section].forEach((p, i) => {
      if (i < plan[section].length) put(`/${section}/${i}`, p);
      else
        miss(
          p.slice(0, 40),
          `paragraph ${i + 1} of ${section}: the plan has ${plan[section].length}`,
        );
    });
  }
  for (const area of tr.areas) {
    const i = plan.areas.findIndex((x) => x.code === area.code);
    if (i < 0) {
      miss(`${area.code})`, `area ${area.code} is not in the plan`);
      continue;
    }
    put(`/areas/${i}/title`, area.title);
    put(`/areas/${i}/objective`, area.objective);
    const target = plan.areas[i]?.activities ?? [];
    for (const a of area.activities) {
      const j = target.findIndex((x) => x.code === a.code);
      const mine = target[j];
      if (!mine) {
        miss(`${a.code})`, `activity ${a.code} is not in area ${area.code} of the plan`);
        continue;
      }
      matchActivity(`/areas/${i}/activities/${j}`, mine, a, put, miss);
    }
  }
  tr.annex.forEach((item, i) => {
    const mine = plan.annex[i];
    if (!mine) {
      miss(
        item.title.slice(0, 40),
        `annex item ${i + 1}: the plan's annex has ${plan.annex.length}`,
      );
      return;
    }
    if (!sameWhen(mine.when, item.when)) {
      miss(item.title.slice(0, 40), `annex item ${i + 1} is dated otherwise than in the plan`);
      return;
    }
    put(`/annex/${i}/when/text`, item.when.text);
    put(`/annex/${i}/title`, item.title);
  });
  for (const s of tr.sources) {
    const i = plan.sources.findIndex((x) => x.id === s.id);
    const mine = plan.sources[i];
    if (!mine) {
      miss(`^${s.id}`, `footnote ${s.id} is not in the plan`);
      continue;
    }
    if ((mine.url ?? null) !== (s.url ?? null)) {
      miss(
        `^${s.id}`,
        `footnote ${s.id} links to ${s.url ?? "nothing"}, in the plan to ${mine.url ?? "nothing"}`,
      );
      continue;
    }
    put(`/sources/${i}/label`, s.label);
    put(`/sources/${i}/note`, s.note);
    put(`/sources/${i}/text`, s.text);
  }
  return { texts, mismatches };
}

function matchActivity(
  p: string,
  mine: Activity,
  a: Activity,
  put: (pointer: string, value: string | null | undefined) => void,
  miss: (at: string | null, message: string) => void,
): void {
  if (mine.status.code !== a.status.code) {
    miss(
      `${a.code})`,
      `activity ${a.code} is ${a.status.code} here, ${mine.status.code} in the plan`,
    );
    return;
  }
  put(`${p}/title`, a.title);
  put(`${p}/location/text`, a.location.text);
  put(`${p}/planned/text`, a.planned.text);
  if (mine.status.when) put(`${p}/status/when/text`, a.status.when?.text);
  put(`${p}/status/note`, a.status.note);
  put(`${p}/status/text`, a.status.text);
  if (a.occurrences.length !== mine.occurrences.length) {
    miss(
      `${a.code})`,
      `activity ${a.code} was held ${a.occurrences.length} times here, ${mine.occurrences.length} in the plan`,
    );
    return;
  }
  a.occurrences.forEach((o, k) => {
    put(`${p}/occurrences/${k}/when/text`, o.when.text);
  });
}

const sameWhen = (a: Timing, b: Timing) =>
  a.kind === b.kind && a.start === b.start && a.end === b.end;
