import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { testIo } from "../../../test/helpers/cli.ts";
import { admin, testDeps } from "../../../test/helpers/db.ts";
import { needs, toolPath } from "../../../test/helpers/tools.ts";
import { importReport } from "../../app/import-report.ts";
import { createDb } from "../../db/create-db.ts";
import { exportPlan as exportCommand } from "./export.ts";

const EXAMPLE = fileURLToPath(new URL("../../../examples/gealc-2023/plan.json", import.meta.url));
const SEED = fileURLToPath(
  new URL("../../../examples/gealc-2023/gealc-2023-work-plan-report.en.txt", import.meta.url),
);
const DOCX = fileURLToPath(
  new URL("../../../test/fixtures/docx/gealc-2023-work-plan-report.en.docx", import.meta.url),
);
const dir = mkdtempSync(join(tmpdir(), "workplan-export-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The export command in-process, with `env` for its environment. */
const exportPlan = (argv: string[], env: NodeJS.ProcessEnv = {}) =>
  exportCommand(argv, testIo({ env }).io);

describe("workplan export", () => {
  it("writes every text format from a plan JSON, a text report and a .docx report", async () => {
    for (const [input, format, extra] of [
      [EXAMPLE, "ics", []],
      [SEED, "csv", ["--table", "sources"]],
      [DOCX, "json", []],
      [EXAMPLE, "iati", ["--org-ref", "XI-EXAMPLE-1", "--org-name", "GEALC"]],
    ] as const) {
      const out = join(dir, `out.${format}`);
      assert.equal(
        await exportPlan([
          input,
          "--format",
          format,
          "--out",
          out,
          "--base-url",
          "https://wp.example.org",
          ...extra,
        ]),
        0,
      );
      assert.ok(readFileSync(out).length > 100, format);
    }
    assert.match(
      readFileSync(join(dir, "out.ics"), "utf8"),
      /URL;VALUE=URI:https:\/\/wp\.example\.org\/gealc\/2023\/activities\//,
    );
    assert.deepEqual(
      JSON.parse(readFileSync(join(dir, "out.json"), "utf8")),
      JSON.parse(readFileSync(EXAMPLE, "utf8")),
    );
  });

  it("writes IATI that xmllint finds valid (IATI 2.03)", { skip: needs("xmllint") }, async () => {
    const out = join(dir, "valid.iati");
    const org = ["--org-ref", "XI-EXAMPLE-1", "--org-name", "GEALC"];
    assert.equal(await exportPlan([EXAMPLE, "--format", "iati", "--out", out, ...org]), 0);
    execFileSync(
      toolPath("xmllint"),
      [
        "--noout",
        "--schema",
        fileURLToPath(new URL("../../../schema/iati/iati-activities-schema.xsd", import.meta.url)),
        out,
      ],
      { stdio: "pipe" },
    );
  });

  it("writes a DOCX and an XLSX (zip files)", async () => {
    for (const format of ["docx", "xlsx"]) {
      const out = join(dir, `out.${format}`);
      assert.equal(await exportPlan([EXAMPLE, "--format", format, "--out", out]), 0);
      assert.equal(readFileSync(out).subarray(0, 2).toString("latin1"), "PK");
    }
  });

  it("refuses a bad command line and half a reporting organisation", async () => {
    await assert.rejects(exportPlan([EXAMPLE, "--format", "odt"]), /--format must be one of/);
    await assert.rejects(
      exportPlan([EXAMPLE, "--format", "iati", "--org-ref", "XI-X", "--out", join(dir, "x.xml")]),
      /--org-ref and --org-name/,
    );
    await assert.rejects(exportPlan(["gealc", "20x3", "--format", "csv"]), /NET YEAR/);
  });

  it("exports a stored plan (NET YEAR) from the configured database", async () => {
    const dbFile = join(dir, "store.sqlite");
    const handle = await createDb(dbFile);
    const plan = JSON.parse(readFileSync(EXAMPLE, "utf8"));
    await importReport(testDeps(handle.db, admin), { document: plan });
    await handle.close();
    const env = { DATABASE_URL: dbFile };
    const out = join(dir, "stored.json");
    assert.equal(await exportPlan(["gealc", "2023", "--format", "json", "--out", out], env), 0);
    assert.deepStrictEqual(JSON.parse(readFileSync(out, "utf8")), plan);
    const iati = join(dir, "stored.xml");
    assert.equal(await exportPlan(["gealc", "2023", "--format", "iati", "--out", iati], env), 0);
    assert.match(readFileSync(iati, "utf8"), /<reporting-org ref="XI-WORKPLAN-GEALC"/);
    await assert.rejects(exportPlan(["gealc", "1999", "--format", "csv"], env), {
      code: "not_found",
    });
  });
});
