/**
 * Plans -> an iCalendar feed (RFC 5545) of what was planned on a known day and what was held.
 *
 * - One event per activity whose status `when` or planned timing is a date or a range (the
 *   status `when` wins: "To be held on November 20" is newer than "2nd semester"), UID
 *   `<net>-<year>-<code>-planned@workplan`, so a rescheduled activity moves in people's
 *   calendars instead of appearing twice.
 * - One event per recorded occurrence held on a known day or range, UID
 *   `<net>-<year>-<code>-occ-<start>-<hash>@workplan`, the hash of its timing's end and text.
 * - Annex items (unplanned activities) held on a known day or range:
 *   `<net>-<year>-annex-<yyyy-mm>-<hash>@workplan`, the hash of its title.
 *
 * UIDs never count positions: recording an earlier occurrence or annex item would shift
 * every later one, and calendar apps would show each of them twice. Footnote markers are
 * left out of what is hashed (adding a footnote renumbers them); true duplicates get "-2",
 * "-3"... in document order.
 *
 * Every event is all-day (the plans never give a time of day); DTEND is exclusive, the day
 * after the last day. Occurrences known only to the month ("Executed (May, June)") are left
 * out by default: a month-long bar would claim a one-hour meeting took the whole month and
 * hide the real dates around it; `months: "span"` includes them as month-long events.
 */
import { createHash } from "node:crypto";
import ical, {
  type ICalCalendar,
  ICalCalendarMethod,
  ICalEvent,
  type ICalEventData,
  ICalEventStatus,
  ICalEventTransparency,
} from "ical-generator";
import { stripCitations } from "../core/citations.ts";
import { AppError } from "../core/errors.ts";
import { textLanguage } from "../core/language.ts";
import type {
  Activity,
  AnnexItem,
  Language,
  Occurrence,
  PlanDocument,
  StatusCode,
  Timing,
} from "../core/plan.ts";
import { statusLine } from "./report.ts";

export type IcsScope = "network" | "plan" | "area";

export type IcsOptions = {
  scope: IcsScope;
  /** With scope "area": the area's code, e.g. "3.1". */
  areaCode?: string;
  /** The portal's address; each event links to `${baseUrl}/<net>/<year>/activities/<code>`. */
  baseUrl: string;
  /** DTSTAMP of every event (when the feed was made); now when not given. */
  stamp?: Date;
  /** Occurrences known only to the month: left out (default) or month-long events. */
  months?: "skip" | "span";
  /** The calendar's language (the one asked for); default: the first plan document's. */
  lang?: Language;
};

/** The text properties of an event that may be in another language than the calendar's. */
type TextProperty = "SUMMARY" | "DESCRIPTION" | "LOCATION" | "CATEGORIES";

/**
 * An event whose texts name their language (RFC 5545 LANGUAGE parameter) where it is not the
 * calendar's: ical-generator writes no parameters on them, so they are added to the event's
 * lines here, before the calendar folds them (an escaped text holds no line break, so a
 * property's name only ever opens a line).
 */
class LanguageEvent extends ICalEvent {
  readonly languages: Partial<Record<TextProperty, Language>>;
  constructor(
    data: ICalEventData,
    calendar: ICalCalendar,
    languages: Partial<Record<TextProperty, Language>>,
  ) {
    super(data, calendar);
    this.languages = languages;
  }
  override toString(): string {
    let out = super.toString();
    for (const [name, lang] of Object.entries(this.languages)) {
      out = out.replace(new RegExp(`^${name}:`, "m"), `${name};LANGUAGE=${lang}:`);
    }
    return out;
  }
}

const DAY = 86_400_000;
const utc = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** The all-day span of a timing, or null when it is not a day or a range of days. */
function span(t: Timing | null, months: "skip" | "span"): { start: Date; end: Date } | null {
  if (!t?.start) return null;
  const ok = t.kind === "date" || t.kind === "range" || (months === "span" && t.kind === "month");
  if (!ok) return null;
  const last = t.end ?? t.start;
  return { start: utc(t.start), end: new Date(utc(last).getTime() + DAY) };
}

const EVENT_STATUS: Record<StatusCode, ICalEventStatus> = {
  planned: ICalEventStatus.TENTATIVE,
  scheduled: ICalEventStatus.CONFIRMED,
  in_progress: ICalEventStatus.CONFIRMED,
  ongoing: ICalEventStatus.CONFIRMED,
  executed: ICalEventStatus.CONFIRMED,
  executed_otherwise: ICalEventStatus.CONFIRMED,
  superseded: ICalEventStatus.CANCELLED,
  postponed: ICalEventStatus.TENTATIVE,
  cancelled: ICalEventStatus.CANCELLED,
  unclassified: ICalEventStatus.TENTATIVE,
};

/** The portal's page of an activity. */
export function activityUrl(baseUrl: string, plan: PlanDocument, code: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/${plan.network.slug}/${plan.year}/activities/${code}`;
}

const planPrefix = (plan: PlanDocument) => `${plan.network.slug}-${plan.year}`;
const shortHash = (...parts: string[]) =>
  createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 8);

/** The stable UID of an activity's planned event. */
export function eventUid(plan: PlanDocument, code: string): string {
  return `${planPrefix(plan)}-${code}-planned@workplan`;
}

/** The UID of an occurrence: from its activity and timing, not its position. */
export function occurrenceUid(plan: PlanDocument, code: string, o: Occurrence): string {
  const hash = shortHash(o.when.end ?? "", stripCitations(o.when.text).trim());
  return `${planPrefix(plan)}-${code}-occ-${o.when.start ?? "undated"}-${hash}@workplan`;
}

/** The UID of an annex item: from its month and title, not its position. */
export function annexUid(plan: PlanDocument, item: AnnexItem): string {
  const month = item.when.start?.slice(0, 7) ?? "undated";
  return `${planPrefix(plan)}-annex-${month}-${shortHash(stripCitations(item.title).trim())}@workplan`;
}

/** Makes UIDs unique within a plan: a repeat gets "-2", "-3"... before the "@". */
function uniqueUids(): (uid: string) => string {
  const seen = new Map<string, number>();
  return (uid) => {
    const n = (seen.get(uid) ?? 0) + 1;
    seen.set(uid, n);
    return n === 1 ? uid : uid.replace(/@workplan$/, `-${n}@workplan`);
  };
}

/** Plans (one, or a network's several) as an .ics calendar. */
export function renderIcs(plans: PlanDocument | readonly PlanDocument[], opts: IcsOptions): string {
  const list = Array.isArray(plans) ? (plans as readonly PlanDocument[]) : [plans as PlanDocument];
  const first = list[0];
  if (!first) throw new AppError("invalid_input", "no plan to make a calendar of");
  if (opts.scope === "area" && !list.some((p) => p.areas.some((a) => a.code === opts.areaCode))) {
    throw new AppError("invalid_input", `no area ${opts.areaCode ?? "(none given)"} in the plan`, [
      { path: "areaCode", message: "an area code of the plan, e.g. 3.1" },
    ]);
  }
  const months = opts.months ?? "skip";
  const stamp = opts.stamp ?? new Date();
  const calendarLang = opts.lang ?? first.language;
  const name =
    opts.scope === "network"
      ? first.network.name
      : opts.scope === "plan"
        ? `${first.network.name} ${first.title}`
        : `${first.network.name} ${first.year} ${opts.areaCode} ${first.areas.find((a) => a.code === opts.areaCode)?.title ?? ""}`.trim();
  const cal = ical({
    name,
    prodId: { company: "workplan", product: "workplan", language: calendarLang.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
  });
  const event = (data: ICalEventData, languages: Partial<Record<TextProperty, Language>>) => {
    const other = Object.entries(languages).filter(([, l]) => l !== calendarLang);
    cal.createEvent(
      other.length === 0 ? data : new LanguageEvent(data, cal, Object.fromEntries(other)),
    );
  };

  for (const plan of list) {
    const unique = uniqueUids();
    const langOf = (pointer: string) => textLanguage(plan, pointer);
    for (const [ai, area] of plan.areas.entries()) {
      if (opts.scope === "area" && area.code !== opts.areaCode) continue;
      for (const [j, a] of area.activities.entries()) {
        const p = `/areas/${ai}/activities/${j}`;
        const url = activityUrl(opts.baseUrl, plan, a.code);
        const location = a.location.kind === "unspecified" ? null : a.location.text || null;
        const langs = {
          SUMMARY: langOf(`${p}/title`),
          ...(location === null ? {} : { LOCATION: langOf(`${p}/location/text`) }),
          CATEGORIES: langOf(`/areas/${ai}/title`),
        };
        const base = {
          summary: `${a.code} ${stripCitations(a.title)}`,
          location,
          url,
          allDay: true,
          stamp,
          transparency: ICalEventTransparency.TRANSPARENT,
          categories: [{ name: stripCitations(area.title) }],
        };
        const main = span(a.status.when, "skip") ?? span(a.planned, "skip");
        if (main) {
          const description = describe(a, url, calendarLang, (f) => langOf(`${p}/status/${f}`));
          event(
            {
              ...base,
              id: eventUid(plan, a.code),
              ...main,
              status: EVENT_STATUS[a.status.code],
              description: description.text,
            },
            { ...langs, DESCRIPTION: description.lang },
          );
        }
        for (const o of a.occurrences) {
          const s = span(o.when, months);
          if (!s) continue;
          event(
            {
              ...base,
              id: unique(occurrenceUid(plan, a.code, o)),
              ...s,
              status: ICalEventStatus.CONFIRMED,
              description: url,
            },
            langs,
          );
        }
      }
    }
    if (opts.scope === "area") continue;
    for (const [i, item] of plan.annex.entries()) {
      const s = span(item.when, months);
      if (!s) continue;
      event(
        {
          id: unique(annexUid(plan, item)),
          summary: stripCitations(item.title),
          allDay: true,
          stamp,
          ...s,
          transparency: ICalEventTransparency.TRANSPARENT,
          status: ICalEventStatus.CONFIRMED,
        },
        { SUMMARY: langOf(`/annex/${i}/title`) },
      );
    }
  }
  return cal.toString();
}

/**
 * An event's description: the status line in the calendar's language (its wording when it
 * has one in it, else written anew from the status, as the report does), then the link. Its
 * language is the line's, or its note's when only the note is in another language.
 */
function describe(
  a: Activity,
  url: string,
  lang: Language,
  langOf: (field: "text" | "note") => Language,
): { text: string; lang: Language } {
  const line = statusLine(a, lang, langOf("text"), langOf("note")) ?? [];
  const status = stripCitations(line.map((x) => x.text).join("")).trim();
  const other = line.find((x) => x.lang !== lang);
  return {
    text: [status, url].filter(Boolean).join("\n"),
    lang: other?.lang ?? lang,
  };
}
