import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { footnoteDefinition, readSource } from "./footnotes.ts";

describe("footnoteDefinition", () => {
  it("reads superscript-made, Markdown and caret-made definitions alike", () => {
    assert.deepEqual(footnoteDefinition("[^2] <https://x.org/>"), {
      id: 2,
      text: "<https://x.org/>",
    });
    assert.deepEqual(footnoteDefinition("[^2]: <https://x.org/>"), {
      id: 2,
      text: "<https://x.org/>",
    });
    assert.deepEqual(footnoteDefinition("[^1]Source: a: <https://x.org/>"), {
      id: 1,
      text: "Source: a: <https://x.org/>",
    });
  });
  it("is not fooled by a citation inside a line", () => {
    assert.equal(footnoteDefinition("Executed[^2]."), null);
  });
});

describe("readSource", () => {
  it("takes a link in angle brackets, kept exactly as written", () => {
    const text = "<https://www.redGEALC.org/lneas-de-trabajo/servicios-transfronterizos/>";
    assert.deepEqual(readSource(18, text), {
      source: {
        id: 18,
        url: "https://www.redGEALC.org/lneas-de-trabajo/servicios-transfronterizos/",
        label: null,
        note: null,
        text,
      },
      warning: null,
    });
  });
  it("takes the words before the link as its label", () => {
    const { source } = readSource(1, "Source: Red GEALC Bylaws: <https://www.redGEALC.org/e/>");
    assert.equal(source.label, "Source: Red GEALC Bylaws");
    assert.equal(source.url, "https://www.redGEALC.org/e/");
  });
  it("takes a bare link, without the sentence's final stop", () => {
    assert.equal(readSource(3, "https://x.org/a.pdf").source.url, "https://x.org/a.pdf");
    assert.equal(readSource(3, "See https://x.org/a.pdf.").source.url, "https://x.org/a.pdf");
    assert.equal(readSource(3, "See https://x.org/a.pdf.").source.label, "See");
  });
  it("reads www. without a scheme as https, keeping the text as written", () => {
    assert.deepEqual(readSource(54, "www.redGEALC.org").source, {
      id: 54,
      url: "https://www.redGEALC.org",
      label: null,
      note: null,
      text: "www.redGEALC.org",
    });
  });
  it("keeps a footnote without a link as a note", () => {
    const text =
      "The meetings of ... (3.6.4) will be held jointly, by consensus in the two groups.";
    assert.deepEqual(readSource(34, text), {
      source: { id: 34, url: null, label: null, note: text, text },
      warning: null,
    });
  });
  it("keeps words after the link as a note", () => {
    assert.equal(readSource(5, "<https://x.org/> (in Spanish)").source.note, "(in Spanish)");
  });
  it("refuses other schemes as URLs: a note and a warning", () => {
    for (const text of ["<javascript:alert(1)>", "ftp://files.example.org/a.pdf"]) {
      const { source, warning } = readSource(7, text);
      assert.equal(source.url, null);
      assert.equal(source.note, text);
      assert.match(warning ?? "", /not an http\(s\) URL/);
    }
  });
  it("warns about an empty footnote", () => {
    assert.match(readSource(9, "").warning ?? "", /empty/);
  });
});
