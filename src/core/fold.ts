/**
 * Case and accent folding for matching words people type with or without accents
 * ("Situação", "situacion", "SETIEMBRE").
 */

/** `s` lowercased and without diacritics ("Año" -> "ano"); º, ° and ª are kept. */
export function foldText(s: string): string {
  return s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/**
 * `s` folded like foldText, but character by character so the result has exactly the
 * length of `s`: an index found in the folded text is the same index in `s`.
 */
export function foldKeepingLength(s: string): string {
  let out = "";
  for (const ch of s) {
    const folded = foldText(ch);
    out += folded.length === ch.length ? folded : ch;
  }
  return out;
}
