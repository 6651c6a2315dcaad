import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type Actor, can, type Resource } from "./policies.ts";

const draft: Resource = { kind: "plan", lifecycleStatus: "draft", reportStatus: "draft" };
const approved: Resource = { kind: "plan", lifecycleStatus: "approved", reportStatus: "draft" };
const published: Resource = {
  kind: "plan",
  lifecycleStatus: "submitted",
  reportStatus: "published",
};
const mine: Resource = { kind: "activity", areaId: "a1" };
const theirs: Resource = { kind: "activity", areaId: "a2" };

const admin: Actor = { userId: "u1", role: "admin", areaIds: [] };
const editor: Actor = { userId: "u2", role: "editor", areaIds: [] };
const coordinator: Actor = { userId: "u3", role: "coordinator", areaIds: ["a1"] };
const viewer: Actor = { userId: "u4", role: "viewer", areaIds: [] };

describe("policies", () => {
  it("anonymous: reads only networks, approved plans and published reports", () => {
    assert.equal(can(null, "read", { kind: "network" }), true);
    assert.equal(can(null, "read", draft), false);
    assert.equal(can(null, "read", approved), true);
    assert.equal(can(null, "read", published), true);
    assert.equal(can(null, "read", { kind: "report", reportStatus: "approved" }), false);
    assert.equal(can(null, "read", { kind: "report", reportStatus: "published" }), true);
    assert.equal(can(null, "read", mine), false);
    assert.equal(can(null, "update", approved), false);
    assert.equal(can(null, "create", { kind: "network" }), false);
  });

  it("viewer: reads everything, drafts too, and writes nothing but own tokens", () => {
    assert.equal(can(viewer, "read", draft), true);
    assert.equal(can(viewer, "read", { kind: "report", reportStatus: "draft" }), true);
    assert.equal(can(viewer, "read", mine), true);
    assert.equal(can(viewer, "update", mine), false);
    assert.equal(can(viewer, "create", draft), false);
    assert.equal(can(viewer, "create", { kind: "api_token", userId: "u4" }), true);
    assert.equal(can(viewer, "create", { kind: "api_token", userId: "u1" }), false);
    assert.equal(can(viewer, "read", { kind: "user", userId: "u4" }), true);
    assert.equal(can(viewer, "read", { kind: "user", userId: "u1" }), false);
    assert.equal(can(viewer, "read", { kind: "audit_log" }), false);
  });

  it("coordinator: writes only activities, occurrences, sources and annex of their areas", () => {
    assert.equal(can(coordinator, "update", mine), true);
    assert.equal(can(coordinator, "update", theirs), false);
    assert.equal(can(coordinator, "create", { kind: "occurrence", areaId: "a1" }), true);
    assert.equal(can(coordinator, "create", { kind: "occurrence", areaId: "a2" }), false);
    assert.equal(can(coordinator, "update", { kind: "source", areaIds: ["a2", "a1"] }), true);
    assert.equal(can(coordinator, "update", { kind: "source", areaIds: ["a2"] }), false);
    assert.equal(can(coordinator, "create", { kind: "annex_item", areaIds: ["a1"] }), true);
    assert.equal(can(coordinator, "create", { kind: "annex_item", areaIds: [] }), false);
    assert.equal(can(coordinator, "update", { kind: "area" }), false);
    assert.equal(can(coordinator, "update", draft), false);
    assert.equal(can(coordinator, "create", draft), false);
    assert.equal(can(coordinator, "read", draft), true);
    assert.equal(can(coordinator, "create", { kind: "user" }), false);
  });

  it("editor: all plan content, but no users or audit trail", () => {
    for (const r of [
      draft,
      mine,
      theirs,
      { kind: "area" } as Resource,
      { kind: "network" } as Resource,
    ]) {
      assert.equal(can(editor, "update", r), true);
      assert.equal(can(editor, "create", r), true);
    }
    assert.equal(can(editor, "update", { kind: "source", areaIds: [] }), true);
    assert.equal(can(editor, "create", { kind: "user" }), false);
    assert.equal(can(editor, "read", { kind: "user" }), false);
    assert.equal(can(editor, "read", { kind: "audit_log" }), false);
    assert.equal(can(editor, "delete", { kind: "api_token", userId: "u1" }), false);
  });

  it("admin: everything, users included", () => {
    assert.equal(can(admin, "create", { kind: "user" }), true);
    assert.equal(can(admin, "update", { kind: "user", userId: "u9" }), true);
    assert.equal(can(admin, "read", { kind: "audit_log" }), true);
    assert.equal(can(admin, "delete", { kind: "api_token", userId: "u9" }), true);
    assert.equal(can(admin, "update", theirs), true);
  });
});
