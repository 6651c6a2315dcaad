import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { gealc2023 } from "../../test/fixtures/gealc-2023-tracking.ts";
import { startTestSmtp, type TestSmtp } from "../../test/helpers/smtp.ts";
import { planProgress } from "../core/progress.ts";
import { composeDigest, type DigestItem, type DigestRecipient } from "./digest.ts";
import { createSmtpMailer } from "./transport.ts";

function items(today: string): DigestItem[] {
  const plan = gealc2023();
  const progress = planProgress(plan, { today });
  return progress.areas.flatMap((area) =>
    area.activities.map((activity) => ({
      network: plan.network,
      year: plan.year,
      area: { code: area.code, title: area.title },
      activity,
    })),
  );
}

const ana: DigestRecipient = {
  email: "ana@example.org",
  name: "Ana <Coordinator>",
  language: "es",
  role: "coordinator",
};

describe("composeDigest", () => {
  it("lists late and due-soon items in the recipient's language, escaped in HTML", () => {
    const mine = items("2023-11-21").filter((i) => ["3.1", "3.9"].includes(i.area.code));
    const mail = composeDigest({
      recipient: ana,
      today: "2023-11-21",
      items: mine,
      publicUrl: "https://wp.example/",
    });
    assert.ok(mail);
    assert.equal(mail.subject, "Plan de trabajo: 1 atrasadas, 0 bajo la meta, 1 próximas a vencer");
    assert.match(mail.text, /^Hola, Ana <Coordinator>:/);
    assert.match(
      mail.text,
      /Atrasadas \(1\)\n- 3\.1\.2 Regional cross-border interoperability webinar: vencía el 20 de noviembre de 2023 \(hace 1 día\)/,
    );
    assert.match(
      mail.text,
      /Próximas a vencer \(1\)\n- 3\.9\.3 Hold the meeting and approve documents: vence el 22 de noviembre de 2023 \(en 1 día\)/,
    );
    assert.match(mail.text, /https:\/\/wp\.example\/gealc\/2023\?lang=es/);
    // Done and on-track activities are not mentioned.
    assert.doesNotMatch(mail.text, /3\.1\.1 /);
    assert.match(mail.html, /<html lang="es">/);
    assert.match(mail.html, /Hola, Ana &lt;Coordinator&gt;:/);
    assert.doesNotMatch(mail.html, /<Coordinator>/);
    assert.match(mail.html, /<a href="https:\/\/wp\.example\/gealc\/2023\?lang=es">3\.9\.3 /);
  });

  it("strips citation markers and escapes titles", () => {
    const list = items("2023-11-21").filter((i) => i.activity.code === "3.1.2");
    const it0 = list[0];
    assert.ok(it0);
    it0.activity.title = `Webinar <script>alert(1)</script>[^3]`;
    const mail = composeDigest({
      recipient: { ...ana, language: "en" },
      today: "2023-11-21",
      items: list,
      publicUrl: "https://wp.example",
    });
    assert.ok(mail);
    assert.match(
      mail.text,
      /3\.1\.2 Webinar <script>alert\(1\)<\/script>: due 20 November 2023 \(1 day ago\)/,
    );
    assert.match(mail.html, /Webinar &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(mail.html, /\[\^3\]/);
  });

  it("tells the held count of a target behind, in Portuguese", () => {
    const plan = items("2023-10-20").filter((i) => i.activity.code === "3.7.3");
    const a = plan[0]?.activity;
    assert.ok(a);
    a.state = "behind_target";
    a.target = { held: 2, count: 4, expected: 3 };
    const mail = composeDigest({
      recipient: { ...ana, language: "pt", role: "secretariat" },
      today: "2023-10-20",
      items: plan,
      publicUrl: "https://wp.example",
      brokenLinks: 2,
    });
    assert.ok(mail);
    assert.match(
      mail.text,
      /Abaixo da meta \(1\)\n- 3\.7\.3 Working group meetings: vence em 31 de dezembro de 2023 \(em 72 dias\); 2 de 4 reuniões realizadas/,
    );
    assert.match(mail.text, /2 links de evidência estão quebrados\./);
    assert.match(mail.text, /\* Abaixo da meta: /);
  });

  it("is null when nothing needs attention", () => {
    const none = items("2023-11-21").filter(
      (i) => i.area.code === "3.2" && i.activity.state === "done",
    );
    assert.equal(
      composeDigest({ recipient: ana, today: "2023-11-21", items: none, publicUrl: "https://x" }),
      null,
    );
  });
});

describe("createSmtpMailer", () => {
  let smtp: TestSmtp;
  before(async () => {
    smtp = await startTestSmtp();
  });
  after(async () => {
    await smtp.close();
  });

  it("sends a digest through SMTP as text and HTML", async () => {
    const mailer = createSmtpMailer({
      host: smtp.host,
      port: smtp.port,
      user: null,
      password: null,
      from: "workplan <no-reply@wp.example>",
    });
    const mail = composeDigest({
      recipient: ana,
      today: "2023-11-21",
      items: items("2023-11-21"),
      publicUrl: "https://wp.example",
    });
    assert.ok(mail);
    await mailer.send(mail);
    mailer.close();
    const got = smtp.messages.at(-1);
    assert.ok(got);
    assert.equal(got.from, "no-reply@wp.example");
    assert.deepEqual(got.to, ["ana@example.org"]);
    assert.equal(got.subject, mail.subject);
    assert.equal(got.text.trimEnd(), mail.text.trimEnd());
    assert.match(got.html, /Hola, Ana &lt;Coordinator&gt;:/);
  });

  it("refuses to work without a configured host", () => {
    assert.throws(
      () =>
        createSmtpMailer({ host: null, port: 587, user: null, password: null, from: "x <x@y>" }),
      /SMTP_HOST/,
    );
  });
});
