import assert from "node:assert/strict";
import { it } from "node:test";
import { forEachDialect } from "../../test/helpers/db.ts";
import { insertAudit, listAudit } from "./audit.repository.ts";
import {
  deleteExpiredSessions,
  deleteSession,
  deleteUserSessions,
  extendSession,
  findLiveSession,
  insertSession,
} from "./session.repository.ts";
import {
  findActiveApiToken,
  findApiToken,
  insertApiToken,
  listApiTokens,
  revokeApiToken,
  touchApiToken,
} from "./token.repository.ts";
import {
  findUserByEmail,
  findUserById,
  findUserCredentials,
  insertUser,
  listUsers,
  updateUser,
} from "./user.repository.ts";

const T0 = "2024-01-01T00:00:00.000Z";
const T1 = "2024-01-02T00:00:00.000Z";
const T2 = "2024-01-03T00:00:00.000Z";
type Coded = { code?: string };

forEachDialect("users, tokens, sessions, audit repositories", (t) => {
  let userId = "";

  it("inserts and finds users, e-mail case-insensitively", async () => {
    const u = await insertUser(
      t.db,
      { email: " Ana@Example.org", name: "Ana", role: "member", passwordHash: "h" },
      T0,
    );
    userId = u.id;
    assert.equal(u.email, "ana@example.org");
    assert.deepEqual(await findUserById(t.db, u.id), u);
    assert.deepEqual(await findUserByEmail(t.db, "ANA@example.org"), u);
    assert.deepEqual(await findUserCredentials(t.db, "ana@example.org"), {
      user: u,
      passwordHash: "h",
    });
    assert.equal(await findUserById(t.db, "nope"), null);
    await assert.rejects(
      insertUser(
        t.db,
        { email: "ana@example.org", name: "Again", role: "member", passwordHash: null },
        T0,
      ),
    );
    await insertUser(
      t.db,
      { email: "bo@example.org", name: "Bo", role: "member", passwordHash: null },
      T0,
    );
    assert.deepEqual(
      (await listUsers(t.db)).map((x) => x.name),
      ["Ana", "Bo"],
    );
  });

  it("updates users only at the expected version", async () => {
    assert.equal(await updateUser(t.db, userId, 1, { role: "admin", name: "Ana M." }, T1), 2);
    await assert.rejects(
      updateUser(t.db, userId, 1, { name: "Late" }, T1),
      (e: Coded) => e.code === "precondition_failed",
    );
    await assert.rejects(
      updateUser(t.db, "nope", 1, { name: "X" }, T1),
      (e: Coded) => e.code === "not_found",
    );
    const u = await findUserById(t.db, userId);
    assert.equal(u?.name, "Ana M.");
    assert.equal(u?.role, "admin");
    assert.equal(u?.version, 2);
    assert.equal(u?.updatedAt, T1);
  });

  it("stores tokens by hash, touches and revokes them", async () => {
    const tok = await insertApiToken(
      t.db,
      { userId, name: "ci", prefix: "wp_abcdef", hash: "h1" },
      T0,
    );
    assert.deepEqual(await findActiveApiToken(t.db, "h1"), tok);
    assert.equal(await findActiveApiToken(t.db, "h2"), null);
    await touchApiToken(t.db, tok.id, T1);
    assert.equal((await findApiToken(t.db, tok.id))?.lastUsedAt, T1);
    assert.equal(await revokeApiToken(t.db, tok.id, T2), true);
    assert.equal(await revokeApiToken(t.db, tok.id, T2), false);
    assert.equal(await findActiveApiToken(t.db, "h1"), null);
    const [listed] = await listApiTokens(t.db, userId);
    assert.equal(listed?.revokedAt, T2);
    await assert.rejects(
      insertApiToken(t.db, { userId, name: "dup", prefix: "p", hash: "h1" }, T0),
    );
  });

  it("keeps sessions until they expire", async () => {
    await insertSession(t.db, {
      idHash: "s1",
      userId,
      csrfSecret: "c",
      createdAt: T0,
      expiresAt: T1,
    });
    await insertSession(t.db, {
      idHash: "s2",
      userId,
      csrfSecret: "d",
      createdAt: T0,
      expiresAt: T2,
    });
    assert.equal((await findLiveSession(t.db, "s1", T0))?.csrfSecret, "c");
    assert.equal(await findLiveSession(t.db, "s1", T1), null);
    await extendSession(t.db, "s1", T2);
    assert.equal((await findLiveSession(t.db, "s1", T1))?.expiresAt, T2);
    await deleteSession(t.db, "s1");
    assert.equal(await findLiveSession(t.db, "s1", T0), null);
    assert.equal(await deleteExpiredSessions(t.db, T2), 1);
    await insertSession(t.db, {
      idHash: "s3",
      userId,
      csrfSecret: "e",
      createdAt: T0,
      expiresAt: T2,
    });
    await deleteUserSessions(t.db, userId);
    assert.equal(await findLiveSession(t.db, "s3", T0), null);
  });

  it("appends audit entries and lists them newest first", async () => {
    await insertAudit(t.db, {
      at: T0,
      actorId: userId,
      action: "x.create",
      entityKind: "x",
      entityId: "1",
      before: null,
      after: { a: [1, "é"] },
    });
    await insertAudit(t.db, {
      at: T0,
      actorId: null,
      action: "x.update",
      entityKind: "x",
      entityId: "1",
      before: { a: 1 },
      after: { a: 2 },
    });
    await insertAudit(t.db, {
      at: T1,
      actorId: null,
      action: "y.create",
      entityKind: "y",
      entityId: "2",
      before: null,
      after: null,
    });
    const xs = await listAudit(t.db, { entityKind: "x", entityId: "1" });
    assert.deepEqual(
      xs.map((e) => e.action),
      ["x.update", "x.create"],
    );
    assert.deepEqual(xs[1]?.after, { a: [1, "é"] });
    assert.equal(xs[1]?.actorId, userId);
    assert.deepEqual(
      (await listAudit(t.db, { actorId: userId })).map((e) => e.action),
      ["x.create"],
    );
    assert.equal((await listAudit(t.db, { limit: 1 }))[0]?.action, "y.create");
  });
});
