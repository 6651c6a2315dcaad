/**
 * Security suite: authorization per network, in the one can() every edge calls (API,
 * portal pages, downloads, calendars, reminders), and evidence that belongs to what cites
 * it. On SQLite and PostgreSQL.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createUser } from "../../src/app/create-user.ts";
import { importReport } from "../../src/app/import-report.ts";
import { sendReminders } from "../../src/app/send-reminders.ts";
import { body, openTestApp, type TestApp } from "../../src/http/testing.ts";
import { testDialects } from "../helpers/db.ts";
import { smallPlan } from "../helpers/plans.ts";
import { openPortalApp } from "./portal-app.ts";

const PASSWORD = "a long passphrase for tests";
const OTHER = "/api/v1/networks/other/plans/2023";
const GEALC = "/api/v1/networks/gealc/plans/2023";
const json = (payload: unknown) => ({
  headers: { "content-type": "application/json" },
  payload: JSON.stringify(payload),
});

for (const dialect of testDialects()) {
  describe(`security: roles per network [${dialect}]`, () => {
    let t: TestApp;
    /** A portal session cookie per role of gealc. */
    const cookies: Record<string, string> = {};
    before(async () => {
      t = await openPortalApp(dialect);
      // A second network with a draft plan: nobody of gealc has a role there.
      await importReport(t.admin, {
        document: { ...smallPlan(), network: { slug: "other", name: "Other network" } },
      });
      for (const role of ["editor", "coordinator", "viewer"] as const) {
        await createUser(t.admin, {
          email: `web-${role}@example.org`,
          name: role,
          role,
          network: "gealc",
          ...(role === "coordinator"
            ? { areas: [{ network: "gealc", year: 2023, code: "3.1" }] }
            : {}),
          password: PASSWORD,
        });
        const res = await t.inject({
          method: "POST",
          url: "/api/v1/session",
          ...json({ email: `web-${role}@example.org`, password: PASSWORD }),
        });
        assert.equal(res.statusCode, 200, res.body);
        cookies[role] = `wp_session=${res.cookies.find((c) => c.name === "wp_session")?.value}`;
      }
    });
    after(() => t.close());

    for (const role of ["netadmin", "editor", "coordinator", "viewer"] as const) {
      test(`API: gealc's ${role} cannot see another network's draft (404)`, async () => {
        assert.equal((await t.inject({ url: GEALC, as: role })).statusCode, 200);
        assert.equal((await t.inject({ url: OTHER, as: role })).statusCode, 404);
        const listed = body(await t.inject({ url: "/api/v1/networks/other/plans", as: role }));
        assert.deepEqual(listed.plans ?? listed, []);
      });

      test(`API: gealc's ${role} cannot write to another network`, async () => {
        const res = await t.inject({
          method: "PATCH",
          url: `${OTHER}/areas/3.1`,
          as: role,
          ...json({ title: "Hijacked" }),
        });
        assert.ok([403, 404].includes(res.statusCode), `${res.statusCode}`);
        const status = await t.inject({
          method: "PUT",
          url: `${OTHER}/activities/3.1.1/status`,
          as: role,
          ...json({ code: "executed" }),
        });
        assert.ok([403, 404].includes(status.statusCode), `${status.statusCode}`);
        const translated = await t.inject({
          method: "PUT",
          url: `${OTHER}/translations/es`,
          as: role,
          ...json({ texts: { "/title": "Secuestrado" } }),
        });
        assert.ok([403, 404].includes(translated.statusCode), `${translated.statusCode}`);
        const read = await t.inject({ url: `${OTHER}/translations/es`, as: role });
        assert.equal(read.statusCode, 404);
      });

      test(`API: gealc's ${role} cannot export another network's draft`, async () => {
        for (const q of ["format=csv&table=activities", "format=md", "format=ics"]) {
          const res = await t.inject({ url: `${OTHER}/export?${q}`, as: role });
          assert.equal(res.statusCode, 404, q);
        }
      });
    }

    for (const role of ["editor", "coordinator", "viewer"] as const) {
      test(`portal: gealc's ${role} sees no page, download or calendar of another network's draft`, async () => {
        const get = (url: string) =>
          t.app.inject({ url, headers: { cookie: cookies[role] ?? "" } });
        assert.equal((await get("/edit/gealc/2023")).statusCode, 200);
        for (const url of [
          "/other/2023",
          "/other/2023/areas/3.1",
          "/other/2023/reports",
          "/other/2023/data/activities.csv",
          "/other/2023/calendar.ics",
          "/edit/other/2023",
          "/edit/other/2023/activities/3.1.1",
          "/edit/other/2023/translations/es",
        ]) {
          assert.equal((await get(url)).statusCode, 404, url);
        }
      });
    }

    test("only a network's administrator approves: an editor is refused, the netadmin is not", async () => {
      const submit = await t.inject({ method: "POST", url: `${GEALC}/submit`, as: "editor" });
      assert.equal(submit.statusCode, 200, submit.body);
      const approve = (as: "editor" | "netadmin") =>
        t.inject({
          method: "POST",
          url: `${GEALC}/approve`,
          as,
          ...json({ assembly: { ordinal: 16, date: "2022-11-11", place: "Lima, Peru" } }),
        });
      assert.equal((await approve("editor")).statusCode, 403);
      assert.equal((await approve("netadmin")).statusCode, 200);
      const pub = await t.inject({
        method: "POST",
        url: `${GEALC}/report/approve`,
        as: "editor",
        ...json({}),
      });
      assert.ok([403, 404].includes(pub.statusCode), `${pub.statusCode}`);
    });

    test("a network's administrator manages its members, not another network's nor the install", async () => {
      const other = await t.inject({ url: OTHER, as: "netadmin" });
      assert.equal(other.statusCode, 404);
      const made = await t.inject({ url: "/api/v1/session", as: "netadmin" });
      assert.deepEqual(body(made).networks, { gealc: "admin" });
    });

    test("reminders: a gealc editor hears nothing of another network's plan", async () => {
      const result = await sendReminders(
        { ...t.admin, mailer: null, publicUrl: "https://wp.example" },
        { dryRun: true, network: "other", year: 2023, dueSoonDays: 3650 },
      );
      const to = result.messages.map((m) => m.email.to.email);
      for (const role of ["editor", "coordinator", "viewer", "netadmin"]) {
        assert.ok(!to.includes(`${role}@example.org`), role);
        assert.ok(!to.includes(`web-${role}@example.org`), role);
      }
    });
  });

  describe(`security: evidence belongs to what cites it [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(dialect);
    });
    after(() => t.close());

    test("citing another area's source in one's own status does not make it one's own", async () => {
      // Source 7 is cited only by 3.2.3; the coordinator of 3.1 cites it in 3.1.2's status.
      const cite = await t.inject({
        method: "PUT",
        url: `${GEALC}/activities/3.1.2/status`,
        as: "coordinator",
        ...json({ code: "executed", sources: [3, 7] }),
      });
      assert.equal(cite.statusCode, 200, cite.body);
      const patch = await t.inject({
        method: "PATCH",
        url: `${GEALC}/sources/7`,
        as: "coordinator",
        ...json({ url: "https://evil.example/" }),
      });
      assert.equal(patch.statusCode, 403, patch.body);
      const doc = body(await t.inject({ url: GEALC, as: "admin" }));
      assert.equal(
        doc.sources.find((s: { id: number }) => s.id === 7).url,
        "https://www.redGEALC.org/",
      );
    });

    test("a source cited by the purpose paragraph is the editors' to change", async () => {
      const res = await t.inject({
        method: "PATCH",
        url: `${GEALC}/sources/1`,
        as: "coordinator",
        ...json({ label: "Relabelled" }),
      });
      assert.equal(res.statusCode, 403, res.body);
      const cited = await t.inject({
        method: "PUT",
        url: `${GEALC}/activities/3.1.1/status`,
        as: "coordinator",
        ...json({ code: "executed", sources: [2, 1] }),
      });
      assert.equal(cited.statusCode, 200, cited.body);
      const again = await t.inject({
        method: "PATCH",
        url: `${GEALC}/sources/1`,
        as: "coordinator",
        ...json({ label: "Relabelled" }),
      });
      assert.equal(again.statusCode, 403, "citing never transfers a source");
      const editor = await t.inject({
        method: "PATCH",
        url: `${GEALC}/sources/1`,
        as: "editor",
        ...json({ label: "Statutes" }),
      });
      assert.equal(editor.statusCode, 200, editor.body);
    });

    test("a source cited only in the coordinator's area is theirs to change", async () => {
      const res = await t.inject({
        method: "PATCH",
        url: `${GEALC}/sources/2`,
        as: "coordinator",
        ...json({ url: "https://www.redgealc.org/firma/" }),
      });
      assert.equal(res.statusCode, 200, res.body);
      const other = await t.inject({
        method: "PATCH",
        url: `${GEALC}/sources/2`,
        as: "coordinator2",
        ...json({ url: "https://evil.example/" }),
      });
      assert.equal(other.statusCode, 403);
    });
  });
}
