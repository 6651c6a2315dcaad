/**
 * The language of a page. It travels in the URL as `?lang=xx`: network slugs are free lowercase words, so a path prefix like
 * `/es/...` could collide with a network called "es"; a query parameter keeps one path
 * per resource and one route table; internal links always carry `?lang`, and the bare URL
 * is the hreflang x-default. Without `?lang`, Accept-Language decides, then the plan's
 * original language (Vary: Accept-Language).
 */
import { LANGUAGES, type Language } from "../core/plan.ts";

export function isLanguage(v: unknown): v is Language {
  return typeof v === "string" && (LANGUAGES as readonly string[]).includes(v);
}

/** The best of our languages for an Accept-Language header, or null when none is wanted. */
export function negotiate(header: string | undefined): Language | null {
  if (!header) return null;
  const wanted = header
    .split(",")
    .map((part, i) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.toLowerCase().split("-")[0] ?? "", q: q ? Number(q) : 1, i };
    })
    .filter((w) => w.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const w of wanted) if (isLanguage(w.lang)) return w.lang;
  return null;
}

/** The page language: `?lang=`, else Accept-Language, else `fallback`. */
export function pickLanguage(
  query: unknown,
  acceptLanguage: string | undefined,
  fallback: Language,
): { lang: Language; explicit: boolean } {
  const q = (query as { lang?: unknown } | undefined)?.lang;
  if (isLanguage(q)) return { lang: q, explicit: true };
  return { lang: negotiate(acceptLanguage) ?? fallback, explicit: false };
}

/** `path` with `?lang=` set (other query parameters kept). */
export function withLang(path: string, lang: Language): string {
  // Most links have no query: a page writes hundreds of them.
  if (!path.includes("?")) return `${path}?lang=${lang}`;
  const [p, q = ""] = path.split("?", 2);
  const params = new URLSearchParams(q);
  params.set("lang", lang);
  return `${p}?${params.toString()}`;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function format(lang: Language, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const k = `${lang}${JSON.stringify(opts)}`;
  let f = dateFormats.get(k);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, { ...opts, timeZone: "UTC" });
    dateFormats.set(k, f);
  }
  return f;
}

/** An ISO date (or instant) as `lang` writes it: "November 21, 2023", "21 de noviembre de 2023". */
export function formatDate(iso: string, lang: Language): string {
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return format(lang, { day: "numeric", month: "long", year: "numeric" }).format(d);
}

/** An instant with its time, for history lists. */
export function formatDateTime(iso: string, lang: Language): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${format(lang, { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" }).format(d)} UTC`;
}

/** The name of month `m` (1-12) in `lang`. */
export function monthName(m: number, lang: Language): string {
  return format(lang, { month: "long" }).format(new Date(Date.UTC(2000, m - 1, 1)));
}
