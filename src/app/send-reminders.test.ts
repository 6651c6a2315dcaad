import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { gealc2023 } from "../../test/fixtures/gealc-2023-tracking.ts";
import { admin, editor, forEachDialect, testDeps } from "../../test/helpers/db.ts";
import { startTestSmtp, type TestSmtp } from "../../test/helpers/smtp.ts";
import { listJobRuns } from "../db/job-run.repository.ts";
import { saveLinkCheck } from "../db/link-check.repository.ts";
import { findPlan } from "../db/plan.repository.ts";
import { findSource } from "../db/source.repository.ts";
import { updateUser } from "../db/user.repository.ts";
import { saveUserPreferences } from "../db/user-preference.repository.ts";
import { createSmtpMailer, type Mailer } from "../mail/transport.ts";
import { createUser } from "./create-user.ts";
import { importReport } from "./import-report.ts";
import { nextRun, REMINDER_JOB, startReminderSchedule } from "./reminder-schedule.ts";
import { type ReminderDeps, type SendRemindersResult, sendReminders } from "./send-reminders.ts";
import { setCoordinatorAreas } from "./set-coordinator-areas.ts";

const REPORT_DAY = () => new Date("2023-11-21T09:00:00Z");

forEachDialect("send-reminders", (t) => {
  let smtp: TestSmtp;
  let mailer: Mailer;
  const deps = (over: Partial<ReminderDeps> = {}): ReminderDeps => ({
    ...testDeps(t.db, admin, REPORT_DAY),
    mailer,
    publicUrl: "https://wp.example",
    ...over,
  });
  const ids: Record<string, string> = {};

  before(async () => {
    smtp = await startTestSmtp();
    mailer = createSmtpMailer({
      host: smtp.host,
      port: smtp.port,
      user: null,
      password: null,
      from: "workplan <wp@wp.example>",
    });
    const d = testDeps(t.db, admin, REPORT_DAY);
    await importReport(testDeps(t.db, admin), { document: gealc2023() });
    const user = async (
      key: string,
      email: string,
      role: "admin" | "editor" | "coordinator" | "viewer",
    ) => {
      ids[key] = (await createUser(d, { email, name: key, role })).id;
    };
    await user("Ana", "ana@example.org", "coordinator");
    await user("Bo", "bo@example.org", "coordinator");
    await user("Admin", "admin@example.org", "admin");
    await user("Eva", "eva@example.org", "editor");
    await user("Olga", "olga@example.org", "editor");
    await user("Vic", "vic@example.org", "viewer");
    await user("Dan", "dan@example.org", "coordinator");
    const areas = (codes: string[]) =>
      codes.map((code) => ({ network: "gealc", year: 2023, code }));
    await setCoordinatorAreas(d, { userId: ids.Ana as string, areas: areas(["3.1", "3.9"]) });
    await setCoordinatorAreas(d, { userId: ids.Bo as string, areas: areas(["3.4"]) });
    await setCoordinatorAreas(d, { userId: ids.Dan as string, areas: areas(["3.1"]) });
    await saveUserPreferences(
      t.db,
      ids.Ana as string,
      { language: "pt", reminders: true },
      "2023-01-01",
    );
    await saveUserPreferences(
      t.db,
      ids.Admin as string,
      { language: "en", reminders: true },
      "2023-01-01",
    );
    await saveUserPreferences(
      t.db,
      ids.Olga as string,
      { language: null, reminders: false },
      "2023-01-01",
    );
    await updateUser(
      t.db,
      ids.Dan as string,
      1,
      { disabledAt: "2023-06-01T00:00:00Z" },
      "2023-06-01T00:00:00Z",
    );
    // One broken evidence link, told to the secretariat.
    const plan = await findPlan(t.db, "gealc", 2023);
    assert.ok(plan);
    const src = await findSource(t.db, plan, 2, plan.language);
    assert.ok(src);
    await saveLinkCheck(t.db, {
      sourceId: src.id,
      planId: plan.id,
      url: src.source.url as string,
      ok: false,
      status: 404,
      error: "HTTP 404",
      finalUrl: src.source.url,
      redirects: 0,
      checkedAt: "2023-11-20T00:00:00Z",
    });
  });
  after(async () => {
    mailer.close();
    await smtp.close();
  });

  it("a dry run composes each digest and sends nothing", async () => {
    const r = await sendReminders(deps({ mailer: null }), {
      network: "gealc",
      year: 2023,
      dryRun: true,
    });
    assert.equal(r.today, "2023-11-21");
    assert.deepEqual(
      r.messages.map((m) => [m.email.to.email, m.role, m.language, m.items, m.sent]),
      [
        ["admin@example.org", "secretariat", "en", 9, false],
        ["ana@example.org", "coordinator", "pt", 2, false],
        // 3.4.2: "executed" over no meeting recorded is behind its target of 4.
        ["bo@example.org", "coordinator", "es", 1, false],
        ["eva@example.org", "secretariat", "es", 9, false],
      ],
    );
    assert.equal(smtp.messages.length, 0);
  });

  it("sends a digest per coordinator and per secretariat member, in their language", async () => {
    const r = await sendReminders(deps(), { network: "gealc", year: 2023 });
    assert.ok(r.messages.every((m) => m.sent && m.error === null));
    assert.equal(smtp.messages.length, 4);
    const ana = smtp.messages.find((m) => m.to[0] === "ana@example.org");
    assert.ok(ana);
    assert.equal(ana.subject, "Plano de trabalho: 1 atrasadas, 0 abaixo da meta, 1 a vencer");
    assert.match(ana.text, /^Olá, Ana,/);
    assert.match(
      ana.text,
      /- 3\.1\.2 Regional cross-border interoperability webinar: vencia em 20 de novembro de 2023/,
    );
    assert.match(
      ana.text,
      /- 3\.9\.3 Hold the meeting and approve documents: vence em 22 de novembro de 2023/,
    );
    assert.doesNotMatch(ana.text, /3\.2\.2/); // not her area
    assert.doesNotMatch(ana.text, /links de evidência/); // broken links go to the secretariat
    assert.match(ana.html, /<html lang="pt">/);
    const adminMail = smtp.messages.find((m) => m.to[0] === "admin@example.org");
    assert.ok(adminMail);
    assert.equal(adminMail.subject, "Work plan: 6 late, 2 behind target, 1 due soon");
    assert.match(adminMail.text, /1 evidence link is broken\./);
    const eva = smtp.messages.find((m) => m.to[0] === "eva@example.org");
    assert.match(eva?.subject ?? "", /^Plan de trabajo: 6 atrasadas/);
  });

  it("without a network and year, takes the plans of the current year", async () => {
    const r = await sendReminders(
      deps({ mailer: null, clock: () => new Date("2025-02-01T00:00:00Z") }),
      { dryRun: true },
    );
    assert.deepEqual(r.plans, []);
    assert.deepEqual(r.messages, []);
    const now = await sendReminders(deps({ mailer: null }), { dryRun: true });
    assert.deepEqual(now.plans, [{ network: "gealc", year: 2023 }]);
  });

  it("is for admins, and needs a mailer unless dry", async () => {
    await assert.rejects(sendReminders({ ...deps(), actor: editor }), { code: "forbidden" });
    await assert.rejects(sendReminders(deps({ mailer: null })), { code: "unavailable" });
  });

  it("a failing message does not stop the others", async () => {
    const flaky: Mailer = {
      async send(email) {
        if (email.to.email.startsWith("ana")) throw new Error("mailbox unavailable");
        return { messageId: "x" };
      },
      close() {},
    };
    const r = await sendReminders(deps({ mailer: flaky }), { network: "gealc", year: 2023 });
    assert.deepEqual(
      r.messages.map((m) => [m.email.to.email, m.sent, m.error]),
      [
        ["admin@example.org", true, null],
        ["ana@example.org", false, "mailbox unavailable"],
        ["bo@example.org", true, null],
        ["eva@example.org", true, null],
      ],
    );
  });

  it("the weekly schedule runs at its hour and stops when told", async () => {
    let now = new Date("2023-11-19T10:00:00Z"); // a Sunday
    const waits: number[] = [];
    let pending: (() => void) | null = null;
    const runs: (SendRemindersResult | Error | "skipped")[] = [];
    let ran: () => void = () => {};
    const stop = startReminderSchedule(
      {
        ...deps({ mailer: null }),
        clock: () => now,
        mailer: { send: async () => ({ messageId: "m" }), close() {} },
      },
      {
        weekday: 2,
        hour: 8,
        timers: {
          set: (f, ms) => {
            waits.push(ms);
            pending = f;
            return waits.length;
          },
          clear: () => {
            pending = null;
          },
        },
        onRun: (r) => {
          runs.push(r);
          ran();
        },
      },
    );
    assert.deepEqual(waits, [(24 + 22) * 3_600_000]); // Tuesday 21 November, 08:00
    now = new Date("2023-11-21T08:00:00Z");
    const done = new Promise<void>((r) => {
      ran = r;
    });
    (pending as unknown as () => void)();
    await done;
    const first = runs[0];
    assert.ok(first && first !== "skipped" && !(first instanceof Error));
    assert.equal(first.today, "2023-11-21");
    assert.equal(waits[1], 7 * 24 * 3_600_000); // next Tuesday
    stop();
    assert.equal(pending, null);
  });
});

forEachDialect("weekly reminders on several instances", (t) => {
  it("two instances on one database send each week's digests once", async () => {
    const d = testDeps(t.db, admin, REPORT_DAY);
    await importReport(d, { document: gealc2023() });
    await createUser(d, { email: "secretariat@example.org", name: "Eva", role: "editor" });
    const now = new Date("2023-11-21T08:00:00Z");
    const sent: string[] = [];
    const fires: (() => void)[] = [];
    const outcomes: (SendRemindersResult | Error | "skipped")[] = [];
    let settled: () => void = () => {};
    const allRan = new Promise<void>((r) => {
      settled = r;
    });
    const instance = (name: string) =>
      startReminderSchedule(
        {
          ...testDeps(t.db, admin, () => now),
          publicUrl: "https://wp.example",
          mailer: {
            send: async (e) => {
              sent.push(`${name}:${e.to.email}`);
              return { messageId: "m" };
            },
            close() {},
          },
        },
        {
          weekday: 2,
          hour: 8,
          instance: name,
          // Both armed for the same Tuesday 08:00 slot; fired by hand, once each.
          timers: {
            set: (f) => {
              if (fires.length < 2) fires.push(f);
              return fires.length;
            },
            clear: () => {},
          },
          onRun: (r) => {
            outcomes.push(r);
            if (outcomes.length === 2) settled();
          },
        },
      );
    const stops = [instance("a"), instance("b")];
    // Armed from Tuesday 08:00 exactly, both wait for the next Tuesday: fire them together.
    assert.equal(fires.length, 2);
    for (const f of fires) f();
    await allRan;
    for (const stop of stops) stop();
    assert.equal(outcomes.filter((o) => o === "skipped").length, 1);
    assert.equal(outcomes.filter((o) => o instanceof Error).length, 0);
    assert.ok(sent.length > 0);
    const senders = new Set(sent.map((s) => s.split(":")[0]));
    assert.equal(senders.size, 1, `one instance sends: ${[...senders]}`);
    const runs = await listJobRuns(t.db, REMINDER_JOB);
    assert.equal(runs.length, 1);
    assert.equal(runs[0]?.outcome, "ok");
  });
});

describe("nextRun", () => {
  it("finds the next weekday and hour, strictly after now", () => {
    assert.equal(
      nextRun(new Date("2023-11-20T07:59:00Z"), 1, 8).toISOString(),
      "2023-11-20T08:00:00.000Z",
    );
    assert.equal(
      nextRun(new Date("2023-11-20T08:00:00Z"), 1, 8).toISOString(),
      "2023-11-27T08:00:00.000Z",
    );
    assert.equal(
      nextRun(new Date("2023-12-30T12:00:00Z"), 1, 8).toISOString(),
      "2024-01-01T08:00:00.000Z",
    );
  });
});
