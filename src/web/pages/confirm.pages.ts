/** Confirmation pages: a question, what will happen, one button (a form: no JavaScript needed). */
import { html, type SafeHtml } from "../html.ts";
import { href, type PageCtx, page } from "../layout.ts";
import { form } from "./forms.ts";

export function confirmPage(
  ctx: PageCtx,
  x: {
    title: string;
    lines: string[];
    action: string;
    submit: string;
    back: string;
    fields?: SafeHtml;
  },
): string {
  const body = html`<h1>${x.title}</h1>
${x.lines.length ? html`<ul class="card">${x.lines.map((l) => html`<li>${l}</li>`)}</ul>` : ""}
${form(ctx, x.action, html`${x.fields ?? ""}`, x.submit)}
<p><a href="${href(ctx, x.back)}">${ctx.t.cancel}</a></p>`;
  return page(ctx, { title: x.title, body, noindex: true });
}

/** The fields a confirmation page carries over from the form it confirms, and `confirmed=1`. */
export function carried(fields: Record<string, string>): SafeHtml {
  return html`${Object.entries({ ...fields, confirmed: "1" }).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
  )}`;
}
