import { AppError } from "../core/errors.ts";
import type { Timing } from "../core/plan.ts";
import { placeInYear } from "../core/timing.ts";

/**
 * An activity of `year`'s plan is held in that year: a time before it is refused, one
 * after it only when the writer says so (`afterYearEnd`, shown as "after the year's end").
 */
export function checkHeldInYear(
  when: Timing,
  year: number,
  afterYearEnd: boolean,
  path = "when",
): void {
  const place = placeInYear(when, year);
  const accepted = [
    `dates from ${year}-01-01 to ${year}-12-31`,
    ...(afterYearEnd ? [] : [`later dates with afterYearEnd: true (held after the year's end)`]),
  ];
  if (place === "before") {
    throw new AppError("invalid_input", `${when.start} is before the plan year ${year}`, [
      { path, message: `before ${year}`, accepted },
    ]);
  }
  if (place === "after" && !afterYearEnd) {
    throw new AppError(
      "invalid_input",
      `${when.end} is after the plan year ${year}: mark it as held after the year's end (afterYearEnd)`,
      [{ path, message: `after ${year}`, accepted }],
    );
  }
}
