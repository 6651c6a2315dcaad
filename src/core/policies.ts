/**
 * Who may do what. Pure: the caller describes the actor and the resource (with the facts
 * a decision needs, e.g. a plan's statuses or an activity's area), and `can` answers.
 */

export const ROLES = ["admin", "editor", "coordinator", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const LIFECYCLE_STATUSES = ["draft", "submitted", "approved"] as const;
export type LifecycleStatus = (typeof LIFECYCLE_STATUSES)[number];

export const REPORT_STATUSES = ["draft", "approved", "published"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** A signed-in user (or token holder). `areaIds`: the areas a coordinator coordinates. */
export type Actor = {
  userId: string;
  role: Role;
  areaIds: readonly string[];
};

export const ACTIONS = ["read", "create", "update", "delete"] as const;
export type Action = (typeof ACTIONS)[number];

export type Resource =
  | { kind: "network" }
  /** A plan and its document. */
  | { kind: "plan"; lifecycleStatus: LifecycleStatus; reportStatus: ReportStatus }
  /** A plan's execution report: statuses, occurrences, the annex. */
  | { kind: "report"; reportStatus: ReportStatus }
  | { kind: "area" }
  /** `areaId`: the area the activity (or the occurrence's activity) belongs to. */
  | { kind: "activity" | "occurrence"; areaId: string }
  /** `areaIds`: the areas the thing serves (sources: areas citing it; annex: the plan's areas). */
  | { kind: "source" | "annex_item"; areaIds: readonly string[] }
  | { kind: "user"; userId?: string }
  | { kind: "api_token"; userId: string }
  | { kind: "audit_log" };

/** Whether a plan's document may be shown to anyone, signed in or not. */
export function isPublic(plan: {
  lifecycleStatus: LifecycleStatus;
  reportStatus: ReportStatus;
}): boolean {
  return plan.lifecycleStatus === "approved" || plan.reportStatus === "published";
}

/** True when `actor` (null: anonymous) may do `action` on `resource`. */
export function can(actor: Actor | null, action: Action, resource: Resource): boolean {
  if (actor === null) {
    if (action !== "read") return false;
    if (resource.kind === "network") return true;
    if (resource.kind === "plan") return isPublic(resource);
    if (resource.kind === "report") return resource.reportStatus === "published";
    return false;
  }
  if (actor.role === "admin") return true;
  switch (resource.kind) {
    case "user":
      // Everyone may see themselves; only admins manage users.
      return action === "read" && resource.userId === actor.userId;
    case "api_token":
      return resource.userId === actor.userId;
    case "audit_log":
      return false;
    default:
      break;
  }
  if (action === "read") return true;
  switch (actor.role) {
    case "editor":
      return true;
    case "coordinator":
      return coordinates(actor, resource);
    default:
      return false;
  }
}

function coordinates(actor: Actor, resource: Resource): boolean {
  switch (resource.kind) {
    case "activity":
    case "occurrence":
      return actor.areaIds.includes(resource.areaId);
    case "source":
    case "annex_item":
      return resource.areaIds.some((a) => actor.areaIds.includes(a));
    default:
      return false;
  }
}
