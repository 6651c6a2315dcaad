import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type Actor, can, type Resource } from "./policies.ts";

const N = "gealc";
const draft: Resource = {
  kind: "plan",
  network: N,
  lifecycleStatus: "draft",
  reportStatus: "draft",
};
const approved: Resource = {
  kind: "plan",
  network: N,
  lifecycleStatus: "approved",
  reportStatus: "draft",
};
const published: Resource = {
  kind: "plan",
  network: N,
  lifecycleStatus: "submitted",
  reportStatus: "published",
};
const mine: Resource = { kind: "activity", network: N, areaId: "a1" };
const theirs: Resource = { kind: "activity", network: N, areaId: "a2" };
const otherDraft: Resource = { ...draft, network: "other" } as Resource;

const member = (userId: string, role: Actor["networks"][string], areaIds: string[] = []) => ({
  userId,
  installAdmin: false,
  networks: { [N]: role },
  areaIds,
});
const admin: Actor = { userId: "u1", installAdmin: true, networks: {}, areaIds: [] };
const editor: Actor = member("u2", "editor");
const coordinator: Actor = member("u3", "coordinator", ["a1"]);
const viewer: Actor = member("u4", "viewer");
const netAdmin: Actor = member("u5", "admin");

describe("policies", () => {
  it("anonymous: reads only networks, approved plans and published reports", () => {
    assert.equal(can(null, "read", { kind: "network" }), true);
    assert.equal(can(null, "read", draft), false);
    assert.equal(can(null, "read", approved), true);
    assert.equal(can(null, "read", published), true);
    assert.equal(
      can(null, "read", { kind: "report", network: N, reportStatus: "approved" }),
      false,
    );
    assert.equal(
      can(null, "read", { kind: "report", network: N, reportStatus: "published" }),
      true,
    );
    assert.equal(can(null, "read", mine), false);
    assert.equal(can(null, "edit", approved), false);
    assert.equal(can(null, "create", { kind: "network" }), false);
  });

  it("viewer: reads everything of their network, drafts too, and writes nothing but own tokens", () => {
    assert.equal(can(viewer, "read", draft), true);
    assert.equal(can(viewer, "read", { kind: "report", network: N, reportStatus: "draft" }), true);
    assert.equal(can(viewer, "read", mine), true);
    assert.equal(can(viewer, "edit", mine), false);
    assert.equal(can(viewer, "create", draft), false);
    assert.equal(can(viewer, "create", { kind: "api_token", userId: "u4" }), true);
    assert.equal(can(viewer, "create", { kind: "api_token", userId: "u1" }), false);
    assert.equal(can(viewer, "read", { kind: "user", userId: "u4" }), true);
    assert.equal(can(viewer, "read", { kind: "user", userId: "u1" }), false);
    assert.equal(can(viewer, "read", { kind: "audit_log" }), false);
  });

  it("coordinator: writes only activities, occurrences, sources and annex of their areas", () => {
    assert.equal(can(coordinator, "edit", mine), true);
    assert.equal(can(coordinator, "translate", mine), true);
    assert.equal(can(coordinator, "set_status", mine), true);
    assert.equal(can(coordinator, "edit", theirs), false);
    assert.equal(can(coordinator, "record_occurrence", mine), true);
    assert.equal(can(coordinator, "record_occurrence", theirs), false);
    const source = (citedBy: (string | null)[]): Resource => ({
      kind: "source",
      network: N,
      citedBy,
    });
    assert.equal(can(coordinator, "edit", source(["a1"])), true);
    assert.equal(can(coordinator, "edit", source(["a2", "a1"])), false, "cited elsewhere too");
    assert.equal(can(coordinator, "edit", source(["a1", null])), false, "cited by a paragraph");
    assert.equal(can(coordinator, "edit", source([])), false, "cited by nothing: the editors'");
    assert.equal(can(coordinator, "create", source(["a2", "a1"])), true);
    assert.equal(can(coordinator, "create", source(["a2"])), false);
    const annex = (areaIds: string[]): Resource => ({ kind: "annex_item", network: N, areaIds });
    assert.equal(can(coordinator, "create", annex(["a1"])), true);
    assert.equal(can(coordinator, "create", annex([])), false);
    assert.equal(can(coordinator, "edit", { kind: "area", network: N }), false);
    assert.equal(can(coordinator, "edit", draft), false);
    assert.equal(can(coordinator, "create", draft), false);
    assert.equal(can(coordinator, "approve", draft), false);
    assert.equal(can(coordinator, "read", draft), true);
    assert.equal(can(coordinator, "manage", { kind: "user" }), false);
  });

  it("editor: all plan content, hands plans in, but approves, publishes and manages nothing", () => {
    for (const r of [draft, mine, theirs, { kind: "area", network: N } as Resource]) {
      assert.equal(can(editor, "edit", r), true);
      assert.equal(can(editor, "create", r), true);
    }
    assert.equal(can(editor, "edit", { kind: "source", network: N, citedBy: [] }), true);
    assert.equal(can(editor, "submit", draft), true);
    assert.equal(can(editor, "approve", draft), false);
    assert.equal(can(editor, "publish", approved), false);
    assert.equal(can(editor, "manage", { kind: "members", network: N }), false);
    assert.equal(can(editor, "manage", { kind: "user" }), false);
    assert.equal(can(editor, "read", { kind: "user" }), false);
    assert.equal(can(editor, "read", { kind: "audit_log" }), false);
    assert.equal(can(editor, "delete", { kind: "api_token", userId: "u1" }), false);
  });

  it("network admin: everything in their network, its members too, nothing elsewhere", () => {
    assert.equal(can(netAdmin, "approve", draft), true);
    assert.equal(can(netAdmin, "publish", approved), true);
    assert.equal(can(netAdmin, "manage", { kind: "members", network: N }), true);
    assert.equal(can(netAdmin, "manage", { kind: "members", network: "other" }), false);
    assert.equal(can(netAdmin, "manage", { kind: "user" }), false);
    assert.equal(can(netAdmin, "read", otherDraft), false);
  });

  it("roles are per network: no role there is the public's view", () => {
    for (const a of [editor, coordinator, viewer, netAdmin]) {
      assert.equal(can(a, "read", otherDraft), false);
      assert.equal(
        can(a, "read", { ...otherDraft, lifecycleStatus: "approved" } as Resource),
        true,
      );
      assert.equal(can(a, "edit", { kind: "area", network: "other" }), false);
      assert.equal(can(a, "edit", { kind: "activity", network: "other", areaId: "a1" }), false);
      assert.equal(can(a, "create", { kind: "network" }), false);
    }
  });

  it("install admin: everything, users included", () => {
    assert.equal(can(admin, "manage", { kind: "user" }), true);
    assert.equal(can(admin, "manage", { kind: "user", userId: "u9" }), true);
    assert.equal(can(admin, "read", { kind: "audit_log" }), true);
    assert.equal(can(admin, "delete", { kind: "api_token", userId: "u9" }), true);
    assert.equal(can(admin, "edit", theirs), true);
    assert.equal(can(admin, "read", otherDraft), true);
    assert.equal(can(admin, "create", { kind: "network" }), true);
  });
});
