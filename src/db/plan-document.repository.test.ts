import assert from "node:assert/strict";
import { it } from "node:test";
import { countingStatements, forEachDialect } from "../../test/helpers/db.ts";
import { gealcPlan, smallPlan } from "../../test/helpers/plans.ts";
import { completeness, translatableTexts } from "../core/language.ts";
import { planProgress } from "../core/progress.ts";
import { insertNetwork, listNetworks } from "./network.repository.ts";
import { findPlan, listPlans, planLanguages } from "./plan.repository.ts";
import {
  readActivities,
  readPlanDocument,
  readPlanStructures,
  readSources,
} from "./plan-document-read.repository.ts";
import { deletePlan, insertPlanDocument } from "./plan-document-write.repository.ts";
import { setText } from "./texts.ts";

const NOW = "2024-01-02T03:04:05.000Z";

forEachDialect("plan document repository", (t) => {
  it("reads back exactly the document it wrote", async () => {
    const doc = smallPlan();
    await t.db.transaction().execute(async (trx) => {
      const net = await insertNetwork(trx, doc.network, NOW);
      await insertPlanDocument(trx, doc, { networkId: net.id, now: NOW });
    });
    const back = await readPlanDocument(t.db, "gealc", 2023, "en");
    assert.deepStrictEqual(back, doc);
    assert.deepStrictEqual(await readPlanDocument(t.db, "gealc", 2023), doc);
  });

  it("falls back to the stored language for a language without texts, text by text", async () => {
    const es = await readPlanDocument(t.db, "gealc", 2023, "es");
    const textLanguages = Object.fromEntries(
      translatableTexts(smallPlan()).map((x) => [x.pointer, "en"]),
    );
    assert.deepStrictEqual(es, { ...smallPlan(), language: "es", textLanguages });
    assert.equal(completeness(es as NonNullable<typeof es>).translated, 0);
  });

  it("one translated text changes only that text, in every language", async () => {
    const plan = await findPlan(t.db, "gealc", 2023);
    assert.ok(plan);
    const area = await t.db
      .selectFrom("areas")
      .select("id")
      .where("plan_id", "=", plan.id)
      .orderBy("position")
      .executeTakeFirstOrThrow();
    await setText(t.db, plan.id, "area", area.id, "title", "es", "Servicios");
    try {
      assert.deepStrictEqual(await readPlanDocument(t.db, "gealc", 2023), smallPlan());
      const es = await readPlanDocument(t.db, "gealc", 2023, "es");
      assert.equal(es?.language, "es");
      assert.equal(es?.areas[0]?.title, "Servicios");
      assert.equal(es?.textLanguages?.["/areas/0/title"], undefined);
      assert.equal(es?.textLanguages?.["/title"], "en");
      // Portuguese: the original (English) before any other language.
      const pt = await readPlanDocument(t.db, "gealc", 2023, "pt");
      assert.equal(pt?.language, "pt");
      assert.equal(pt?.areas[0]?.title, smallPlan().areas[0]?.title);
      assert.equal(pt?.textLanguages?.["/areas/0/title"], "en");
    } finally {
      await setText(t.db, plan.id, "area", area.id, "title", "es", null);
    }
  });

  it("finds and lists plans and networks", async () => {
    const plan = await findPlan(t.db, "gealc", 2023);
    assert.ok(plan);
    assert.equal(plan.lifecycleStatus, "draft");
    assert.equal(plan.version, 1);
    assert.equal(await findPlan(t.db, "gealc", 2022), null);
    assert.equal(await readPlanDocument(t.db, "nope", 2023), null);
    const plans = await listPlans(t.db, { networkSlug: "gealc" });
    assert.deepEqual(
      plans.map((p) => [p.network.slug, p.year, p.title]),
      [["gealc", 2023, "2023 WORK PLAN Report"]],
    );
    assert.deepEqual(await planLanguages(t.db, plan.id), ["en"]);
    assert.deepEqual(
      (await listNetworks(t.db)).map((n) => n.slug),
      ["gealc"],
    );
  });

  it("finds a plan written after its query was first compiled, with plugins or not", async () => {
    const plan = await findPlan(t.db, "gealc", 2023);
    assert.ok(plan);
    assert.equal(await findPlan(t.db, "gealc", 2031), null);
    await insertPlanDocument(
      t.db,
      { ...smallPlan(), year: 2031 },
      { networkId: plan.networkId, now: NOW },
    );
    try {
      const later = await findPlan(t.db, "gealc", 2031);
      assert.equal(later?.year, 2031);
      assert.notEqual(later?.id, plan.id);
      const { plugin, seen } = countingStatements();
      assert.deepStrictEqual(await findPlan(t.db.withPlugin(plugin), "gealc", 2031), later);
      assert.equal(seen.queries, 1);
      assert.equal((await findPlan(t.db, "gealc", 2023))?.id, plan.id);
    } finally {
      await deletePlan(t.db, (await findPlan(t.db, "gealc", 2031))?.id ?? "");
    }
    assert.equal(await findPlan(t.db, "gealc", 2031), null);
  });

  it("reads single activities and sources", async () => {
    const plan = await findPlan(t.db, "gealc", 2023);
    assert.ok(plan);
    const all = await readActivities(t.db, plan, "en");
    assert.equal(all.length, 6);
    const one = await readActivities(t.db, plan, "en", [all[2]?.id ?? ""]);
    assert.deepStrictEqual(one[0]?.activity, smallPlan().areas[0]?.activities[2]);
    const sources = await readSources(t.db, plan, "en", [6, 1]);
    assert.deepStrictEqual(
      sources.map((s) => s.source),
      [smallPlan().sources[0], smallPlan().sources[5]],
    );
  });

  it("round-trips the real GEALC 2023 plan, when the example exists", async (ctx) => {
    const doc = gealcPlan();
    if (!doc) return ctx.skip("examples/gealc-2023/plan.json is not there yet");
    const slug = `${doc.network.slug}-real`;
    await t.db.transaction().execute(async (trx) => {
      const net = await insertNetwork(trx, { ...doc.network, slug }, NOW);
      await insertPlanDocument(trx, doc, { networkId: net.id, now: NOW });
    });
    const back = await readPlanDocument(t.db, slug, doc.year, doc.language);
    assert.deepStrictEqual(back, { ...doc, network: { ...doc.network, slug } });
    const plan = await findPlan(t.db, slug, doc.year);
    if (plan) await deletePlan(t.db, plan.id);
  });

  it("reads plans' structure whose progress counts as their whole documents'", async (ctx) => {
    const doc = gealcPlan();
    if (!doc) return ctx.skip("examples/gealc-2023/plan.json is not there yet");
    const slug = `${doc.network.slug}-structure`;
    const ids = await t.db.transaction().execute(async (trx) => {
      const net = await insertNetwork(trx, { ...doc.network, slug }, NOW);
      const a = await insertPlanDocument(trx, doc, { networkId: net.id, now: NOW });
      const b = await insertPlanDocument(
        trx,
        { ...smallPlan(), year: 2024 },
        { networkId: net.id, now: NOW },
      );
      return [a.planId, b.planId];
    });
    const plans = [
      { id: ids[0] as string, year: doc.year },
      { id: ids[1] as string, year: 2024 },
    ];
    const structures = await readPlanStructures(t.db, plans);
    assert.equal(structures.size, 2);
    for (const [i, p] of plans.entries()) {
      const full = await readPlanDocument(t.db, slug, p.year, "en");
      const structure = structures.get(p.id);
      assert.ok(full && structure);
      assert.deepEqual(
        structure.areas.map((a) => a.activities.length),
        full.areas.map((a) => a.activities.length),
        `plan ${i}`,
      );
      for (const today of [`${p.year}-03-01`, `${p.year}-07-15`, `${p.year}-12-31`]) {
        assert.deepEqual(
          planProgress(structure, { today }).summary,
          planProgress(full, { today }).summary,
          `${p.year} on ${today}`,
        );
      }
    }
    // Every wording is left out.
    assert.equal(structures.get(plans[0]?.id ?? "")?.areas[0]?.activities[0]?.title, "");
    assert.deepEqual(await readPlanStructures(t.db, []), new Map());
    for (const id of ids) await deletePlan(t.db, id);
  });

  it("deletes a plan and all it holds", async () => {
    const plan = await findPlan(t.db, "gealc", 2023);
    assert.ok(plan);
    await deletePlan(t.db, plan.id);
    assert.equal(await findPlan(t.db, "gealc", 2023), null);
    for (const table of [
      "texts",
      "citations",
      "activities",
      "sources",
      "governance_members",
    ] as const) {
      const rows = await t.db.selectFrom(table).selectAll().execute();
      assert.equal(rows.length, 0, table);
    }
  });
});
