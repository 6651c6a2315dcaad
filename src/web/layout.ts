import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { LANGUAGES, type Language } from "../core/plan.ts";
import { html, raw, type SafeHtml } from "./html.ts";
import { withLang } from "./i18n.ts";
import type { Messages } from "./messages/index.ts";

// The whole stylesheet is ~6 KB: inlined, a page is one request on a slow line.
const CSS = readFileSync(new URL("./assets/style.css", import.meta.url), "utf8")
  .replace(/\s*\n\s*/g, "")
  .replace(/\s*([{};,>+])\s*/g, "$1")
  .replace(/: /g, ":")
  .trim();
/** The CSP hash of the inline stylesheet: no other style or script may run. */
export const STYLE_HASH = `'sha256-${createHash("sha256").update(CSS).digest("base64")}'`;
export const CONTENT_SECURITY_POLICY = `default-src 'none'; style-src ${STYLE_HASH}; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;

const LANG_NAMES: Record<Language, string> = { en: "English", es: "Español", pt: "Português" };

/** The signed-in person; `manages`: they administer the install or a network (users page). */
export type Viewer = { id: string; name: string; manages: boolean } | null;

/** What every page knows about its request. */
export type PageCtx = {
  lang: Language;
  t: Messages;
  /** The request path, without query. */
  path: string;
  /** The absolute base of public links (config.publicUrl, no trailing slash). */
  baseUrl: string;
  viewer: Viewer;
  /** The form token of the session (signed in only). */
  csrf: string | null;
  network: { slug: string; name: string } | null;
};

export type NavKey = "home" | "plan" | "upcoming" | "reports" | "annex" | "admin" | "signin";

export type PageInit = {
  title: string;
  body: SafeHtml;
  crumbs?: { href?: string; label: string }[];
  /** Shows the "once approved" distribution line at the top. */
  draft?: boolean;
  nav?: NavKey;
  /** The plan year in view (nav links go to it). */
  year?: number;
  noindex?: boolean;
};

/** A link inside the portal, in the page language. */
export function href(ctx: PageCtx, path: string): string {
  return withLang(path, ctx.lang);
}

/** The hidden CSRF field every form carries. */
export function csrfField(ctx: PageCtx): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${ctx.csrf ?? ""}">`;
}

/** A whole HTML page: the layout around `body`. */
export function page(ctx: PageCtx, init: PageInit): string {
  const { t, lang } = ctx;
  const net = ctx.network;
  const base = `${ctx.baseUrl}${ctx.path}`;
  const alternates = LANGUAGES.map(
    (l) => html`<link rel="alternate" hreflang="${l}" href="${withLang(base, l)}">`,
  );
  const navItem = (key: NavKey, path: string, label: string) =>
    html`<li><a href="${href(ctx, path)}"${init.nav === key ? raw(' aria-current="page"') : ""}>${label}</a></li>`;
  const year = init.year;
  const nav = net
    ? html`<nav aria-label="${t.mainNav}"><ul>
${navItem("home", `/${net.slug}`, t.home)}
${year ? navItem("plan", `/${net.slug}/${year}`, t.planOf(year)) : ""}
${year ? navItem("reports", `/${net.slug}/${year}/reports`, t.reports) : ""}
${navItem("upcoming", `/${net.slug}/upcoming`, t.upcoming)}
${ctx.viewer?.manages ? navItem("admin", "/admin/users", t.admin) : ""}
</ul></nav>`
    : ctx.viewer?.manages
      ? html`<nav aria-label="${t.mainNav}"><ul>${navItem("admin", "/admin/users", t.admin)}</ul></nav>`
      : "";
  const langs = html`<div class="langs" role="group" aria-label="${t.language}">${LANGUAGES.map(
    (l) =>
      l === lang
        ? html`<span lang="${l}" aria-current="true">${LANG_NAMES[l]}</span>`
        : html`<a lang="${l}" hreflang="${l}" href="${withLang(ctx.path, l)}">${LANG_NAMES[l]}</a>`,
  )}</div>`;
  const user = ctx.viewer
    ? html`<div class="user"><span>${t.signedInAs(ctx.viewer.name)}</span><form method="post" action="${href(ctx, "/signout")}">${csrfField(ctx)}<button type="submit">${t.signOut}</button></form></div>`
    : html`<div class="user"><a href="${href(ctx, `/signin?next=${encodeURIComponent(ctx.path)}`)}">${t.signIn}</a></div>`;
  const crumbs = init.crumbs?.length
    ? html`<nav class="crumbs" aria-label="${t.breadcrumb}"><ol>${init.crumbs.map((c) =>
        c.href
          ? html`<li><a href="${href(ctx, c.href)}">${c.label}</a></li>`
          : html`<li aria-current="page">${c.label}</li>`,
      )}</ol></nav>`
    : "";
  const titleText = net ? `${init.title} · ${net.name}` : `${init.title} · ${t.siteName}`;
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${titleText}</title>
${init.noindex || ctx.viewer ? raw('<meta name="robots" content="noindex">') : ""}
${alternates}
<link rel="alternate" hreflang="x-default" href="${base}">
<style>${raw(CSS)}</style>
</head>
<body>
<a class="skip" href="#main">${t.skipToContent}</a>
${init.draft ? html`<p class="draft">${t.draftBanner}</p>` : ""}
<header class="site"><div class="bar">
<a class="brand" href="${href(ctx, net ? `/${net.slug}` : "/")}">${net ? net.name : t.siteName}<small>${t.footer}</small></a>
${nav}
${langs}
${user}
</div></header>
<main id="main" tabindex="-1">
${crumbs}
${init.body}
</main>
<footer class="site">${net ? html`${net.name} · ` : ""}${t.footer}</footer>
</body>
</html>`.toString();
}
