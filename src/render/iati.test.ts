import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { samplePlan } from "../../test/fixtures/docx/sample-plan.ts";
import { needs, toolPath } from "../../test/helpers/tools.ts";
import { parsePlanJson } from "../import/plan-json.ts";
import { escapeXml, renderIati } from "./iati.ts";

const XSD = fileURLToPath(new URL("../../schema/iati/iati-activities-schema.xsd", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "workplan-iati-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const opts = {
  reportingOrg: {
    ref: "XI-EXAMPLE-GEALC",
    type: "40",
    name: "GEALC Network <Technical Secretariat>",
  },
  baseUrl: "https://workplan.example.org",
  orgRefs: { IDB: "XM-EXAMPLE-IDB" },
  generatedAt: new Date("2023-12-01T12:00:00.123Z"),
};

/** xmllint's verdict on a document: "" when it is valid against the IATI 2.03 schema. */
function validate(xml: string, name: string): string {
  const file = join(dir, name);
  writeFileSync(file, xml);
  try {
    execFileSync(toolPath("xmllint"), ["--noout", "--schema", XSD, file], { stdio: "pipe" });
    return "";
  } catch (e) {
    return String((e as { stderr?: Buffer }).stderr ?? e);
  }
}

describe("renderIati", () => {
  const xml = renderIati(samplePlan(), opts);
  const example = parsePlanJson(
    readFileSync(new URL("../../examples/gealc-2023/plan.json", import.meta.url), "utf8"),
    "plan.json",
  );
  const xmllint = needs("xmllint");

  it("is valid IATI 2.03 (xmllint against the official XSD)", { skip: xmllint }, () => {
    assert.equal(validate(xml, "sample.xml"), "");
  });

  it("publishes the GEALC 2023 example as valid IATI", { skip: xmllint }, () => {
    assert.equal(validate(renderIati(example, opts), "example.xml"), "");
  });

  it("publishes the GEALC 2023 example with one activity per planned activity", () => {
    const out = renderIati(example, opts);
    const count = example.areas.reduce((n, a) => n + a.activities.length, 0);
    assert.equal([...out.matchAll(/<iati-activity /g)].length, count);
  });

  it("has an iati-activity per activity with stable identifiers", () => {
    const ids = [...xml.matchAll(/<iati-identifier>([^<]+)</g)].map((m) => m[1]);
    assert.deepEqual(
      ids,
      ["3.1.1", "3.1.2", "3.1.5", "3.2.1", "3.2.2", "3.2.3"].map(
        (c) => `XI-EXAMPLE-GEALC-gealc-2023-${c}`,
      ),
    );
    assert.equal(renderIati(samplePlan(), opts), xml);
  });

  it("maps statuses and dates", () => {
    const activity = (code: string) =>
      xml.split("<iati-activity").find((s) => s.includes(`gealc-2023-${code}<`)) ?? "";
    assert.match(activity("3.1.1"), /<activity-status code="4"\/>/);
    assert.match(activity("3.1.2"), /<activity-status code="1"\/>/);
    assert.match(activity("3.2.1"), /<activity-status code="2"\/>/);
    assert.match(activity("3.2.3"), /<activity-status code="5"\/>/);
    // Executed with meetings known only as May and June: no actual day is invented.
    assert.doesNotMatch(activity("3.1.5"), /activity-date type="[24]"/);
    assert.match(
      activity("3.1.2"),
      /type="1" iso-date="2023-07-01"[\s\S]*type="3" iso-date="2023-12-31"/,
    );
    assert.doesNotMatch(activity("3.1.2"), /activity-date type="[24]"/);
    // No planned window: the plan year.
    assert.match(activity("3.2.3"), /type="1" iso-date="2023-01-01"/);
  });

  it("links evidence with its media type and the portal page, and names the partners", () => {
    assert.match(
      xml,
      /<document-link url="https:\/\/www\.redGEALC\.org\/site\/assets\/files\/16337\/agenda_track_transfronterizo_red_GEALC_2023\.pdf" format="application\/pdf">/,
    );
    assert.match(
      xml,
      /url="https:\/\/www\.redGEALC\.org\/contenido-general\/noticias\/taller-en-jamaica\?a=1&amp;b=2\/" format="text\/html"/,
    );
    assert.match(
      xml,
      /url="https:\/\/workplan\.example\.org\/gealc\/2023\/activities\/3\.1\.1" format="text\/html">[\s\S]*?<category code="A12"\/>/,
    );
    assert.match(xml, /<participating-org role="4">\s*<narrative xml:lang="en">OAS<\/narrative>/);
    assert.match(xml, /<participating-org ref="XM-EXAMPLE-IDB" role="1">/);
    assert.match(xml, /<related-activity ref="XI-EXAMPLE-GEALC-gealc-2023-3\.2\.2" type="3"\/>/);
  });

  it("escapes every text and drops citation markers", () => {
    assert.match(xml, /GEALC Network &lt;Technical Secretariat&gt;/);
    assert.match(xml, /Hold the meeting &amp; approve documents/);
    assert.ok(!xml.includes("[^"));
    assert.equal(escapeXml(`a<b>&"c'\u0001`), "a&lt;b&gt;&amp;&quot;c&apos;");
  });
});
