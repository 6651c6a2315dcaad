import assert from "node:assert/strict";
import { it } from "node:test";
import { editor, forEachDialect, testDeps, viewer } from "../../test/helpers/db.ts";
import { smallPlan } from "../../test/helpers/plans.ts";
import type { Actor } from "../core/policies.ts";
import { listAudit } from "../db/audit.repository.ts";
import { findUserCredentials } from "../db/user.repository.ts";
import { authenticateToken } from "./authenticate-token.ts";
import { createApiToken } from "./create-api-token.ts";
import { createFirstAdmin, createUser } from "./create-user.ts";
import { verifyPassword } from "./credentials.ts";
import { importReport } from "./import-report.ts";
import { revokeApiToken } from "./revoke-api-token.ts";
import { setCoordinatorAreas } from "./set-coordinator-areas.ts";
import { setStatus } from "./set-status.ts";

type Coded = { code?: string; details?: { path?: string }[] };
const rejects = (p: Promise<unknown>, code: string, path?: string) =>
  assert.rejects(
    p,
    (e: Coded) => e.code === code && (path === undefined || e.details?.[0]?.path === path),
  );

forEachDialect("users and API tokens", (t) => {
  const as = (actor: Actor | null) => testDeps(t.db, actor);
  let firstAdmin: Actor;
  let coordinatorId = "";

  it("creates the first admin once, then only admins add users", async () => {
    const u = await createFirstAdmin(as(null), {
      email: "root@example.org",
      name: "Root",
      password: "a long password",
    });
    firstAdmin = { userId: u.id, installAdmin: true, networks: {}, areaIds: [] };
    await importReport(as(firstAdmin), { document: smallPlan() });
    await rejects(createFirstAdmin(as(null), { email: "x@example.org", name: "X" }), "conflict");
    const creds = await findUserCredentials(t.db, "root@example.org");
    assert.ok(creds?.passwordHash?.startsWith("$argon2id$"));
    assert.equal(await verifyPassword(creds?.passwordHash ?? "", "a long password"), true);
    assert.equal(await verifyPassword(creds?.passwordHash ?? "", "wrong"), false);
    const c = await createUser(as(firstAdmin), {
      email: "Coord@Example.org",
      name: "Coord",
      role: "coordinator",
    });
    coordinatorId = c.id;
    assert.equal(c.email, "coord@example.org");
    await rejects(
      createUser(as(firstAdmin), { email: "coord@example.org", name: "Again", role: "viewer" }),
      "conflict",
      "email",
    );
    await rejects(
      createUser(as(firstAdmin), { email: "not-an-email", name: "N", role: "viewer" }),
      "invalid_input",
      "email",
    );
    await rejects(
      createUser(as(firstAdmin), {
        email: "s@example.org",
        name: "S",
        role: "viewer",
        password: "short",
      }),
      "invalid_input",
      "password",
    );
    await rejects(
      createUser(as(editor), { email: "e@example.org", name: "E", role: "viewer" }),
      "forbidden",
    );
    await rejects(
      createUser(as(null), { email: "e@example.org", name: "E", role: "viewer" }),
      "unauthenticated",
    );
  });

  it("makes tokens shown once, stored as a hash, that authenticate as their user", async () => {
    const { token, record } = await createApiToken(as(firstAdmin), {
      userId: coordinatorId,
      name: "sync",
    });
    assert.match(token, /^wp_[A-Za-z0-9_-]{43}$/);
    assert.equal(record.prefix, token.slice(0, 9));
    const row = await t.db
      .selectFrom("api_tokens")
      .selectAll()
      .where("id", "=", record.id)
      .executeTakeFirstOrThrow();
    assert.notEqual(row.hash, token);
    assert.equal(row.hash.length, 64);
    const got = await authenticateToken(as(null), { token });
    const coordinator: Actor = {
      userId: coordinatorId,
      installAdmin: false,
      networks: { gealc: "coordinator" },
      areaIds: [],
    };
    assert.deepEqual(got.actor, coordinator);
    assert.equal(got.tokenId, record.id);
    await rejects(authenticateToken(as(null), { token: `${token}x` }), "unauthenticated");
    await rejects(authenticateToken(as(null), { token: "Bearer nonsense" }), "unauthenticated");
    await rejects(
      createApiToken(as(coordinator), { userId: firstAdmin.userId, name: "steal" }),
      "forbidden",
    );
    const own = await createApiToken(as(coordinator), { name: "mine" });
    await revokeApiToken(as(coordinator), { id: own.record.id });
    await rejects(authenticateToken(as(null), { token: own.token }), "unauthenticated");
    await rejects(revokeApiToken(as(viewer), { id: record.id }), "forbidden");
  });

  it("gives coordinators areas, which their token's actor then carries", async () => {
    await rejects(
      setCoordinatorAreas(as(firstAdmin), {
        userId: coordinatorId,
        areas: [{ network: "gealc", year: 2023, code: "9.9" }],
      }),
      "invalid_input",
      "areas.0.code",
    );
    await rejects(
      setCoordinatorAreas(as(editor), { userId: coordinatorId, areas: [] }),
      "forbidden",
    );
    const { areaIds } = await setCoordinatorAreas(as(firstAdmin), {
      userId: coordinatorId,
      areas: [{ network: "gealc", year: 2023, code: "3.2" }],
    });
    assert.equal(areaIds.length, 1);
    const { token } = await createApiToken(as(firstAdmin), { userId: coordinatorId, name: "t2" });
    const { actor } = await authenticateToken(as(null), { token });
    assert.deepEqual(actor.areaIds, areaIds);
    const ref = {
      network: "gealc",
      year: 2023,
      expectedVersion: 1,
      status: { code: "executed" as const },
    };
    await setStatus(as(actor), { ...ref, code: "3.2.2" });
    await rejects(setStatus(as(actor), { ...ref, code: "3.1.1" }), "forbidden");
  });

  it("audits user and token changes, never the secrets", async () => {
    const entries = await listAudit(t.db, { limit: 100 });
    const kinds = new Set(entries.map((e) => e.action));
    for (const a of ["user.create", "api_token.create", "api_token.revoke", "user.set_areas"]) {
      assert.ok(kinds.has(a), a);
    }
    const text = JSON.stringify(entries);
    assert.ok(!text.includes("argon2"), "no password hash in the audit trail");
    const tokens = await t.db.selectFrom("api_tokens").select("hash").execute();
    for (const { hash } of tokens)
      assert.ok(!text.includes(hash), "no token hash in the audit trail");
  });
});
