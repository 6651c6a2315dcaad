import { z } from "zod";
import { AppError } from "../core/errors.ts";
import type { PlanDocument } from "../core/plan.ts";
import { findEdition } from "../db/edition.repository.ts";
import {
  type PlanRecord,
  updatePlanDataAsOf,
  updateReportApproval,
} from "../db/plan.repository.ts";
import { readPlanDocumentOf } from "../db/plan-document-read.repository.ts";
import { ExpectedVersion, PlanKey } from "./common.ts";
import type { Deps } from "./deps.ts";
import { transition } from "./plan-lifecycle.ts";
import { parseInput } from "./validate.ts";

const Input = z.object({
  ...PlanKey,
  expectedVersion: ExpectedVersion,
  /** The day the report's data stand as of (its dashboard's date); default 31 December. */
  dataAsOf: z.iso.date().optional(),
  /** The body that approved it (e.g. "Executive Committee", "XVII Assembly"), day and place. */
  approvedBy: z
    .object({
      body: z.string().trim().min(1).max(200),
      date: z.iso.date().nullable().default(null),
      place: z.string().trim().min(1).max(200).nullable().default(null),
    })
    .optional(),
  /** For a next edition: the short summary of its corrections, shown publicly. */
  corrections: z.string().trim().min(1).max(4000).optional(),
});
export type ApproveReportInput = z.input<typeof Input>;

/** The codes of the activities whose status nobody has classified yet. */
export function unclassifiedActivities(doc: PlanDocument): string[] {
  return doc.areas.flatMap((area) =>
    area.activities.filter((a) => a.status.code === "unclassified").map((a) => a.code),
  );
}

/**
 * The execution report is approved (still unseen by the public until published), with the
 * day its data stand as of and the body that approved it. A published report's corrections
 * are approved the same way, with a summary of them, for its next edition. A report whose
 * statuses are not all classified cannot be.
 */
export function approveReport(deps: Deps, input: ApproveReportInput): Promise<PlanRecord> {
  const i = parseInput(Input, input);
  return transition(
    deps,
    i,
    { field: "reportStatus", from: ["draft", "published"], to: "approved" },
    "report.approve",
    async (trx, plan) => {
      const published = plan.reportStatus === "published";
      if (published && !(await findEdition(trx, plan.id))) {
        throw new AppError("conflict", "the report is published: it cannot become approved");
      }
      if (published && !i.corrections) {
        throw new AppError(
          "invalid_input",
          "approving the corrections of a published report needs their summary",
          [{ path: "corrections", message: "a short summary of the corrections" }],
        );
      }
      const dataAsOf = i.dataAsOf ?? `${plan.year}-12-31`;
      if (dataAsOf.slice(0, 4) !== String(plan.year)) {
        throw new AppError(
          "invalid_input",
          `the data of the ${plan.year} report are as of a day in ${plan.year}`,
          [{ path: "dataAsOf", message: `a date in ${plan.year}` }],
        );
      }
      const doc = await readPlanDocumentOf(trx, plan, plan.language);
      const open = unclassifiedActivities(doc);
      if (open.length > 0) {
        throw new AppError(
          "conflict",
          `the report cannot be approved while activities need a status: ${open.join(", ")}`,
        );
      }
      await updatePlanDataAsOf(trx, plan.id, dataAsOf);
      await updateReportApproval(trx, plan.id, i.approvedBy ?? null, i.corrections ?? null);
    },
  );
}
