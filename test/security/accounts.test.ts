/**
 * Security suite: accounts people manage themselves (invitations and resets by e-mail,
 * single-use and expiring), one password rule for every path, sessions that end when a
 * password or role changes, `user add` all or nothing, the API reference's headers, and
 * the migration of global roles to roles per network. On SQLite and PostgreSQL.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Kysely, Migrator } from "kysely";
import { completeAccountLink, LINK_TTL_MS } from "../../src/app/account-links.ts";
import { createUser } from "../../src/app/create-user.ts";
import { updateUserAccess } from "../../src/app/manage-users.ts";
import { passwordProblem } from "../../src/core/password.ts";
import { MIGRATIONS } from "../../src/db/migrate.ts";
import type { TestApp } from "../../src/http/testing.ts";
import { createSmtpMailer, type Mailer } from "../../src/mail/transport.ts";
import { forEachDialect, testDialects } from "../helpers/db.ts";
import { startTestSmtp, type TestSmtp } from "../helpers/smtp.ts";
import { openPortalApp } from "./portal-app.ts";

const PASSWORD = "a long passphrase for tests";

describe("security: one password rule", () => {
  for (const [pw, problem] of [
    [" ".repeat(10), "blank"],
    [" ".repeat(14), "blank"],
    ["\t\n  \u00a0   \t\n ", "blank"],
    ["elevenchars", "too_short"],
    ["ñandú-pass1", "too_short"],
    ["123qweasdzxc", "common"],
    ["QWERTY123456", "common"],
    ["a long passphrase", null],
  ] as const) {
    test(`${JSON.stringify(pw)}: ${problem ?? "accepted"}`, () => {
      assert.equal(passwordProblem(pw), problem);
    });
  }
});

for (const dialect of testDialects()) {
  describe(`security: accounts [${dialect}]`, () => {
    let t: TestApp;
    let smtp: TestSmtp;
    let mailer: Mailer;
    let now = Date.parse("2024-03-01T12:00:00.000Z");
    const clock = () => new Date(now);
    before(async () => {
      smtp = await startTestSmtp();
      mailer = createSmtpMailer({
        host: smtp.host,
        port: smtp.port,
        user: null,
        password: null,
        from: "workplan <wp@wp.example>",
      });
      t = await openPortalApp(dialect, { clock, mailer, publicUrl: "https://wp.example" });
    });
    after(async () => {
      await t.close();
      mailer.close();
      await smtp.close();
    });

    /** A signed-in portal client. */
    const client = () => {
      const jar = new Map<string, string>();
      const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
      const keep = <R extends { cookies: { name: string; value: string }[] }>(res: R): R => {
        for (const c of res.cookies) jar.set(c.name, c.value);
        return res;
      };
      const get = async (url: string) =>
        keep(await t.app.inject({ url, headers: { cookie: cookie() } }));
      const post = async (from: string, url: string, fields: Record<string, string>) => {
        const page = await get(from);
        const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
        return keep(
          await t.app.inject({
            method: "POST",
            url,
            headers: { cookie: cookie(), "content-type": "application/x-www-form-urlencoded" },
            payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
          }),
        );
      };
      return { get, post, jar };
    };
    const signIn = async (email: string, password: string) => {
      const c = client();
      const res = await c.post("/signin", "/signin", { email, password, next: "/" });
      return { c, status: res.statusCode };
    };
    const linkIn = (to: string) => {
      const mail = [...smtp.messages].reverse().find((m) => m.to.includes(to));
      const url = /https:\/\/wp\.example(\/account\/password\/[\w-]+)\?lang=\w+/.exec(
        mail?.text ?? "",
      );
      return url?.[1] ?? null;
    };

    test("the admin page refuses a blank or short password, as the CLI and API do", async () => {
      await createUser(t.admin, {
        email: "boss@example.org",
        name: "Boss",
        role: "admin",
        password: PASSWORD,
      });
      const { c } = await signIn("boss@example.org", PASSWORD);
      for (const password of [" ".repeat(12), "short", "123qweasdzxc"]) {
        const res = await c.post("/admin/users", "/admin/users", {
          name: "X",
          email: "x@example.org",
          role: "viewer",
          network: "gealc",
          password,
        });
        assert.equal(res.statusCode, 400, password);
      }
      await assert.rejects(
        createUser(t.admin, {
          email: "y@example.org",
          name: "Y",
          role: "viewer",
          password: " ".repeat(10),
        }),
        (e: { code?: string }) => e.code === "invalid_input",
      );
    });

    test("an invitation: mailed, sets the password once, then the link is dead", async () => {
      const { c } = await signIn("boss@example.org", PASSWORD);
      const added = await c.post("/admin/users", "/admin/users", {
        name: "Invited <b>",
        email: "invited@example.org",
        role: "coordinator",
        network: "gealc",
        password: "",
      });
      assert.equal(added.statusCode, 303, added.body);
      const path = linkIn("invited@example.org");
      assert.ok(path, "an invitation was mailed");
      const mail = smtp.messages.at(-1);
      assert.match(mail?.html ?? "", /Invited &lt;b&gt;/);
      const invitee = client();
      const page = await invitee.get(path);
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers["referrer-policy"], "no-referrer");
      const weak = await invitee.post(path, path, { password: "          " });
      assert.equal(weak.statusCode, 400);
      const set = await invitee.post(path, path, { password: "my own long passphrase" });
      assert.equal(set.statusCode, 303);
      assert.equal((await signIn("invited@example.org", "my own long passphrase")).status, 303);
      assert.equal((await invitee.get(path)).statusCode, 404, "used once");
      const again = await invitee.post("/account/reset", path, {
        password: "another long passphrase",
      });
      assert.equal(again.statusCode, 404);
    });

    test("a reset: same answer for unknown addresses, expiring, ends every session", async () => {
      const before = smtp.messages.length;
      const anon = client();
      const unknown = await anon.post("/account/reset", "/account/reset", {
        email: "nobody@example.org",
      });
      assert.equal(unknown.statusCode, 200);
      const known = await anon.post("/account/reset", "/account/reset", {
        email: "invited@example.org",
      });
      assert.equal(known.statusCode, 200);
      assert.equal(
        unknown.body.replace(/_csrf" value="[^"]+"/, ""),
        known.body.replace(/_csrf" value="[^"]+"/, ""),
      );
      assert.equal(smtp.messages.length, before + 1, "one mail, to the known address only");
      const path = linkIn("invited@example.org");
      assert.ok(path);
      const { c: session } = await signIn("invited@example.org", "my own long passphrase");
      assert.equal((await session.get("/gealc/2023")).statusCode, 200);
      now += LINK_TTL_MS.reset + 1;
      assert.equal((await anon.get(path)).statusCode, 404, "expired");
      now += 10 * 60_000;
      await anon.post("/account/reset", "/account/reset", { email: "invited@example.org" });
      const fresh = linkIn("invited@example.org");
      assert.ok(fresh && fresh !== path);
      const set = await anon.post(fresh, fresh, { password: "a brand new passphrase" });
      assert.equal(set.statusCode, 303);
      assert.equal((await session.get("/gealc/2023")).statusCode, 404, "old session ended");
      await assert.rejects(
        completeAccountLink(t.admin, {
          secret: fresh.split("/").at(-1) ?? "",
          password: "yet another passphrase",
        }),
        (e: { code?: string }) => e.code === "not_found",
      );
    });

    test("a role change ends all the user's sessions", async () => {
      const { c } = await signIn("invited@example.org", "a brand new passphrase");
      assert.equal((await c.get("/gealc/2023")).statusCode, 200);
      const user = await t.db
        .selectFrom("users")
        .select(["id", "version"])
        .where("email", "=", "invited@example.org")
        .executeTakeFirstOrThrow();
      await updateUserAccess(t.admin, {
        userId: user.id,
        expectedVersion: user.version,
        roles: { gealc: "viewer" },
      });
      assert.equal((await c.get("/gealc/2023")).statusCode, 404, "signed out: a draft is unseen");
    });

    test("user add is all or nothing: an unknown area leaves no user", async () => {
      await assert.rejects(
        createUser(t.admin, {
          email: "half@example.org",
          name: "Half",
          role: "coordinator",
          areas: [{ network: "gealc", year: 2023, code: "9.9" }],
        }),
        (e: { code?: string }) => e.code === "invalid_input",
      );
      const left = await t.db
        .selectFrom("users")
        .select("id")
        .where("email", "=", "half@example.org")
        .execute();
      assert.deepEqual(left, []);
    });

    test("/api/docs carries the same security headers as every page", async () => {
      for (const url of ["/api/docs", "/api/docs/", "/api/docs/static/index.html"]) {
        const res = await t.app.inject({ url });
        if (res.statusCode >= 300 && res.statusCode < 400) continue;
        assert.equal(res.statusCode, 200, url);
        assert.match(String(res.headers["content-security-policy"]), /frame-ancestors 'none'/, url);
        assert.match(String(res.headers["content-security-policy"]), /default-src 'none'/, url);
        assert.equal(res.headers["x-content-type-options"], "nosniff", url);
        assert.equal(res.headers["x-frame-options"], "DENY", url);
        assert.equal(res.headers["referrer-policy"], "same-origin", url);
      }
    });
  });
}

forEachDialect("security: global roles become roles on every network", (t) => {
  test("0008 gives editors, coordinators and viewers their role on each network", async () => {
    // Back to the schema before roles per network, with global roles and two networks.
    // biome-ignore lint/suspicious/noExplicitAny: the schema as it was
    const db = t.db as unknown as Kysely<any>;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
    const down = await migrator.migrateTo("0007-report-data-as-of");
    assert.equal(down.error, undefined);
    const at = "2024-01-01T00:00:00.000Z";
    const row = (id: string, role: string) => ({
      id,
      email: `${id}@example.org`,
      name: id,
      password_hash: null,
      role,
      disabled_at: null,
      version: 1,
      created_at: at,
      updated_at: at,
    });
    await db
      .insertInto("users")
      .values([
        row("ad", "admin"),
        row("ed", "editor"),
        row("co", "coordinator"),
        row("vi", "viewer"),
      ])
      .execute();
    await db
      .insertInto("networks")
      .values(
        ["n1", "n2"].map((id) => ({
          id,
          slug: id,
          name: id,
          version: 1,
          created_at: at,
          updated_at: at,
        })),
      )
      .execute();
    const up = await migrator.migrateToLatest();
    assert.equal(up.error, undefined);
    const members = await db
      .selectFrom("network_members")
      .select(["user_id", "network_id", "role"])
      .orderBy("user_id")
      .orderBy("network_id")
      .execute();
    assert.deepEqual(
      members.map((m) => `${m.user_id}:${m.network_id}:${m.role}`),
      [
        "co:n1:coordinator",
        "co:n2:coordinator",
        "ed:n1:editor",
        "ed:n2:editor",
        "vi:n1:viewer",
        "vi:n2:viewer",
      ],
    );
    const roles = await db.selectFrom("users").select(["id", "role"]).orderBy("id").execute();
    assert.deepEqual(
      roles.map((r) => `${r.id}:${r.role}`),
      ["ad:admin", "co:member", "ed:member", "vi:member"],
    );
  });
});
