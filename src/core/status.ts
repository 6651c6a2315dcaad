// CONTRACT (being implemented): the status codelist and status lines in en/es/pt.
import type { Language, Occurrence, Status, StatusCode } from "./plan.ts";

/** The label of a status code in `lang`. */
export function statusLabel(_code: StatusCode, _lang: Language): string {
  throw new Error("not implemented yet");
}

export type ParsedStatusLine = {
  status: Status;
  occurrences: Occurrence[];
  /** False when no known wording matched: the line is kept as a note of a `planned` status. */
  recognised: boolean;
};

/** Reads a status line as written (citation markers as `[^N]`). */
export function parseStatusLine(_text: string, _ctx: { year: number }): ParsedStatusLine {
  throw new Error("not implemented yet");
}

/** Writes a status line in `lang` from the structured status and occurrences. */
export function formatStatusLine(
  _a: { status: Status; occurrences: Occurrence[] },
  _lang: Language,
): string {
  throw new Error("not implemented yet");
}
