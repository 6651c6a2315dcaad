/**
 * HTML escaping by default: the `html` tagged template escapes every value it is given
 * unless it is already SafeHtml (the result of another `html` template or of `raw`).
 */

/** Markup known to be safe; only `html` and `raw` make it. */
export class SafeHtml {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  toString(): string {
    return this.#value;
  }
}

export type HtmlValue =
  | SafeHtml
  | string
  | number
  | null
  | undefined
  | false
  | readonly HtmlValue[];

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

const SPECIAL = /[&<>"']/;

/** The text with & < > " ' written as character references (safe in content and attributes). */
export function escapeHtml(text: string): string {
  return SPECIAL.test(text) ? text.replace(/[&<>"']/g, (c) => ENTITIES[c] as string) : text;
}

function write(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map(write).join("");
  return escapeHtml(String(value));
}

/** Markup from a template: strings are escaped, SafeHtml is kept, arrays are joined. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? "";
  values.forEach((v, i) => {
    out += write(v) + (strings[i + 1] ?? "");
  });
  return new SafeHtml(out);
}

/** Trusted markup written by this program (never user text). */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
