/**
 * Escaping by default: pages are written with the `html` tagged template, which escapes
 * every interpolation unless it is SafeHtml (another `html` template, or `raw` for markup
 * we wrote). One implementation serves the report renderer and the portal.
 */
export { escapeHtml, type HtmlValue, html, raw, SafeHtml } from "../render/html-escape.ts";
