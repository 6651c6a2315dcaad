/** Form pieces: labelled fields with hints and errors tied to them (aria-describedby). */
import { passwordProblem } from "../../core/password.ts";
import { html, type SafeHtml } from "../html.ts";
import { csrfField, href, type PageCtx } from "../layout.ts";

export type FieldErrors = Record<string, string>;

type FieldInit = {
  name: string;
  label: string;
  value?: string | null;
  type?: string;
  hint?: string;
  errors?: FieldErrors;
  required?: boolean;
  autocomplete?: string;
  textarea?: boolean;
  lang?: string;
  id?: string;
  readonly?: boolean;
};

/** One labelled input (or textarea) with its hint and error. */
export function field(f: FieldInit): SafeHtml {
  const id = f.id ?? `f-${f.name}`;
  const err = f.errors?.[f.name];
  const described = [f.hint ? `${id}-hint` : "", err ? `${id}-err` : ""].filter(Boolean).join(" ");
  const common = html`id="${id}" name="${f.name}"${f.required ? html` required` : ""}${
    described ? html` aria-describedby="${described}"` : ""
  }${err ? html` aria-invalid="true"` : ""}${f.autocomplete ? html` autocomplete="${f.autocomplete}"` : ""}${
    f.lang ? html` lang="${f.lang}"` : ""
  }${f.readonly ? html` readonly` : ""}`;
  const control = f.textarea
    ? html`<textarea ${common}>${f.value ?? ""}</textarea>`
    : html`<input type="${f.type ?? "text"}" ${common} value="${f.value ?? ""}">`;
  return html`<div class="field${err ? " invalid" : ""}"><label for="${id}">${f.label}</label>${
    f.hint ? html`<span class="hint" id="${id}-hint">${f.hint}</span>` : ""
  }${err ? html`<span class="error" id="${id}-err">${err}</span>` : ""}${control}</div>`;
}

export function select(
  name: string,
  label: string,
  options: { value: string; label: string }[],
  selected: string | null,
  extra: { id?: string; multiple?: boolean } = {},
): SafeHtml {
  const id = extra.id ?? `f-${name}`;
  return html`<div class="field"><label for="${id}">${label}</label><select id="${id}" name="${name}"${extra.multiple ? html` multiple` : ""}>${options.map(
    (o) =>
      html`<option value="${o.value}"${o.value === selected ? html` selected` : ""}>${o.label}</option>`,
  )}</select></div>`;
}

/** A POST form with its CSRF token. */
export function form(
  ctx: PageCtx,
  action: string,
  body: SafeHtml,
  submit: string,
  cls = "stack",
): SafeHtml {
  return html`<form method="post" action="${href(ctx, action)}" class="${cls}" novalidate>${csrfField(ctx)}${body}<div><button type="submit">${submit}</button></div></form>`;
}

export function errorSummary(ctx: PageCtx, errors: FieldErrors | undefined): SafeHtml {
  if (!errors || Object.keys(errors).length === 0) return html``;
  return html`<div class="errbox" role="alert"><p><strong>${ctx.t.fixErrors}</strong></p><ul>${Object.entries(
    errors,
  ).map(([k, m]) => html`<li><a href="#f-${k}">${m}</a></li>`)}</ul></div>`;
}

/** The portal's words for why a new password may not be used (the rule is core's), or null. */
export function passwordError(ctx: PageCtx, password: string): string | null {
  const problem = passwordProblem(password);
  if (problem === null) return null;
  return {
    too_short: ctx.t.passwordTooShort,
    blank: ctx.t.passwordBlank,
    common: ctx.t.passwordCommon,
  }[problem];
}
