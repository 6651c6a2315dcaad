/**
 * A report's editions: each one's number, days, approving body, languages and files, and
 * for a later edition its corrections (human-written) beside the generated list of changes.
 * No editor is named.
 */
import type { PublicEdition } from "../../app/list-editions.ts";
import { languageName } from "../../core/language.ts";
import { html, type SafeHtml } from "../html.ts";
import { type PageCtx, page } from "../layout.ts";
import { longDate, type PlanView } from "./content.ts";
import { editionDownloads } from "./downloads.pages.ts";

function changeLine(ctx: PageCtx, c: PublicEdition["changes"][number]): string {
  switch (c.kind) {
    case "activity":
      return ctx.t.change_activity(c.code, c.fields.map((f) => ctx.t[f]).join(", "));
    case "activity_added":
      return ctx.t.change_activity_added(c.code);
    case "activity_removed":
      return ctx.t.change_activity_removed(c.code);
    case "annex":
      return ctx.t.change_annex(c.before, c.after);
    case "sources":
      return ctx.t.change_sources(c.before, c.after);
    case "footnotes_renumbered":
      return ctx.t.change_footnotes_renumbered;
  }
}

function approval(ctx: PageCtx, e: PublicEdition): string {
  const a = e.approvedBy;
  if (!a) return "—";
  return [a.body, a.date ? longDate(a.date, ctx.lang) : "", a.place ?? ""]
    .filter((s) => s !== "")
    .join(", ");
}

function editionCard(ctx: PageCtx, v: PlanView, e: PublicEdition): SafeHtml {
  const d = v.doc;
  const later = e.number >= 2;
  return html`<section class="card" id="edition-${e.number}" aria-labelledby="ed-${e.number}-h">
<h2 id="ed-${e.number}-h">${ctx.t.editionN(e.number)}</h2>
<dl class="meta">
<dt>${ctx.t.editionPublished}</dt><dd><time datetime="${e.publishedAt.slice(0, 10)}">${longDate(e.publishedAt.slice(0, 10), ctx.lang)}</time></dd>
<dt>${ctx.t.editionDataAsOf}</dt><dd><time datetime="${e.dataAsOf}">${longDate(e.dataAsOf, ctx.lang)}</time></dd>
<dt>${ctx.t.editionApprovedBy}</dt><dd>${approval(ctx, e)}</dd>
<dt>${ctx.t.editionLanguages}</dt><dd>${e.languages.map((l) => languageName(l, ctx.lang)).join(", ")}</dd>
</dl>
${later && e.corrections ? html`<h3>${ctx.t.editionCorrections}</h3><p class="corrections">${e.corrections}</p>` : ""}
${
  later
    ? html`<h3>${ctx.t.editionChanges}</h3>${
        e.changes.length
          ? html`<ul class="changes">${e.changes.map((c) => html`<li>${changeLine(ctx, c)}</li>`)}</ul>`
          : html`<p>${ctx.t.editionNoChanges}</p>`
      }`
    : ""
}
${editionDownloads(ctx, d.network.slug, d.year, e.number, e.languages)}
</section>`;
}

/** Every edition of the plan's report, the latest first. */
export function editionsPage(
  ctx: PageCtx,
  v: PlanView,
  editions: readonly PublicEdition[],
): string {
  const d = v.doc;
  const net = d.network.slug;
  const body = html`<h1>${ctx.t.editions} · ${ctx.t.report(d.year)}</h1>
<p class="lead">${ctx.t.editionsIntro}</p>
${
  editions.length
    ? html`${[...editions].reverse().map((e) => editionCard(ctx, v, e))}`
    : html`<p>${ctx.t.noEditions}</p>`
}`;
  return page(ctx, {
    title: `${ctx.t.editions} ${d.year}`,
    body,
    nav: "reports",
    year: d.year,
    draft: v.reportStatus === "draft",
    crumbs: [
      { href: `/${net}`, label: d.network.name },
      { href: `/${net}/${d.year}`, label: ctx.t.planOf(d.year) },
      { href: `/${net}/${d.year}/reports`, label: ctx.t.reports },
      { label: ctx.t.editions },
    ],
  });
}
