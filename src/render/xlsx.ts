/**
 * A plan -> an Excel workbook with the open-data tables of csv.ts, one sheet each
 * (activities, occurrences, sources): header row bold and frozen, ISO dates written as
 * real dates (yyyy-mm-dd), numbers as numbers, an autofilter on every sheet.
 */
import ExcelJS from "exceljs";
import type { PlanDocument } from "../core/plan.ts";
import { type Cell, type Column, planTable, TABLE_NAMES } from "./csv.ts";

const WIDTH: Record<string, number> = {
  title: 60,
  area_title: 30,
  status_line: 60,
  text: 70,
  url: 60,
  urls: 60,
  label: 30,
  note: 40,
  location: 24,
  untranslated: 30,
};

function value(c: Cell, col: Column): ExcelJS.CellValue {
  if (c === null || c === "") return null;
  // Dates at midnight UTC: Excel has no time zones, and exceljs writes UTC serial days.
  if (col.type === "date" && typeof c === "string") return new Date(`${c}T00:00:00Z`);
  return c;
}

/** The plan's tables as the bytes of an .xlsx workbook. */
export async function renderXlsx(plan: PlanDocument): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "workplan";
  wb.title = `${plan.network.name} ${plan.year}`;
  for (const name of TABLE_NAMES) {
    const t = planTable(plan, name);
    const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
    ws.columns = t.columns.map((c) => ({
      header: c.key,
      key: c.key,
      width: WIDTH[c.key] ?? (c.type === "date" ? 12 : 14),
      style: c.type === "date" ? { numFmt: "yyyy-mm-dd" } : {},
    }));
    for (const r of t.rows) ws.addRow(r.map((c, i) => value(c, t.columns[i] as Column)));
    ws.getRow(1).font = { bold: true };
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.columns.length } };
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
