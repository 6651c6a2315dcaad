import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDialects } from "../../test/helpers/db.ts";
import { body, openTestApp, type TestApp } from "./testing.ts";

const PLAN = "/api/v1/networks/gealc/plans/2023";
const json = (payload: unknown) => ({
  payload: JSON.stringify(payload),
  headers: { "content-type": "application/json" },
});
type Err = { path: string; pointer: string; message: string; accepted?: string[] };

for (const dialect of testDialects()) {
  describe(`friendly inputs [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(dialect);
    });
    after(() => t.close());

    const setStatus = (code: string, payload: unknown, url = "") =>
      t.inject({
        method: "PUT",
        url: `${PLAN}/activities/${code}/status${url}`,
        as: "editor",
        ...json(payload),
      });

    test("a date-only timing is completed and worded in the request's lang (en, es, pt)", async () => {
      const en = await setStatus("3.1.1", {
        code: "executed",
        when: { kind: "date", start: "2023-11-10" },
      });
      assert.equal(en.statusCode, 200, en.body);
      assert.deepEqual(body(en).status.when, {
        kind: "date",
        start: "2023-11-10",
        end: "2023-11-10",
        count: null,
        text: "November 10",
      });
      const es = await t.inject({
        method: "POST",
        url: `${PLAN}/activities/3.1.2/occurrences?lang=es`,
        as: "editor",
        ...json({ when: { kind: "range", start: "2023-11-20", end: "2023-11-22" } }),
      });
      assert.equal(es.statusCode, 201, es.body);
      assert.equal(body(es).occurrence.when.text, "del 20 al 22 de noviembre");
      const pt = await setStatus("3.1.5", {
        code: "scheduled",
        when: { kind: "semester", start: "2023-08-15" },
        lang: "pt",
      });
      assert.equal(pt.statusCode, 200, pt.body);
      const when = body(pt).status.when;
      assert.deepEqual(
        [when.start, when.end, when.text],
        ["2023-07-01", "2023-12-31", "2º semestre"],
      );
      // The body's lang wins over the query's.
      const both = await t.inject({
        method: "POST",
        url: `${PLAN}/annex?lang=en`,
        as: "editor",
        ...json({ title: "Extra meeting", when: { kind: "frequency", count: 4 }, lang: "es" }),
      });
      assert.equal(both.statusCode, 201, both.body);
      assert.deepEqual(body(both).item.when, {
        kind: "frequency",
        start: "2023-01-01",
        end: "2023-12-31",
        count: 4,
        text: "4 al año",
      });
    });

    test("a given wording is kept verbatim", async () => {
      const res = await setStatus("3.2.1", {
        code: "executed",
        when: { kind: "date", start: "2023-03-02", text: "el jueves 2 de marzo" },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(body(res).status.when.text, "el jueves 2 de marzo");
      const planned = await t.inject({
        method: "PATCH",
        url: `${PLAN}/activities/3.2.1`,
        as: "editor",
        ...json({ planned: { kind: "quarter", start: "2023-02-10" } }),
      });
      assert.equal(planned.statusCode, 200, planned.body);
      assert.deepEqual(
        [body(planned).planned.start, body(planned).planned.end, body(planned).planned.text],
        ["2023-01-01", "2023-03-31", "1st quarter"],
      );
    });

    test("status codes by their labels in en, es and pt, case and accents aside", async () => {
      const cases: [string, string][] = [
        ["executed", "executed"],
        ["Ejecutada", "executed"],
        ["REALIZADA", "executed"],
        ["in progress", "in_progress"],
        ["En Curso", "in_progress"],
        ["Em andamento", "in_progress"],
        ["Contínuo", "ongoing"],
        ["cancelado", "cancelled"],
      ];
      for (const [label, code] of cases) {
        const res = await setStatus("3.2.2", { code: label });
        assert.equal(res.statusCode, 200, `${label}: ${res.body}`);
        assert.equal(body(res).status.code, code, label);
      }
    });

    test("an ambiguous label is refused with its candidates; an unknown one with every code", async () => {
      const res = await setStatus("3.2.2", { code: "Fecha" });
      assert.equal(res.statusCode, 400);
      const [e] = body(res).errors as Err[];
      assert.equal(e?.pointer, "/code");
      assert.match(e?.message ?? "", /several statuses/);
      assert.deepEqual(e?.accepted, [
        "in_progress",
        "ongoing",
        "superseded",
        "cancelled",
        "unclassified",
      ]);
      const unknown = await setStatus("3.2.2", { code: "finished-ish" });
      assert.equal(unknown.statusCode, 400);
      const accepted = (body(unknown).errors as Err[])[0]?.accepted ?? [];
      assert.ok(accepted.includes("executed (Executed, Ejecutado, Executado)"), String(accepted));
      assert.equal(accepted.length, 10);
    });

    test("a refused timing names the field and what each kind needs", async () => {
      const res = await t.inject({
        method: "POST",
        url: `${PLAN}/activities/3.1.1/occurrences`,
        as: "editor",
        ...json({ when: { kind: "date" } }),
      });
      assert.equal(res.statusCode, 400);
      const [e] = body(res).errors as Err[];
      assert.equal(e?.path, "when.start");
      assert.equal(e?.pointer, "/when/start");
      assert.ok(
        e?.accepted?.includes(
          "frequency: count, times a year (start and end default to the plan year)",
        ),
      );
      const kind = await setStatus("3.1.1", { code: "executed", when: { kind: "someday" } });
      assert.equal(kind.statusCode, 400);
      const k = (body(kind).errors as Err[]).find((x) => x.pointer === "/when/kind");
      assert.ok(k?.accepted?.includes("semester"), kind.body);
      const range = await setStatus("3.1.1", {
        code: "executed",
        when: { kind: "range", start: "2023-05-02" },
      });
      assert.equal((body(range).errors as Err[])[0]?.pointer, "/when/end");
      // Refused writes change nothing.
      const read = await t.inject({ method: "GET", url: `${PLAN}/activities/3.1.1`, as: "editor" });
      assert.equal(body(read).status.when.text, "November 10");
    });

    test("every write taking a timing or status takes the friendly forms", async () => {
      const created = await t.inject({
        method: "POST",
        url: `${PLAN}/areas/3.1/activities?lang=es`,
        as: "editor",
        ...json({
          code: "3.1.9",
          title: "Taller regional",
          location: { kind: "virtual", text: "Virtual", city: null, country: null },
          planned: { kind: "month", start: "2023-09-15" },
          status: { code: "Programado", when: { kind: "date", start: "2023-09-21" } },
        }),
      });
      assert.equal(created.statusCode, 201, created.body);
      const a = body(created);
      assert.deepEqual(
        [a.planned.start, a.planned.end, a.planned.text],
        ["2023-09-01", "2023-09-30", "septiembre"],
      );
      assert.deepEqual([a.status.code, a.status.when.text], ["scheduled", "21 de septiembre"]);
      const held = await t.inject({
        method: "POST",
        url: `${PLAN}/activities/3.1.9/occurrences`,
        as: "editor",
        ...json({ when: { kind: "date", start: "2023-09-21" } }),
      });
      assert.equal(held.statusCode, 201, held.body);
      const corrected = await t.inject({
        method: "PATCH",
        url: `${PLAN}/activities/3.1.9/occurrences/0?lang=pt`,
        as: "editor",
        ...json({ when: { kind: "date", start: "2023-09-22" } }),
      });
      assert.equal(corrected.statusCode, 200, corrected.body);
      assert.equal(body(corrected).occurrences[0].when.text, "22 de setembro");
      const annex = await t.inject({
        method: "PATCH",
        url: `${PLAN}/annex/0`,
        as: "editor",
        ...json({ when: { kind: "month", start: "2023-06-09" } }),
      });
      assert.equal(annex.statusCode, 200, annex.body);
      assert.deepEqual([annex.json().when.end, annex.json().when.text], ["2023-06-30", "June"]);
    });

    test("a time outside the plan year names the body's field and what it accepts", async () => {
      const before2023 = await setStatus("3.2.3", {
        code: "executed",
        when: { kind: "date", start: "2022-12-30" },
      });
      assert.equal(before2023.statusCode, 400);
      const [e] = body(before2023).errors as Err[];
      assert.equal(e?.pointer, "/when");
      assert.ok(e?.accepted?.includes("dates from 2023-01-01 to 2023-12-31"), before2023.body);
      const late = { code: "executed", when: { kind: "date", start: "2024-01-10" } };
      const refused = await setStatus("3.2.3", late);
      assert.equal(refused.statusCode, 400);
      assert.ok((body(refused).errors as Err[])[0]?.accepted?.some((x) => /afterYearEnd/.test(x)));
      const allowed = await setStatus("3.2.3", { ...late, afterYearEnd: true });
      assert.equal(allowed.statusCode, 200, allowed.body);
      assert.equal(body(allowed).status.when.text, "January 10");
    });
  });
}
