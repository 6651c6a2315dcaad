import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { samplePlan } from "../../test/fixtures/docx/sample-plan.ts";
import { planTable, renderCsv, TABLE_NAMES } from "./csv.ts";
import { renderXlsx } from "./xlsx.ts";

const plan = samplePlan();

describe("renderCsv", () => {
  for (const name of TABLE_NAMES) {
    it(`writes the ${name} table as RFC 4180 text that parses back to the same rows`, () => {
      const csv = renderCsv(plan, name);
      assert.ok(csv.endsWith("\r\n"));
      assert.ok(!/[^\r]\n/.test(csv), "every record ends in CRLF");
      assert.notEqual(csv.charCodeAt(0), 0xfeff);
      const t = planTable(plan, name);
      const rows: string[][] = parse(csv, { record_delimiter: "\r\n" });
      assert.deepEqual(
        rows[0],
        t.columns.map((c) => c.key),
      );
      assert.deepEqual(
        rows.slice(1),
        t.rows.map((r) => r.map((c) => (c === null ? "" : String(c)))),
      );
    });
  }

  it("has a row per activity, occurrence and source, with citation markers taken out", () => {
    assert.equal(planTable(plan, "activities").rows.length, 6);
    assert.equal(planTable(plan, "occurrences").rows.length, 2);
    assert.equal(planTable(plan, "sources").rows.length, 8);
    const csv = renderCsv(plan, "activities");
    assert.ok(!csv.includes("[^"));
    assert.match(
      csv,
      /"Hold the meeting & approve documents"|Hold the meeting & approve documents/,
    );
    assert.match(
      renderCsv(plan, "sources"),
      /"The meetings of the Innovation & Emerging Technologies working groups \(3\.2\.2\) will be held jointly, by consensus <in the two groups>\."/,
    );
  });

  it("quotes commas, quotes and line breaks, and adds a BOM only when asked", () => {
    const p = samplePlan();
    const first = p.areas[0]?.activities[0];
    if (first) first.title = 'A "quoted", multi\nline title';
    const csv = renderCsv(p, "activities", { bom: true });
    assert.equal(csv.charCodeAt(0), 0xfeff);
    assert.ok(csv.includes('"A ""quoted"", multi\nline title"'));
    const rows: string[][] = parse(csv, { bom: true });
    assert.equal(rows[1]?.[5], 'A "quoted", multi\nline title');
  });
});

describe("renderXlsx", () => {
  it("has one sheet per table, a bold frozen header and real dates", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await renderXlsx(plan)) as unknown as ArrayBuffer);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ["activities", "occurrences", "sources"],
    );
    const ws = wb.getWorksheet("activities");
    assert.ok(ws);
    assert.equal(ws.getRow(1).font?.bold, true);
    assert.equal(ws.views[0]?.state, "frozen");
    assert.equal(ws.rowCount, 7);
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const col = header.indexOf("planned_start") + 1;
    const v = ws.getRow(2).getCell(col).value;
    assert.ok(v instanceof Date);
    assert.equal(v.toISOString(), "2023-09-19T00:00:00.000Z");
    assert.equal(ws.getRow(2).getCell(col).numFmt, "yyyy-mm-dd");
    assert.equal(ws.getRow(2).getCell(header.indexOf("year") + 1).value, 2023);
  });
});
