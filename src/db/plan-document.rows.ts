// How plan document pieces become rows and rows become pieces again; the read and write
// repositories of a plan document share these, as do those that change one activity.
import type { Insertable, Selectable } from "kysely";
import type { Activity, Location, Relation, Source } from "../core/plan.ts";
import type { CitationBag } from "./citations.ts";
import { newId } from "./ids.ts";
import type { DB } from "./schema.ts";
import type { TextBag, TextRows } from "./texts.ts";
import { timingColumns, timingFrom } from "./timing.ts";

/** The activity's own columns (without ids, area, position, versions). */
export function activityCols(a: Pick<Activity, "code" | "location" | "planned" | "status">) {
  return {
    code: a.code,
    location_kind: a.location.kind,
    location_city: a.location.city,
    location_country: a.location.country,
    ...timingColumns("planned", a.planned),
    status_code: a.status.code,
    ...timingColumns("status_when", a.status.when),
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

/** An activity with its row id, area id and version. */
export type StoredActivity = {
  id: string;
  areaId: string;
  version: number;
  updatedAt: string;
  /** The row ids of its occurrences, in order. */
  occurrenceIds: string[];
  activity: Activity;
};

/** An activity from its row, its occurrences' and relations' rows, texts and citations. */
export function toStoredActivity(
  r: Selectable<DB["activities"]>,
  occurrences: readonly Selectable<DB["occurrences"]>[],
  relations: readonly { kind: string; target: string; number: number | null }[],
  texts: TextBag,
  citations: CitationBag,
): StoredActivity {
  return {
    id: r.id,
    areaId: r.area_id,
    version: r.version,
    updatedAt: r.updated_at,
    occurrenceIds: occurrences.map((o) => o.id),
    activity: {
      code: r.code,
      title: texts.str("activity", r.id, "title"),
      location: {
        kind: r.location_kind as Location["kind"],
        text: texts.str("activity", r.id, "location"),
        city: r.location_city,
        country: r.location_country,
      },
      planned: timingFrom("planned", r, texts.str("activity", r.id, "planned")),
      status: {
        code: r.status_code as Activity["status"]["code"],
        when: timingFrom("status_when", r, texts.str("activity", r.id, "status_when")),
        note: texts.get("activity", r.id, "status_note"),
        text: texts.str("activity", r.id, "status_text"),
        sources: citations.get("status", r.id),
      },
      occurrences: occurrences.map((o) => ({
        when: timingFrom("when", o, texts.str("occurrence", o.id, "when")),
        sources: citations.get("occurrence", o.id),
      })),
      sources: citations.get("activity", r.id),
      relations: relations.map(
        (x): Relation => ({
          kind: x.kind as Relation["kind"],
          activity: x.target,
          source: x.number ?? null,
        }),
      ),
    },
  };
}

/** A source from its row and texts. */
export function toSource(
  r: { id: string; number: number; url: string | null },
  texts: TextBag,
): Source {
  return {
    id: r.number,
    url: r.url,
    label: texts.get("source", r.id, "label"),
    note: texts.get("source", r.id, "note"),
    text: texts.get("source", r.id, "text"),
  };
}
