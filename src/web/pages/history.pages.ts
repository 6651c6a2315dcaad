/**
 * History in words: each change as "Status: Scheduled → Executed, by Ana Pérez, 12 May
 * 2023", with a button to put the item back as it was before the change.
 */
import type { HistoryEntry } from "../../app/get-item-history.ts";
import { stripCitations } from "../../core/citations.ts";
import { languageName } from "../../core/language.ts";
import { Language, type Occurrence, type Status, type Timing } from "../../core/plan.ts";
import { html, type SafeHtml } from "../html.ts";
import { formatDate } from "../i18n.ts";
import { href, type PageCtx } from "../layout.ts";
import { statusText, timing } from "./content.ts";

type Fields = Record<string, unknown>;

const isTiming = (v: unknown): v is Timing =>
  typeof v === "object" && v !== null && "kind" in v && "start" in v && "text" in v;

/** One value as a reader says it. */
function say(ctx: PageCtx, key: string, v: unknown): string {
  if (v === null || v === undefined || v === "") return "—";
  if (isTiming(v)) return timing(v, ctx);
  if (key === "code" && typeof v === "string" && v.includes("_")) return v;
  if (key === "occurrences" && Array.isArray(v)) {
    return (v as Occurrence[]).map((o) => timing(o.when, ctx)).join(", ") || "—";
  }
  if (key === "location" && typeof v === "object")
    return String((v as { text?: string }).text ?? "");
  if (key === "relations" && Array.isArray(v)) {
    return (v as { activity: string }[]).map((r) => r.activity).join(", ") || "—";
  }
  if (Array.isArray(v))
    return v.map((x) => (typeof x === "number" ? `[${x}]` : String(x))).join(" ") || "—";
  if (typeof v === "string") return stripCitations(v);
  return JSON.stringify(v);
}

/** The label of a field, in the page's language. */
function label(ctx: PageCtx, key: string): string {
  const t = ctx.t as unknown as Record<string, unknown>;
  const own: Record<string, string> = {
    url: ctx.t.evidenceUrl,
    label: ctx.t.evidenceLabel,
    when: ctx.t.occurrenceDate,
    text: ctx.t.statusSentence,
  };
  const w = own[key] ?? t[key];
  return typeof w === "string" ? w : key;
}

/** What one change changed, one line per field: "Status: Scheduled → Executed". */
export function changeLines(ctx: PageCtx, e: HistoryEntry): string[] {
  const { before, after } = e;
  if (e.action === "plan.translate") {
    // A translation (texts written in another language, or a report attached): how many.
    const a = (after ?? {}) as {
      language?: unknown;
      texts?: unknown;
      attached?: unknown;
      file?: unknown;
    };
    const lang = Language.safeParse(a.language);
    const name = lang.success ? languageName(lang.data, ctx.lang) : String(a.language ?? "");
    const n =
      typeof a.attached === "number" ? a.attached : Object.keys((a.texts as object) ?? {}).length;
    return [ctx.t.tr_history(name, n, typeof a.file === "string" ? a.file : "")];
  }
  if (e.action.endsWith("set_status")) {
    const [b, a] = [before as Status | null, after as Status | null];
    const out: string[] = [];
    if (b?.code !== a?.code) {
      const s = (x: Status | null) => (x ? statusText(x.code, ctx.lang) : "—");
      out.push(`${ctx.t.status}: ${s(b)} → ${s(a)}`);
    }
    if (JSON.stringify(b?.when) !== JSON.stringify(a?.when)) {
      out.push(
        `${ctx.t.occurrenceDate}: ${say(ctx, "when", b?.when)} → ${say(ctx, "when", a?.when)}`,
      );
    }
    if ((b?.note ?? null) !== (a?.note ?? null)) {
      out.push(`${ctx.t.note}: ${say(ctx, "note", b?.note)} → ${say(ctx, "note", a?.note)}`);
    }
    if (JSON.stringify(b?.sources) !== JSON.stringify(a?.sources)) {
      out.push(
        `${ctx.t.sources}: ${say(ctx, "sources", b?.sources)} → ${say(ctx, "sources", a?.sources)}`,
      );
    }
    return out;
  }
  if (Array.isArray(before) || Array.isArray(after)) {
    return [
      `${ctx.t.occurrences}: ${say(ctx, "occurrences", before)} → ${say(ctx, "occurrences", after)}`,
    ];
  }
  if (before === null || before === undefined) return [ctx.t.historyCreated];
  if (after === null || after === undefined || e.action.endsWith(".delete"))
    return [ctx.t.historyDeleted];
  if (typeof before !== "object" || typeof after !== "object") return [];
  const [b, a] = [before as Fields, after as Fields];
  const out: string[] = [];
  for (const k of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (["version", "updatedAt", "id", "activities", "sources"].includes(k)) continue;
    if (k === "status" || k === "occurrences") continue; // said by their own changes
    if (JSON.stringify(b[k]) === JSON.stringify(a[k])) continue;
    out.push(`${label(ctx, k)}: ${say(ctx, k, b[k])} → ${say(ctx, k, a[k])}`);
  }
  return out;
}

/** The history of an item, in words, each change with its restore button (when allowed). */
export function historyBlock(
  ctx: PageCtx,
  entries: HistoryEntry[],
  restore?: { base: string },
  /** What each change was to, when the list spans several items (the annex, the sources). */
  subject?: (e: HistoryEntry) => string,
): SafeHtml {
  const item = (e: HistoryEntry) => {
    const lines = changeLines(ctx, e);
    const what = subject?.(e);
    const who = ctx.t.changedBy(e.actorName ?? ctx.t.someone);
    const undo =
      restore && e.before !== null
        ? html` <a class="button small" href="${href(ctx, `/edit${restore.base}/history/${e.id}/restore`)}">${ctx.t.restoreBefore}</a>`
        : "";
    return html`<li>${what ? `${what}: ` : ""}${lines.length ? lines.join("; ") : e.action}, ${who}, <time datetime="${e.at}">${formatDate(e.at, ctx.lang)}</time>${undo}</li>`;
  };
  return html`<section class="card history" aria-labelledby="hist-h"><h2 id="hist-h">${ctx.t.history}</h2>${
    entries.length
      ? html`<ol class="notes">${entries.map(item)}</ol>`
      : html`<p>${ctx.t.noHistory}</p>`
  }</section>`;
}

/** What an annex item's or a source's change was to: its title, or its number and label. */
export function partSubject(e: HistoryEntry): string {
  const x = (e.before ?? e.after ?? {}) as {
    title?: unknown;
    id?: unknown;
    label?: unknown;
    url?: unknown;
  };
  if (typeof x.title === "string") return stripCitations(x.title).trim();
  const name =
    typeof x.label === "string" && x.label ? x.label : typeof x.url === "string" ? x.url : "";
  return typeof x.id === "number" ? `[${x.id}] ${stripCitations(name)}` : stripCitations(name);
}
