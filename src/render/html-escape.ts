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

const SPECIAL = /[&<>"']/;

/** The text with & < > " ' written as character references (safe in content and attributes). */
export function escapeHtml(text: string): string {
  if (!SPECIAL.test(text)) return text;
  // One pass copying the runs between the characters to replace (no regex callback per match).
  let out = "";
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    let entity: string;
    switch (text.charCodeAt(i)) {
      case 38:
        entity = "&amp;";
        break;
      case 60:
        entity = "&lt;";
        break;
      case 62:
        entity = "&gt;";
        break;
      case 34:
        entity = "&quot;";
        break;
      case 39:
        entity = "&#39;";
        break;
      default:
        continue;
    }
    if (last !== i) out += text.slice(last, i);
    out += entity;
    last = i + 1;
  }
  return last < text.length ? out + text.slice(last) : out;
}

function write(value: HtmlValue): string {
  if (typeof value === "string") return escapeHtml(value);
  if (value instanceof SafeHtml) return value.toString();
  if (value === null || value === undefined || value === false) return "";
  if (Array.isArray(value)) {
    let out = "";
    for (const v of value as readonly HtmlValue[]) out += write(v);
    return out;
  }
  return escapeHtml(String(value));
}

/** Markup from a template: strings are escaped, SafeHtml is kept, arrays are joined. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) {
    out += write(values[i]) + (strings[i + 1] ?? "");
  }
  return new SafeHtml(out);
}

/** Trusted markup written by this program (never user text). */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
